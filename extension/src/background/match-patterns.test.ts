import { describe, expect, it } from 'vitest';
import { coveredBy } from './match-patterns';

describe('origins the manifest already covers', () => {
  it('treats a pattern without port as every port, and a port as that port only', () => {
    expect(coveredBy('http://127.0.0.1:8080/*', ['http://127.0.0.1/*'])).toBe(true);
    expect(coveredBy('http://127.0.0.1:8080/*', ['http://127.0.0.1:9090/*'])).toBe(false);
    expect(coveredBy('https://127.0.0.1/*', ['http://127.0.0.1/*'])).toBe(false);
    expect(coveredBy('https://qlvb.hue.gov.vn/*', ['https://*.gov.vn/*'])).toBe(true);
    expect(coveredBy('https://gov.vn.evil.example/*', ['https://*.gov.vn/*'])).toBe(false);
    expect(coveredBy('https://qlvb.hue.gov.vn/*', [])).toBe(false);
  });
});
