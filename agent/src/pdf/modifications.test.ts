/**
 * Classification of crafted later updates, as pyHanko's default difference policy judges them: each update is
 * written on top of a signed document with the incremental writer, then judged for the earlier signature.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appearanceFont } from '../../../test/fixtures/appearance-font';
import { pdfFromObjects } from '../../../test/fixtures/pdf-tools';
import { openPdf } from './document';
import { appendDss } from './dss';
import { changesAfterRevision } from './modifications';
import { PdfArray, PdfDict, PdfName, PdfRef, PdfStream, PdfString } from './objects';
import { PdfReader } from './reader';
import { embedSignature, prepareSignatureUpdate, type SignatureUpdateOptions } from './signature';
import { IncrementalWriter } from './writer';

/** One page with text, a font, and an empty text field "Note" (merged field and widget), written by hand. */
function formPdf(): Buffer {
  const content = 'BT /F1 12 Tf 72 720 Td (So:      /QD-UBND) Tj ET';
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /AcroForm 7 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /Type /Annot /Subtype /Widget /FT /Tx /T (Note) /Rect [72 600 272 620] /F 4 /P 3 0 R /DA (/Helv 10 Tf 0 g) >>',
    '<< /Fields [6 0 R] /DA (/Helv 0 Tf 0 g) >>',
  ];
  return Buffer.from(pdfFromObjects(objects), 'latin1');
}

/** One page certified with DocMDP P=2 (§12.8.2.2): the certification's byte range ends where the file ends. */
function certifiedPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /Perms << /DocMDP 5 0 R >> /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>',
    '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Certification) /V 5 0 R /Rect [0 0 0 0] /F 132 /P 3 0 R >>',
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0000000000 0000000000 0000000000] /Contents <${'00'.repeat(64)}> /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P 2 /V /1.2 >> >>] >>`,
  ];
  const body = pdfFromObjects(objects);
  const lt = body.indexOf('/Contents <') + '/Contents '.length;
  const gt = lt + 130;
  const range = [lt, gt, body.length - gt].map((n) => String(n).padStart(10, '0')).join(' ');
  return Buffer.from(body.replace('0000000000 0000000000 0000000000', range), 'latin1');
}

const BASE_OPTIONS: SignatureUpdateOptions = {
  pageIndex: 0,
  rect: { x: 300, y: 60, width: 200, height: 60 },
  appearance: { lines: [{ text: 'Ký bởi: Nguyễn Văn An', fontSize: 9 }] },
  signingTime: new Date('2026-12-01T02:00:00Z'),
  contentsBytes: 2048,
  font: appearanceFont,
};

async function signed(original: Buffer, options: Partial<SignatureUpdateOptions> = {}): Promise<Buffer> {
  const prepared = await prepareSignatureUpdate(openPdf(original), original, { ...BASE_OPTIONS, ...options });
  embedSignature(prepared, original.length, Buffer.concat([Buffer.from([0x30, 0x82, 0x03, 0xfc]), randomBytes(1020)]));
  return Buffer.concat([original, prepared.update]);
}

/** The leader's signed document; the first signature's revision ends at `signedEnd`. */
const leader = await signed(formPdf());
const signedEnd = leader.length;

function update(base: Buffer, write: (reader: PdfReader, writer: IncrementalWriter) => void): Buffer {
  const reader = new PdfReader(base);
  const writer = new IncrementalWriter(reader, base.length);
  write(reader, writer);
  return Buffer.concat([base, writer.finish()]);
}

function judge(file: Buffer) {
  return changesAfterRevision(file, signedEnd);
}

const ref = (num: number) => new PdfRef(num, 0);
const page = (reader: PdfReader) => reader.resolveDict(ref(3))!;
const form = (reader: PdfReader) => reader.resolveDict(reader.catalog.get('AcroForm'))!;

function appearance(writer: IncrementalWriter, text: string): PdfRef {
  const ap = writer.allocate();
  const data = Buffer.from(`BT /Helv 10 Tf 2 5 Td (${text}) Tj ET`, 'latin1');
  writer.writeObject(
    ap,
    new PdfStream(
      new PdfDict([
        ['Subtype', PdfName.of('Form')],
        ['BBox', new PdfArray([0, 0, 200, 20])],
      ]),
      data,
    ),
  );
  return ap;
}

function newTextField(reader: PdfReader, writer: IncrementalWriter): void {
  const field = writer.allocate();
  writer.writeObject(
    field,
    new PdfDict([
      ['Type', PdfName.of('Annot')],
      ['Subtype', PdfName.of('Widget')],
      ['FT', PdfName.of('Tx')],
      ['T', PdfString.latin1('KysoText1')],
      ['V', PdfString.latin1('125')],
      ['Rect', new PdfArray([100, 700, 140, 715])],
      ['F', 132],
      ['AP', new PdfDict([['N', appearance(writer, '125')]])],
    ]),
  );
  const annots = reader.resolveArray(page(reader).get('Annots'))!.items;
  writer.writeObject(
    ref(3),
    page(reader)
      .clone()
      .set('Annots', new PdfArray([...annots, field])),
  );
  const fields = reader.resolveArray(form(reader).get('Fields'))!.items;
  writer.writeObject(
    reader.catalog.get('AcroForm') as PdfRef,
    form(reader)
      .clone()
      .set('Fields', new PdfArray([...fields, field])),
  );
}

describe('difference analysis of the updates after a signature', () => {
  it('NONE when nothing follows the signature', () => {
    expect(judge(leader)).toMatchObject({ level: 'NONE', allowed: true });
  });

  it('a second visible signature (field and widget merged) is FORM_FILLING', async () => {
    const result = judge(await signed(leader, { rect: { x: 100, y: 60, width: 150, height: 60 } }));
    expect(result).toMatchObject({ level: 'FORM_FILLING', allowed: true });
    expect(result.reasons.join()).toMatch(/SigField(Creation|Modification)Rule/);
  });

  it('a second signature with several widgets in its /Kids (seal, number, date) is FORM_FILLING', async () => {
    const extraWidgets = [
      { pageIndex: 0, rect: { x: 100, y: 700, width: 30, height: 15 }, lines: [{ text: '125', fontSize: 12 }] },
      { pageIndex: 0, rect: { x: 300, y: 700, width: 20, height: 15 }, lines: [{ text: '05', fontSize: 12 }] },
    ];
    const file = await signed(leader, { extraWidgets });
    const result = judge(file);
    expect(result).toMatchObject({ level: 'FORM_FILLING', allowed: true });
    const reader = new PdfReader(file);
    const fields = reader.resolveArray(form(reader).get('Fields'))!.items;
    expect(fields).toHaveLength(3); // Note, Signature1, Signature2: no text field added
    const kids = reader.resolveArray(reader.resolveDict(fields[2])!.get('Kids'))!.items;
    expect(kids).toHaveLength(3);
    expect(
      openPdf(file)
        .signatures()
        .map((s) => [s.fieldName, s.rect?.x]),
    ).toEqual([
      ['Signature1', 300],
      ['Signature2', 300],
    ]);
  });

  it('an invisible signature is FORM_FILLING, an invisible document time-stamp LTA_UPDATES', async () => {
    expect(judge(await signed(leader, { rect: undefined, appearance: undefined })).level).toBe('FORM_FILLING');
    const stamp = await signed(leader, { rect: undefined, appearance: undefined, subFilter: 'ETSI.RFC3161' });
    expect(judge(stamp).level).toBe('LTA_UPDATES');
  });

  it('a DSS (PAdES LTV) is LTA_UPDATES, also after a second signature', async () => {
    const dss = (base: Buffer) =>
      Buffer.concat([base, appendDss(openPdf(base), base, { certs: [randomBytes(300)], ocsps: [randomBytes(200)] })]);
    expect(judge(dss(leader))).toMatchObject({ level: 'LTA_UPDATES', allowed: true });
    const second = await signed(leader, { rect: { x: 100, y: 60, width: 150, height: 60 } });
    const both = dss(dss(second));
    expect(judge(both).level).toBe('FORM_FILLING');
    expect(changesAfterRevision(both, second.length).level).toBe('LTA_UPDATES');
  });

  it('a new /Info dictionary is LTA_UPDATES', () => {
    const file = update(leader, (reader, writer) => {
      const info = writer.allocate();
      writer.writeObject(info, new PdfDict([['Title', PdfString.latin1('Quyet dinh')]]));
      reader.xref.trailer.set('Info', info); // the writer carries the trailer's keys over
    });
    expect(judge(file).level).toBe('LTA_UPDATES');
  });

  it('filling the existing text field (value and a new appearance) is FORM_FILLING', () => {
    const file = update(leader, (reader, writer) => {
      const field = reader.resolveDict(ref(6))!.clone();
      field.set('V', PdfString.latin1('Da duyet')).set('AP', new PdfDict([['N', appearance(writer, 'Da duyet')]]));
      writer.writeObject(ref(6), field);
    });
    const result = judge(file);
    expect(result).toMatchObject({ level: 'FORM_FILLING', allowed: true });
    expect(result.reasons.join()).toContain('GenericFieldModificationRule');
  });

  it('changing more than the value of an existing field (its /Rect) is OTHER', () => {
    const file = update(leader, (reader, writer) => {
      writer.writeObject(
        ref(6),
        reader
          .resolveDict(ref(6))!
          .clone()
          .set('Rect', new PdfArray([0, 0, 595, 842])),
      );
    });
    expect(judge(file)).toMatchObject({ level: 'OTHER', allowed: false });
    expect(judge(file).reasons.join()).toMatch(/field Note: \/Rect changed/);
  });

  it('a new text field (the old way of writing the number) is OTHER', () => {
    const result = judge(update(leader, newTextField));
    expect(result).toMatchObject({ level: 'OTHER', allowed: false });
    expect(result.reasons.join()).toMatch(/more form fields added than expected.*KysoText1.*SigFieldCreationRule/);
  });

  it('a new text field beside a new signature field is OTHER', async () => {
    const withSignature = await signed(leader, { rect: { x: 100, y: 60, width: 150, height: 60 } });
    const file = update(withSignature, newTextField);
    expect(changesAfterRevision(file, signedEnd).level).toBe('OTHER');
    expect(changesAfterRevision(file, withSignature.length).level).toBe('OTHER');
  });

  it('a new non-widget annotation is OTHER (the default policy does not use ANNOTATIONS)', () => {
    const file = update(leader, (reader, writer) => {
      const note = writer.allocate();
      writer.writeObject(
        note,
        new PdfDict([
          ['Type', PdfName.of('Annot')],
          ['Subtype', PdfName.of('Text')],
          ['Rect', new PdfArray([50, 50, 70, 70])],
          ['Contents', PdfString.latin1('xem lai')],
        ]),
      );
      const annots = reader.resolveArray(page(reader).get('Annots'))!.items;
      writer.writeObject(
        ref(3),
        page(reader)
          .clone()
          .set('Annots', new PdfArray([...annots, note])),
      );
    });
    const result = judge(file);
    expect(result.level).toBe('OTHER');
    expect(result.reasons.join()).toMatch(/object 3 \(\/Page\)/);
  });

  it('changing the page content stream is OTHER, in place or as an added stream', () => {
    const inPlace = update(leader, (_reader, writer) => {
      const data = Buffer.from('BT /F1 12 Tf 72 720 Td (So: 999/QD-UBND) Tj ET', 'latin1');
      writer.writeObject(ref(4), new PdfStream(new PdfDict(), data));
    });
    expect(judge(inPlace).level).toBe('OTHER');
    expect(judge(inPlace).reasons.join()).toContain('object 4');
    const added = update(leader, (reader, writer) => {
      const extra = writer.allocate();
      writer.writeObject(extra, new PdfStream(new PdfDict(), Buffer.from('BT /F1 12 Tf 100 720 Td (999) Tj ET')));
      writer.writeObject(
        ref(3),
        page(reader)
          .clone()
          .set('Contents', new PdfArray([ref(4), extra])),
      );
    });
    expect(judge(added).level).toBe('OTHER');
  });

  it('changing a font the page uses is OTHER', () => {
    const file = update(leader, (_reader, writer) => {
      writer.writeObject(
        ref(5),
        new PdfDict([
          ['Type', PdfName.of('Font')],
          ['Subtype', PdfName.of('Type1')],
          ['BaseFont', PdfName.of('Courier')],
        ]),
      );
    });
    expect(judge(file).level).toBe('OTHER');
  });

  it('deleting a field is OTHER', () => {
    const file = update(leader, (reader, writer) => {
      const fields = reader.resolveArray(form(reader).get('Fields'))!.items.filter((f) => (f as PdfRef).num !== 6);
      writer.writeObject(
        reader.catalog.get('AcroForm') as PdfRef,
        form(reader).clone().set('Fields', new PdfArray(fields)),
      );
    });
    expect(judge(file).level).toBe('OTHER');
    expect(judge(file).reasons.join()).toMatch(/fields Note were deleted/);
  });

  it('replacing the signed signature value or changing /SigFlags is OTHER', () => {
    const signature = openPdf(leader).signatures()[0]!;
    const reader = new PdfReader(leader);
    const fieldRef = reader.resolveArray(form(reader).get('Fields'))!.items[1] as PdfRef;
    const replaced = update(leader, (r, writer) => {
      const sig = writer.allocate();
      writer.writeObject(
        sig,
        new PdfDict([
          ['Type', PdfName.of('Sig')],
          ['ByteRange', new PdfArray(signature.byteRange)],
        ]),
      );
      writer.writeObject(fieldRef, r.resolveDict(fieldRef)!.clone().set('V', sig));
    });
    expect(judge(replaced).level).toBe('OTHER');
    const flags = update(leader, (r, writer) => {
      writer.writeObject(r.catalog.get('AcroForm') as PdfRef, form(r).clone().set('SigFlags', 1));
    });
    expect(judge(flags).reasons.join()).toMatch(/AcroForm: \/SigFlags changed/);
  });

  it('after a certification signature (DocMDP P=2) only invisible signatures are allowed, as pyHanko rules', async () => {
    const certified = certifiedPdf();
    const end = certified.length;
    const visible = await signed(certified, { rect: { x: 100, y: 60, width: 150, height: 60 } });
    expect(changesAfterRevision(visible, end).level).toBe('OTHER');
    expect(changesAfterRevision(visible, end).reasons.join()).toMatch(
      /visible signature field .* after a certification/,
    );
    const invisible = await signed(certified, { rect: undefined, appearance: undefined });
    expect(changesAfterRevision(invisible, end).level).toBe('FORM_FILLING');
  });

  it('freeing an object of the signed revision is OTHER', () => {
    const base = leader.toString('latin1');
    const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(base)![1]);
    const tail = `xref\n0 1\n0000000000 65535 f\r\n5 1\n0000000000 00001 f\r\ntrailer\n<< /Size 40 /Root 1 0 R /Prev ${startxref} >>\nstartxref\n${leader.length}\n%%EOF\n`;
    const file = Buffer.concat([leader, Buffer.from(tail, 'latin1')]);
    expect(judge(file)).toMatchObject({ level: 'OTHER', reasons: ['objects 5 were freed after signing'] });
  });
});
