import { describe, expect, it } from 'vitest';
import { issuanceOf, parseIssuedDate, profileOptionsOf, vietnameseDate, vietnamToday } from './issuance';

describe('the number and date the agent writes', () => {
  it('sends the row number as profileOptions.number for appendices only, beside the seal size', () => {
    expect(profileOptionsOf('appendix', { number: '125/QĐ-UBND' })).toEqual({ number: '125/QĐ-UBND' });
    expect(profileOptionsOf('appendix', { sealMm: 36, number: '7' })).toEqual({ sealMm: 36, number: '7' });
    expect(profileOptionsOf('organization', { sealMm: 36, number: '7' })).toEqual({ sealMm: 36 });
    expect(profileOptionsOf('leader', { number: '7' })).toBeUndefined();
    expect(profileOptionsOf('appendix', {})).toBeUndefined();
  });

  it('writes the issuance for the organisation profile only, dated today in Vietnam', () => {
    expect(issuanceOf('125', 'organization')).toEqual({ number: '125', date: vietnamToday() });
    expect(issuanceOf('125', 'appendix')).toBeUndefined();
    expect(issuanceOf(undefined, 'organization')).toBeUndefined();
    expect(vietnamToday(new Date('2026-11-21T17:00:00Z'))).toBe('2026-11-22');
    expect(vietnamToday(new Date('2026-11-21T16:59:59Z'))).toBe('2026-11-21');
  });

  it('reads the dates VGCA pages pass', () => {
    expect(parseIssuedDate('22/11/2026')).toBe('2026-11-22');
    expect(parseIssuedDate('5/3/2026')).toBe('2026-03-05');
    expect(parseIssuedDate('05-03-2026')).toBe('2026-03-05');
    expect(parseIssuedDate('2026-11-22')).toBe('2026-11-22');
    expect(parseIssuedDate('2026-11-22T10:00:00+07:00')).toBe('2026-11-22');
    expect(parseIssuedDate('22/11/2026 08:30')).toBe('2026-11-22');
    for (const bad of ['', '29/02/2026', '2026/11/22', '11-22', 'hôm nay', '32/01/2026']) {
      expect(parseIssuedDate(bad), bad).toBeUndefined();
    }
    expect(vietnameseDate('2026-03-05')).toBe('05/03/2026');
  });
});
