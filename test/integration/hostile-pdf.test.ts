/**
 * Regression fixtures for parser defects found by fuzzing: each file carries one defect (its name says which)
 * and must be answered with a stable code, quickly and within memory, instead of a loop, a huge allocation, a
 * stack overflow or INTERNAL.
 */
import { KysoError } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPdf } from '../../agent/src/pdf';
import { signDocument, verifyDocument } from '../../agent/src/signing';
import { appearanceFont } from '../fixtures/appearance-font';
import {
  flateBombXref,
  manyPagesManyFields,
  predictorColumnsNegative,
  xrefPrevLoops,
  xrefStmPointsAtOwnTable,
  xrefStreamPdf,
  xrefWidthsZeroHugeIndex,
} from '../fixtures/hostile-pdf';
import { createTestPki, fileKeySigner, type TestPki } from '../fixtures/pki';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof KysoError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('parser defects answer a stable code', () => {
  it('the hand-written base of the xref-stream fixtures opens (the defects are the only difference)', () => {
    expect(openPdf(xrefStreamPdf()).pageCount).toBe(1);
  });

  it.each([-1, 0])('TIFF predictor with /Columns %i is PDF_MALFORMED, not an endless loop', (columns) => {
    expect(codeOf(() => openPdf(predictorColumnsNegative(columns)))).toBe('PDF_MALFORMED');
  });

  it('an xref stream that inflates to 1 GiB is PDF_TOO_COMPLEX before it is inflated', () => {
    const bomb = flateBombXref(1 << 30);
    expect(bomb.length).toBeLessThan(2 << 20);
    const rssBefore = process.memoryUsage().rss;
    expect(codeOf(() => openPdf(bomb))).toBe('PDF_TOO_COMPLEX');
    // The budget for a 1 MB file is 100 MB per stream: nowhere near the gigabyte the stream claims.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(400 << 20);
  });

  it('a bomb below the hard limit still fails the budget derived from a small file', () => {
    // 64 MiB from a ~70 KB file: over the 16 MiB floor that small files get.
    expect(bombBelowHardLimit.length).toBeLessThan(100_000);
    expect(codeOf(() => openPdf(bombBelowHardLimit))).toBe('PDF_TOO_COMPLEX');
  });

  it('xref stream /W [0 0 0] with an /Index of 50 million rows is PDF_MALFORMED before allocating', () => {
    expect(codeOf(() => openPdf(xrefWidthsZeroHugeIndex()))).toBe('PDF_MALFORMED');
  });

  it('/XRefStm pointing at its own table is PDF_MALFORMED, not a stack overflow', () => {
    expect(codeOf(() => openPdf(xrefStmPointsAtOwnTable()))).toBe('PDF_MALFORMED');
  });

  it('a /Prev chain that loops is PDF_MALFORMED', () => {
    expect(codeOf(() => openPdf(xrefPrevLoops()))).toBe('PDF_MALFORMED');
  });

  it('many pages × many fields: every field finds its page through a single index', () => {
    const doc = openPdf(manyPagesManyFields(2000));
    const signatures = doc.signatures();
    expect(signatures).toHaveLength(2000);
    expect(signatures.map((s) => s.pageIndex)).toEqual(Array.from({ length: 2000 }, (_, i) => i));
  });
});

let bombBelowHardLimit: Buffer;
let pki: TestPki;
beforeAll(() => {
  bombBelowHardLimit = flateBombXref(64 << 20);
  pki = createTestPki();
});
afterAll(() => pki?.cleanup());

/** rsaEncryption AlgorithmIdentifier, then the BIT STRING of the key (RFC 5280 §4.1.2.7, RFC 3279 §2.3.1). */
const RSA_SPKI_KEY = '300d06092a864886f70d0101010500038201';

describe('verify with a broken certificate', () => {
  it('reports that signature as invalid and the others as they are, instead of failing the whole verify', async () => {
    const good = pki.issue('good', 'rsa', '/CN=Nguyễn Văn An/O=UBND tỉnh Thanh Hóa');
    const broken = pki.issue('broken', 'rsa', '/CN=Trần Thị Bình');
    const sign = async (document: Uint8Array, who: typeof good) => {
      const signer = fileKeySigner(who.keyPath, who.certDer, 'RSASSA-PKCS1-v1_5', [pki.rootDer]);
      const signed = await signDocument({ document, signer, placement: { invisible: true } }, appearanceFont);
      return Buffer.concat(signed.parts);
    };
    const twice = await sign(await sign(xrefStreamPdf(), good), broken);
    // In the second signature's CMS, the certificate's key becomes an OCTET STRING: the certificate no longer parses.
    const text = twice.toString('latin1');
    const hole = text.lastIndexOf('/Contents <');
    const at = text.toLowerCase().indexOf(RSA_SPKI_KEY, hole);
    expect(at).toBeGreaterThan(hole);
    const keyTag = at + RSA_SPKI_KEY.length - 6;
    const tampered = Buffer.from(twice);
    tampered.write('04', keyTag, 'latin1');
    const result = await verifyDocument(tampered);
    expect(result.valid).toBe(false);
    expect(result.signatures).toHaveLength(2);
    const [first, second] = result.signatures;
    expect(first!.integrity).toBe(true);
    expect(first!.signer).toBe('Nguyễn Văn An');
    expect(second!.integrity).toBe(false);
    expect(second!.error).toBeTruthy();
  });
});
