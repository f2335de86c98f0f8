import { describe, expect, it } from 'vitest';
import { issueDateParts, numberForBlank } from './issuance';

describe('numberForBlank writes only what the printed blank lacks', () => {
  it.each([
    ['125/QĐ-UBND', '/QĐ-UBND', '125', true],
    // Case, spacing and Unicode forms differ between what a portal sends and what the document prints.
    ['125/qđ-ubnd', '/QĐ-UBND', '125', true],
    ['125 / QĐ-UBND', '/QĐ-UBND', '125', true],
    ['125/Q\u0110-UBND'.normalize('NFD'), '/QĐ-UBND'.normalize('NFC'), '125', true],
    ['12/2026/NĐ-CP', '/2026/NĐ-CP', '12', true],
    ['125/QĐ-UBND', '/QĐ-UBND ngày', '125', true],
    // Nothing printed after the blank, or a different symbol: the whole number.
    ['125', '', '125', false],
    ['125/QĐ-UBND', '', '125/QĐ-UBND', false],
    ['125/NQ-HĐND', '/QĐ-UBND', '125/NQ-HĐND', false],
  ])('%s before "%s" → %s', (number, printed, text, stripped) => {
    expect(numberForBlank(number, printed)).toEqual({ text, stripped });
  });

  it('keeps the Appendix I date form', () => {
    expect(issueDateParts('2026-12-01')).toEqual({ day: '01', month: '12', year: '2026' });
  });
});
