import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KysoError } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appearanceFont } from '../../../test/fixtures/appearance-font';
import { FixtureDir, makeFixtures, qpdfFields, qpdfObject, run, wordBoxes } from '../../../test/fixtures/pdf-tools';
import {
  embedSignature,
  openPdf,
  type PdfRect,
  pdfDate,
  prepareSignatureUpdate,
  type SignatureUpdateOptions,
} from './index';

let fx: FixtureDir;

beforeAll(() => {
  fx = new FixtureDir();
  makeFixtures(fx);
});

afterAll(() => fx.cleanup());

const SIGNER = 'Ký bởi: Nguyễn Văn An';
const TIME = 'Thời gian: 2026-11-22T09:15:30+07:00';
const BOX: PdfRect = { x: 300, y: 50, width: 220, height: 60 };
const CONTENTS_BYTES = 4096;

function options(extra: Partial<SignatureUpdateOptions> = {}): SignatureUpdateOptions {
  return {
    pageIndex: 0,
    rect: BOX,
    appearance: {
      lines: [
        { text: SIGNER, fontSize: 10 },
        { text: TIME, fontSize: 10, color: [0, 0, 1] },
      ],
    },
    signingTime: new Date('2026-11-22T02:15:30Z'),
    contentsBytes: CONTENTS_BYTES,
    font: appearanceFont,
    ...extra,
  };
}

/** A stand-in CMS: a DER SEQUENCE header and random content, smaller than the placeholder. */
function dummyDer(length = 3000): Buffer {
  return Buffer.concat([Buffer.from([0x30, 0x82, (length - 4) >> 8, (length - 4) & 0xff]), randomBytes(length - 4)]);
}

interface Signed {
  file: string;
  original: Buffer;
  full: Buffer;
  der: Buffer;
  byteRange: [number, number, number, number];
}

/** Prepares, embeds a dummy CMS, writes the file and checks what must hold for every output. */
async function sign(input: string, output: string, opts: SignatureUpdateOptions): Promise<Signed> {
  const original = fx.read(input);
  const prepared = await prepareSignatureUpdate(openPdf(original), original, opts);
  const der = dummyDer();
  embedSignature(prepared, original.length, der);
  const full = Buffer.concat([original, prepared.update]);
  const file = fx.write(output, full);
  // The original is an exact prefix (earlier signatures stay valid).
  expect(full.subarray(0, original.length).equals(original)).toBe(true);
  expect(() => run('qpdf', ['--check', file])).not.toThrow();
  // The ByteRange covers everything except the <hex> of /Contents.
  const [a, b, c, d] = prepared.byteRange;
  expect([a, c + d]).toEqual([0, full.length]);
  expect(String.fromCharCode(full[b]!, full[c - 1]!)).toBe('<>');
  expect(prepared.contentsStart).toBe(b + 1);
  const hex = full.subarray(b + 1, c - 1).toString('latin1');
  expect(hex).toBe(der.toString('hex').padEnd(2 * CONTENTS_BYTES, '0'));
  return { file, original, full, der, byteRange: prepared.byteRange };
}

function widgetRect(file: string, fieldName: string): { page: number; rect: number[]; flags: number } {
  const field = qpdfFields(file).find((f) => f.fullname === fieldName);
  if (!field) throw new Error(`no field ${fieldName}`);
  const widget = qpdfObject(file, field.annotation.object);
  return { page: field.pageposfrom1, rect: widget['/Rect'] as number[], flags: field.annotation.annotationflags };
}

describe('prepareSignatureUpdate appends a visible signature', () => {
  it.each([
    ['gs-two-pages.pdf', BOX, [300, 50, 520, 110]],
    ['xref-stream.pdf', BOX, [300, 50, 520, 110]],
    ['linearized.pdf', BOX, [300, 50, 520, 110]],
    ['pdf-2.0.pdf', BOX, [300, 50, 520, 110]],
    ['prior-update.pdf', BOX, [300, 50, 520, 110]],
    ['xref-stream-prior-update.pdf', BOX, [300, 50, 520, 110]],
    ['hybrid-xrefstm.pdf', BOX, [300, 50, 520, 110]],
    ['rotated-90.pdf', BOX, [485, 300, 545, 520]],
    ['rotated-180.pdf', BOX, [75, 732, 295, 792]],
    ['rotated-270.pdf', BOX, [50, 322, 110, 542]],
    ['cropbox-not-at-origin.pdf', { x: 200, y: 50, width: 220, height: 60 }, [250, 110, 470, 170]],
    ['cropbox-rotated-90.pdf', { x: 200, y: 50, width: 220, height: 60 }, [452, 260, 512, 480]],
  ])('signs %s with the widget at the page-space rect', async (name, rect, expected) => {
    const signed = await sign(name, `signed-${name}`, options({ rect }));
    const widget = widgetRect(signed.file, 'Signature1');
    expect(widget).toEqual({ page: 1, rect: expected, flags: 132 });
    const text = run('pdftotext', ['-f', '1', '-l', '1', signed.file, '-']);
    expect(text).toContain(SIGNER);
    expect(text).toContain(TIME);
    const reread = openPdf(signed.full);
    expect(reread.xrefKind).toBe(openPdf(signed.original).xrefKind);
    expect(reread.revisionOffsets.at(-1)).toBe(signed.full.length);
    const [sig] = reread.signatures();
    expect(sig).toMatchObject({ fieldName: 'Signature1', byteRange: signed.byteRange, type: 'Sig', pageIndex: 0 });
    expect(sig!.signingTime).toBe("D:20261122091530+07'00'");
    expect(Buffer.from(sig!.contents).equals(signed.der)).toBe(true);
    expect(run('pdfsig', [signed.file])).toContain('Total document signed');
  });

  it.each([
    ['rotated-90.pdf', 842, 595],
    ['rotated-180.pdf', 595, 842],
    ['rotated-270.pdf', 842, 595],
  ])('draws the text upright where the user placed it on %s', async (name, width, height) => {
    const signed = await sign(name, `upright-${name}`, options());
    const words = wordBoxes(signed.file, 1);
    const first = words.find((w) => w.text === 'Ký')!;
    const second = words.find((w) => w.text === 'Thời')!;
    const top = height - (BOX.y + BOX.height);
    // First line starts at the box's top-left padding, the second line is below it, both left aligned.
    expect(Math.abs(first.xMin - (BOX.x + 2))).toBeLessThan(1);
    expect(first.yMin).toBeGreaterThanOrEqual(top);
    expect(first.yMin - top).toBeLessThan(6);
    expect(second.yMin).toBeGreaterThan(first.yMax - 1);
    expect(Math.abs(second.xMin - first.xMin)).toBeLessThan(1);
    expect(first.yMax - first.yMin).toBeLessThan(14);
    // The render has ink inside the box (72 dpi: one pixel per point, y from the top).
    run('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-singlefile', signed.file, fx.path(`render-${name}`)]);
    expect(inkIn(fx.path(`render-${name}.ppm`), width, BOX, height)).toBeGreaterThan(20);
  });

  it('keeps the xref kind: an xref stream after an xref stream, a table after a table', async () => {
    const stream = await sign('xref-stream.pdf', 'kind-stream.pdf', options());
    expect(stream.full.subarray(stream.original.length).toString('latin1')).toMatch(/\/Type\s*\/XRef/);
    const table = await sign('gs-two-pages.pdf', 'kind-table.pdf', options());
    expect(table.full.subarray(table.original.length).toString('latin1')).toMatch(/\nxref\n[\s\S]*trailer\n<</);
  });

  it('embeds a PNG with transparency as an image with an /SMask', async () => {
    const png = readFileSync(fx.path('signature-alpha.png'));
    const signed = await sign('gs-two-pages.pdf', 'image.pdf', options({ appearance: { image: png } }));
    const field = qpdfFields(signed.file).find((f) => f.fullname === 'Signature1')!;
    const ap = (qpdfObject(signed.file, field.annotation.object)['/AP'] as Record<string, string>)['/N']!;
    const form = qpdfObject(signed.file, ap);
    const resources = form['/Resources'] as { '/XObject': Record<string, string> };
    const image = qpdfObject(signed.file, resources['/XObject']['/Im1']!);
    expect(image['/Subtype']).toBe('/Image');
    expect(image['/SMask']).toMatch(/^\d+ 0 R$/);
  });

  it('writes an invisible signature with a zero rect and an /AP', async () => {
    const signed = await sign('gs-two-pages.pdf', 'invisible.pdf', options({ rect: undefined, pageIndex: 1 }));
    const widget = widgetRect(signed.file, 'Signature1');
    expect(widget).toEqual({ page: 2, rect: [0, 0, 0, 0], flags: 132 });
    const field = qpdfFields(signed.file)[0]!;
    expect(qpdfObject(signed.file, field.annotation.object)['/AP']).toBeDefined();
  });

  it('writes document numbers as further widgets of the signature field with their own appearance, not page content', async () => {
    const extraWidgets = [
      {
        pageIndex: 1,
        rect: { x: 400, y: 780, width: 150, height: 30 },
        lines: [{ text: 'Số: 123/QĐ-UBND', fontSize: 10 }],
      },
    ];
    const signed = await sign('gs-two-pages.pdf', 'extras.pdf', options({ extraWidgets }));
    // One signature field whose /Kids are the seal's widget and the number's (ISO 32000-1 §12.7.3.1): no text field.
    const fields = qpdfFields(signed.file);
    expect(fields.map((f) => [f.fullname, f.fieldtype, f.pageposfrom1, f.annotation.annotationflags])).toEqual([
      ['Signature1', '/Sig', 1, 132],
      ['Signature1', '/Sig', 2, 132],
    ]);
    expect(run('pdftotext', ['-f', '2', '-l', '2', signed.file, '-'])).toContain('Số: 123/QĐ-UBND');
    const pageTwo = qpdfObject(
      signed.file,
      JSON.parse(run('qpdf', ['--json', '--json-key=pages', signed.file])).pages[1].object,
    );
    const original = qpdfObject(
      fx.path('gs-two-pages.pdf'),
      JSON.parse(run('qpdf', ['--json', '--json-key=pages', fx.path('gs-two-pages.pdf')])).pages[1].object,
    );
    expect(pageTwo['/Contents']).toEqual(original['/Contents']);
  });

  it('stores reason, location and name as UTF-16 text strings', async () => {
    const signed = await sign(
      'gs-two-pages.pdf',
      'texts.pdf',
      options({ reason: 'Phê duyệt', location: 'Hà Nội', name: 'Nguyễn Văn An' }),
    );
    const field = qpdfFields(signed.file)[0]!;
    const sig = qpdfObject(signed.file, String(qpdfObject(signed.file, field.annotation.object)['/V']));
    expect(sig).toMatchObject({
      '/Reason': 'u:Phê duyệt',
      '/Location': 'u:Hà Nội',
      '/Name': 'u:Nguyễn Văn An',
      '/Filter': '/Adobe.PPKLite',
    });
    expect(sig['/Cert']).toBeUndefined();
  });
});

/** Counts dark pixels of a binary PPM inside a box given from the bottom-left of the visible page. */
function inkIn(ppmFile: string, width: number, box: PdfRect, height: number): number {
  const ppm = readFileSync(ppmFile);
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
  expect([Number(header[1]), Number(header[2])]).toEqual([width, height]);
  let ink = 0;
  for (let y = height - (box.y + box.height); y < height - box.y; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      const p = header[0].length + (y * width + x) * 3;
      if (ppm[p]! + ppm[p + 1]! + ppm[p + 2]! < 600) ink++;
    }
  }
  return ink;
}

describe('incremental updates on signed documents', () => {
  it('adds a second signature without changing a byte of the first', async () => {
    const first = await sign('gs-two-pages.pdf', 'first.pdf', options());
    const second = await sign('first.pdf', 'second.pdf', options({ rect: { x: 50, y: 50, width: 200, height: 50 } }));
    expect(second.original.equals(first.full)).toBe(true);
    const doc = openPdf(second.full);
    expect(doc.signatures().map((s) => s.fieldName)).toEqual(['Signature1', 'Signature2']);
    expect(doc.signatures()[0]!.byteRange).toEqual(first.byteRange);
    expect(doc.revisionOffsets).toEqual([first.original.length, first.full.length, second.full.length]);
    expect(run('pdfsig', [second.file])).toContain('Not total document signed');
  });

  it('starts the update with an end-of-line when the original has none after %%EOF', async () => {
    const bytes = fx.read('gs-two-pages.pdf');
    fx.write('no-final-eol.pdf', bytes.subarray(0, bytes.length - 1));
    expect(bytes.at(-1)).toBe(0x0a);
    const signed = await sign('no-final-eol.pdf', 'no-final-eol-signed.pdf', options());
    expect(signed.full[signed.original.length]).toBe(0x0a);
  });

  it('refuses to sign a document certified with DocMDP P=1', async () => {
    const bytes = fx.read('certified-docmdp-p1.pdf');
    const error = await prepareSignatureUpdate(openPdf(bytes), bytes, options()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KysoError);
    expect((error as KysoError).code).toBe('PDF_CERTIFIED_NO_CHANGES');
  });

  it('signs a document certified with DocMDP P=2 (form filling and signing allowed)', async () => {
    const signed = await sign('certified-docmdp-p2.pdf', 'certified-p2-signed.pdf', options());
    expect(
      openPdf(signed.full)
        .signatures()
        .map((s) => s.fieldName),
    ).toEqual(['Certification', 'Signature1']);
  });

  it('writes a document timestamp as /Type /DocTimeStamp with /SubFilter /ETSI.RFC3161', async () => {
    const signed = await sign(
      'gs-two-pages.pdf',
      'doc-ts.pdf',
      options({ rect: undefined, subFilter: 'ETSI.RFC3161' }),
    );
    expect(openPdf(signed.full).signatures()[0]).toMatchObject({ type: 'DocTimeStamp', subFilter: 'ETSI.RFC3161' });
  });
});

describe('large documents', () => {
  it('prepares a 50 MB document with a small update (reading only what it needs)', async () => {
    // A 50 MB image stream written by hand, then rewritten by qpdf into object streams + an xref stream.
    const data = randomBytes(50 * 1024 * 1024);
    const objects = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im 4 0 R >> >> >>',
      `<< /Type /XObject /Subtype /Image /Width 1024 /Height 17066 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Length ${data.length} >>\nstream\n`,
    ];
    const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n')];
    let at = chunks[0]!.length;
    const offsets = objects.map((obj, i) => {
      const offset = at;
      const last = i === objects.length - 1;
      const part = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n${obj}`), last ? data : Buffer.alloc(0)]);
      const end = Buffer.from(last ? '\nendstream\nendobj\n' : '\nendobj\n');
      chunks.push(part, end);
      at += part.length + end.length;
      return offset;
    });
    const xref = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('');
    chunks.push(
      Buffer.from(
        `xref\n0 5\n0000000000 65535 f\r\n${xref}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`,
      ),
    );
    fx.write('big-raw.pdf', Buffer.concat(chunks));
    run('qpdf', ['--object-streams=generate', fx.path('big-raw.pdf'), fx.path('big.pdf')]);
    const bytes = fx.read('big.pdf');
    expect(bytes.length).toBeGreaterThan(50 * 1024 * 1024);
    const prepared = await prepareSignatureUpdate(openPdf(bytes), bytes, options({ contentsBytes: 16384 }));
    expect(prepared.update.length).toBeLessThan(96 * 1024);
  });
});

describe('errors the caller can act on', () => {
  it('reports reserved and needed bytes when the CMS does not fit', async () => {
    const bytes = fx.read('gs-two-pages.pdf');
    const prepared = await prepareSignatureUpdate(openPdf(bytes), bytes, options({ contentsBytes: 100 }));
    const error = (() => {
      try {
        embedSignature(prepared, bytes.length, dummyDer(300));
      } catch (e) {
        return e as KysoError;
      }
    })();
    expect(error?.code).toBe('PLACEHOLDER_TOO_SMALL');
    expect(error?.details).toEqual({ reserved: 100, needed: 300 });
  });

  it('refuses an image that is not a PNG', async () => {
    const bytes = fx.read('gs-two-pages.pdf');
    const bad = options({ appearance: { image: Buffer.from('not a png at all') } });
    const error = await prepareSignatureUpdate(openPdf(bytes), bytes, bad).catch((e: unknown) => e);
    expect((error as KysoError).code).toBe('IMAGE_INVALID');
  });

  it('refuses a visible box that would draw nothing (no image, no text) instead of writing an empty /AP /N', async () => {
    const bytes = fx.read('gs-two-pages.pdf');
    for (const appearance of [undefined, {}, { lines: [{ text: '', fontSize: 10 }] }]) {
      const error = await prepareSignatureUpdate(openPdf(bytes), bytes, options({ appearance })).catch((e) => e);
      expect((error as KysoError).code).toBe('APPEARANCE_EMPTY');
    }
  });

  it('refuses a page that is not there and a field name already used', async () => {
    const bytes = fx.read('certified-docmdp-p2.pdf');
    const doc = openPdf(bytes);
    const outOfRange = await prepareSignatureUpdate(doc, bytes, options({ pageIndex: 3 })).catch((e: unknown) => e);
    expect((outOfRange as KysoError).code).toBe('PAGE_OUT_OF_RANGE');
    const taken = await prepareSignatureUpdate(doc, bytes, options({ fieldName: 'Certification' })).catch(
      (e: unknown) => e,
    );
    expect((taken as KysoError).code).toBe('INVALID_ARGUMENT');
  });
});

describe('pdfDate', () => {
  it('writes Vietnam time (UTC+7, no daylight saving)', () => {
    expect(pdfDate(new Date('2026-11-22T02:15:30Z'))).toBe("D:20261122091530+07'00'");
    expect(pdfDate(new Date('2026-12-31T20:00:00Z'))).toBe("D:20270101030000+07'00'");
    expect(pdfDate(new Date('2026-07-01T00:00:00Z'))).toBe("D:20260701070000+07'00'");
  });
});
