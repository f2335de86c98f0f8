import { vietnamIsoTime } from '@kyso/shared';
import { describe, expect, it } from 'vitest';
import { pdfDateToIso } from './time';

describe('Vietnamese document time', () => {
  it('writes UTC+7 whatever the host zone is, across a date change', () => {
    expect(vietnamIsoTime(new Date('2026-11-22T02:15:30Z'))).toBe('2026-11-22T09:15:30+07:00');
    expect(vietnamIsoTime(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01T00:00:00+07:00');
  });

  it('reads PDF dates back as ISO 8601', () => {
    expect(pdfDateToIso("D:20261122091530+07'00'")).toBe('2026-11-22T09:15:30+07:00');
    expect(pdfDateToIso('D:20261122091530Z')).toBe('2026-11-22T09:15:30Z');
    expect(pdfDateToIso('D:2026')).toBe('2026-01-01T00:00:00Z');
    expect(pdfDateToIso('not a date')).toBe('not a date');
  });
});
