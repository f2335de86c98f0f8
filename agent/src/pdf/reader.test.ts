import { KysoError } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureDir, makeFixtures } from '../../../test/fixtures/pdf-tools';
import { openPdf } from './index';

let fx: FixtureDir;

beforeAll(() => {
  fx = new FixtureDir();
  makeFixtures(fx);
});

afterAll(() => fx.cleanup());

function errorOf(fn: () => unknown): KysoError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KysoError) return error;
    throw error;
  }
  throw new Error('expected a KysoError');
}

describe('openPdf reads what validators read', () => {
  it('reads the pages of a Ghostscript PDF with a classic xref table', () => {
    const bytes = fx.read('gs-two-pages.pdf');
    const doc = openPdf(bytes);
    expect(doc.size).toBe(bytes.length);
    expect(doc.pageCount).toBe(2);
    expect(doc.xrefKind).toBe('table');
    expect(doc.page(1)).toEqual({
      index: 1,
      mediaBox: [0, 0, 595, 842],
      cropBox: [0, 0, 595, 842],
      rotate: 0,
      width: 595,
      height: 842,
    });
    expect(doc.revisionOffsets).toEqual([bytes.length]);
    expect(doc.signatures()).toEqual([]);
    expect(doc.docMdpPermission()).toBeUndefined();
  });

  it.each([
    ['xref-stream.pdf', 'stream'],
    ['pdf-2.0.pdf', 'stream'],
    ['linearized.pdf', 'table'],
    ['hybrid-xrefstm.pdf', 'table'],
    ['xref-stream-prior-update.pdf', 'stream'],
  ])('follows the xref of %s (last section: %s)', (name, kind) => {
    const doc = openPdf(fx.read(name));
    expect(doc.xrefKind).toBe(kind);
    expect(doc.pageCount).toBe(2);
    expect(doc.page(0).mediaBox).toEqual([0, 0, 595, 842]);
    expect(doc.page(1).rotate).toBe(0);
  });

  it('counts one revision per %%EOF, including an earlier incremental update', () => {
    const original = fx.read('gs-two-pages.pdf');
    const doc = openPdf(fx.read('prior-update.pdf'));
    expect(doc.revisionOffsets).toHaveLength(2);
    expect(doc.revisionOffsets[0]).toBe(original.length);
    expect(doc.pageCount).toBe(2);
  });

  it('reports rotation and the visible size of a rotated page', () => {
    const doc = openPdf(fx.read('rotated-90.pdf'));
    expect(doc.page(0)).toMatchObject({ rotate: 90, width: 842, height: 595 });
    expect(doc.page(1)).toMatchObject({ rotate: 0, width: 595, height: 842 });
    expect(openPdf(fx.read('rotated-270.pdf')).page(0).rotate).toBe(270);
  });

  it('reports a CropBox that does not start at the origin', () => {
    const page = openPdf(fx.read('cropbox-not-at-origin.pdf')).page(0);
    expect(page.mediaBox).toEqual([0, 0, 612, 792]);
    expect(page.cropBox).toEqual([50, 60, 562, 742]);
    expect([page.width, page.height]).toEqual([512, 682]);
  });

  it('reads the DocMDP permission of a certified document', () => {
    expect(openPdf(fx.read('certified-docmdp-p1.pdf')).docMdpPermission()).toBe(1);
    const p2 = openPdf(fx.read('certified-docmdp-p2.pdf'));
    expect(p2.docMdpPermission()).toBe(2);
    expect(p2.signatures()).toMatchObject([{ fieldName: 'Certification', type: 'Sig', pageIndex: 0 }]);
    expect(Buffer.from(p2.signatures()[0]!.contents).toString('hex')).toBe('3003020100');
  });

  it('refuses a page index that is not there', () => {
    const doc = openPdf(fx.read('gs-two-pages.pdf'));
    expect(errorOf(() => doc.page(2)).code).toBe('PAGE_OUT_OF_RANGE');
    expect(errorOf(() => doc.page(-1)).code).toBe('PAGE_OUT_OF_RANGE');
  });
});

describe('openPdf refuses damaged or protected input', () => {
  it('refuses an encrypted PDF', () => {
    expect(errorOf(() => openPdf(fx.read('encrypted-aes256.pdf'))).code).toBe('PDF_ENCRYPTED');
  });

  it.each([
    ['truncated-half.pdf', /startxref|%%EOF/],
    ['random-bytes.pdf', /not a PDF/],
    ['empty.pdf', /empty/],
  ])('refuses %s as malformed, saying why', (name, reason) => {
    const error = errorOf(() => openPdf(fx.read(name)));
    expect(error.code).toBe('PDF_MALFORMED');
    expect(String(error.details.reason)).toMatch(reason);
    expect(typeof error.details.offset).toBe('number');
  });

  it('reports the offset when an xref entry does not point at its object', () => {
    const bytes = fx.read('xref-offset-wrong.pdf');
    const error = errorOf(() => openPdf(bytes));
    expect(error.code).toBe('PDF_MALFORMED');
    expect(error.details.offset).toBeGreaterThan(0);
  });

  it('never modifies the input bytes', () => {
    const bytes = fx.read('xref-stream.pdf');
    const copy = Buffer.from(bytes);
    const doc = openPdf(bytes);
    doc.page(1);
    doc.signatures();
    expect(bytes.equals(copy)).toBe(true);
  });
});
