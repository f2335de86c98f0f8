import { describe, expect, it } from 'vitest';
import { readCookie } from './rows';

describe('reading the CSRF cookie the page can see', () => {
  it('finds the named cookie exactly, URL-decoded', () => {
    const cookies = 'JSESSIONID_HINT=1; X-XSRF-TOKEN-OLD=no; XSRF-TOKEN=a%2Bb%3D; theme=dark';
    expect(readCookie(cookies, 'XSRF-TOKEN')).toBe('a+b=');
    expect(readCookie(cookies, 'TOKEN')).toBeUndefined();
    expect(readCookie('XSRF-TOKEN=', 'XSRF-TOKEN')).toBeUndefined();
    expect(readCookie('XSRF-TOKEN=%E0%A4%A', 'XSRF-TOKEN')).toBe('%E0%A4%A');
  });
});
