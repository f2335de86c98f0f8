import { describe, expect, it } from 'vitest';
import { batchDocumentChoices, jobChoices, parseIssuedDate, profileOptionsOf, vietnamToday } from './issuance';

describe('the number and date the agent writes', () => {
  it('sends the row number as profileOptions.number for appendices only, beside the seal size', () => {
    expect(profileOptionsOf('appendix', { number: '125/QĐ-UBND' })).toEqual({ number: '125/QĐ-UBND' });
    expect(profileOptionsOf('appendix', { sealMm: 36, number: '7' })).toEqual({ sealMm: 36, number: '7' });
    expect(profileOptionsOf('organization', { sealMm: 36, number: '7' })).toEqual({ sealMm: 36 });
    expect(profileOptionsOf('leader', { number: '7' })).toBeUndefined();
    expect(profileOptionsOf('appendix', {})).toBeUndefined();
  });

  it("writes a batch row's number as the issuance for the organisation profile only, dated today in Vietnam", () => {
    const evening = new Date('2026-11-21T18:00:00Z'); // already the 22nd in Vietnam
    expect(batchDocumentChoices(36, 'organization', '125', evening)).toEqual({
      profileOptions: { sealMm: 36 },
      issuance: { number: '125', date: '2026-11-22' },
    });
    expect(batchDocumentChoices(undefined, 'appendix', '125', evening)).toEqual({
      profileOptions: { number: '125' },
      issuance: undefined,
    });
    expect(batchDocumentChoices(undefined, 'organization', undefined).issuance).toBeUndefined();
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
  });
  it("gives the dialog's plan and signature the recipe's seal size, the call's number, and the issuance only for the organisation", () => {
    const job = {
      recipe: { batch: { sealMm: 40 } },
      issuance: { number: '12/QĐ-UBND', date: '2026-11-22' },
      appendixNumber: '12/QĐ-UBND',
    };
    expect(jobChoices(job, 'organization')).toEqual({
      profileOptions: { sealMm: 40 },
      issuance: { number: '12/QĐ-UBND', date: '2026-11-22' },
    });
    expect(jobChoices(job, 'appendix')).toEqual({
      profileOptions: { sealMm: 40, number: '12/QĐ-UBND' },
      issuance: undefined,
    });
    expect(jobChoices({ recipe: {} }, 'leader')).toEqual({ profileOptions: undefined, issuance: undefined });
    // A signature without a profile (plain PAdES) carries neither.
    expect(jobChoices(job, undefined)).toEqual({});
  });
});
