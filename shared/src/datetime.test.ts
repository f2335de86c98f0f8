import { describe, expect, it } from 'vitest';
import { formatVietnamDate, formatVietnamDateTime } from './datetime';

describe('Vietnamese date and time for people', () => {
  it('shows an ISO time in Vietnam time, day first, whatever zone it was written in', () => {
    expect(formatVietnamDateTime('2026-12-01T17:18:43+07:00')).toBe('01/12/2026 17:18');
    expect(formatVietnamDateTime('2026-12-01T10:18:43Z')).toBe('01/12/2026 17:18');
    expect(formatVietnamDateTime('2026-12-31T20:00:00Z', { seconds: true })).toBe('01/01/2027 03:00:00');
  });

  it('shows a day as dd/MM/yyyy; a bare calendar day stays that day', () => {
    expect(formatVietnamDate('2028-11-30')).toBe('30/11/2028');
    expect(formatVietnamDate('2028-11-30T18:00:00Z')).toBe('01/12/2028');
  });

  it('leaves text that is not a time alone', () => {
    expect(formatVietnamDateTime('không rõ')).toBe('không rõ');
  });
});
