/**
 * Leader signatures laid out the way other signing tools write them, for the issuance tests: a signature field
 * whose single widget is a separate annotation (ISO 32000-1 §12.7.3.1; no /Parent, Table 188), and a merged
 * field-widget under a non-terminal parent field ("KyDuyet.LanhDao"). Written by hand with the incremental
 * writer and signed with the real token (a CAdES detached CMS over the byte range), so every validator can check
 * them. Test support only.
 */
import { createHash } from 'node:crypto';
import type { Signer } from '../../agent/src/cms';
import { createDetachedCms } from '../../agent/src/cms';
import { PdfArray, PdfDict, PdfName, type PdfRef, PdfStream, PdfString } from '../../agent/src/pdf/objects';
import { PdfReader } from '../../agent/src/pdf/reader';
import { IncrementalWriter } from '../../agent/src/pdf/writer';

export type ForeignLayout = 'separate-widget' | 'under-parent';

const CONTENTS = 8192;
const PLACEHOLDER = '[0 ********** ********** **********]';

/** A blue stroke, like a scanned handwriting, in a form XObject of the box's size. */
function strokeAppearance(writer: IncrementalWriter, width: number, height: number): PdfRef {
  const ref = writer.allocate();
  const ops = `0 0 1 RG 2 w 4 ${height / 3} m ${width / 3} ${height - 4} ${(2 * width) / 3} 4 ${width - 4} ${height / 2} c S`;
  const dict = new PdfDict([
    ['Type', PdfName.of('XObject')],
    ['Subtype', PdfName.of('Form')],
    ['BBox', new PdfArray([0, 0, width, height])],
  ]);
  writer.writeObject(ref, new PdfStream(dict, Buffer.from(ops, 'latin1')));
  return ref;
}

/** Signs `original` with a visible signature at `rect` (page 1 space) in the given layout. */
export async function signWithLayout(
  original: Buffer,
  layout: ForeignLayout,
  rect: [number, number, number, number],
  signer: Signer,
): Promise<Buffer> {
  const reader = new PdfReader(original);
  const writer = new IncrementalWriter(reader, original.length);
  const pageRef = (reader.resolveDict(reader.catalog.get('Pages'))!.get('Kids') as PdfArray).items[0] as PdfRef;
  const page = reader.resolveDict(pageRef)!;
  const ap = strokeAppearance(writer, rect[2] - rect[0], rect[3] - rect[1]);
  const sig = writer.allocate();
  const sigAt = writer.writeObject(
    sig,
    `<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (D:20261201090000+07'00') /ByteRange ${PLACEHOLDER} /Contents <${'0'.repeat(2 * CONTENTS)}>>>`,
  );
  const widget = new PdfDict([
    ['Type', PdfName.of('Annot')],
    ['Subtype', PdfName.of('Widget')],
    ['Rect', new PdfArray(rect)],
    ['F', 4],
    ['P', pageRef],
    ['AP', new PdfDict([['N', ap]])],
  ]);
  const field = writer.allocate();
  let annot: PdfRef;
  let root: PdfRef;
  if (layout === 'separate-widget') {
    annot = writer.allocate();
    writer.writeObject(annot, widget);
    writer.writeObject(
      field,
      new PdfDict([
        ['FT', PdfName.of('Sig')],
        ['T', PdfString.latin1('LanhDao')],
        ['V', sig],
        ['Kids', new PdfArray([annot])],
      ]),
    );
    root = field;
  } else {
    root = writer.allocate();
    writer.writeObject(
      root,
      new PdfDict([
        ['T', PdfString.latin1('KyDuyet')],
        ['Kids', new PdfArray([field])],
      ]),
    );
    widget.set('FT', PdfName.of('Sig')).set('T', PdfString.latin1('LanhDao')).set('V', sig).set('Parent', root);
    writer.writeObject(field, widget);
    annot = field;
  }
  const annots = reader.resolveArray(page.get('Annots'))?.items ?? [];
  writer.writeObject(pageRef, page.clone().set('Annots', new PdfArray([...annots, annot])));
  const oldForm = reader.resolveDict(reader.catalog.get('AcroForm'));
  const fields = reader.resolveArray(oldForm?.get('Fields'))?.items ?? [];
  const form = (oldForm?.clone() ?? new PdfDict()).set('Fields', new PdfArray([...fields, root])).set('SigFlags', 3);
  const formRef = writer.allocate();
  writer.writeObject(formRef, form);
  writer.writeObject(reader.catalogRef, reader.catalog.clone().set('AcroForm', formRef));
  const file = Buffer.concat([original, writer.finish()]);

  const lt = file.indexOf('/Contents <', sigAt - 0, 'latin1') + '/Contents '.length;
  const gt = lt + 2 * CONTENTS + 2;
  const range: [number, number, number, number] = [0, lt, gt, file.length - gt];
  const brAt = file.indexOf(`/ByteRange ${PLACEHOLDER}`, sigAt, 'latin1') + '/ByteRange '.length;
  file.write(`[${range.join(' ')}]`.padEnd(PLACEHOLDER.length, ' '), brAt, 'latin1');
  const digest = createHash('sha256').update(file.subarray(0, lt)).update(file.subarray(gt)).digest();
  const cms = await createDetachedCms({ contentDigest: new Uint8Array(digest), signer, hash: 'SHA-256' });
  file.write(Buffer.from(cms).toString('hex'), lt + 1, 'latin1');
  return file;
}
