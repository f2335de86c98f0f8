/**
 * Prepares the incremental update that adds one signature (or document timestamp) field, with a
 * fixed-width /ByteRange and a zero-filled /Contents placeholder (ISO 32000-1 §12.8.1, ETSI EN 319 142-1),
 * then embeds the CMS into the placeholder.
 */
import { KysoError } from '@kyso/shared';
import {
  type AppearanceSpec,
  emptyAppearance,
  type SignatureAppearance,
  type TextLine,
  writeAppearances,
} from './appearance';
import { ParsedPdf, type PdfDocument } from './document';
import { addAnnotations, addFormFields, checkFieldName, uniqueFieldName, usedFieldNames } from './form';
import { type PdfRect, toPageRect } from './geometry';
import { PdfArray, PdfDict, PdfName, type PdfObject, type PdfRef, PdfString } from './objects';
import type { PageNode } from './pages';
import { IncrementalWriter } from './writer';

export interface SignatureUpdateOptions {
  pageIndex: number;
  /** From the bottom-left of the page's visible area (CropBox, as displayed after /Rotate). Absent: invisible. */
  rect?: PdfRect;
  appearance?: SignatureAppearance;
  fieldName?: string;
  signingTime: Date;
  reason?: string;
  location?: string;
  name?: string;
  /** Bytes reserved for the DER CMS. */
  contentsBytes: number;
  extraWidgets?: { rect: PdfRect; lines: TextLine[]; pageIndex: number }[];
  subFilter?: 'ETSI.CAdES.detached' | 'ETSI.RFC3161';
}

export interface PreparedUpdate {
  /** Bytes appended after the original: the full file is original ++ update. */
  update: Uint8Array;
  /** Offsets in the full file. */
  byteRange: [number, number, number, number];
  /** Offset in the full file of the first hex digit after '<'. */
  contentsStart: number;
  contentsHexLength: number;
}

const BYTE_RANGE_PLACEHOLDER = '[0 ********** ********** **********]';
const FONT_RESOURCE = 'KysoF1';
/** Print + Locked (Table 165): shown on paper, not movable by the reader. */
const WIDGET_FLAGS = 132;
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** Builds the update. Throws PDF_CERTIFIED_NO_CHANGES under DocMDP P=1, PAGE_OUT_OF_RANGE, IMAGE_INVALID. */
export async function prepareSignatureUpdate(
  doc: PdfDocument,
  original: Uint8Array,
  options: SignatureUpdateOptions,
): Promise<PreparedUpdate> {
  if (!(doc instanceof ParsedPdf) || doc.reader.bytes.length !== original.length) {
    throw new KysoError('INVALID_ARGUMENT', { reason: 'document and original bytes do not match' });
  }
  const isTimestamp = options.subFilter === 'ETSI.RFC3161';
  // §12.8.2.2.2 Table 254: P=1 forbids any change; a document timestamp (PAdES LTV) is still allowed.
  if (!isTimestamp && doc.docMdpPermission() === 1) throw new KysoError('PDF_CERTIFIED_NO_CHANGES');
  if (!Number.isInteger(options.contentsBytes) || options.contentsBytes <= 0) {
    throw new KysoError('INVALID_ARGUMENT', { reason: 'contentsBytes must be a positive integer' });
  }
  const reader = doc.reader;
  const page = doc.pageNode(options.pageIndex);
  const extras = (options.extraWidgets ?? []).map((w) => ({ ...w, page: doc.pageNode(w.pageIndex) }));
  const used = usedFieldNames(reader);
  const fieldName = options.fieldName ? checkFieldName(used, options.fieldName) : uniqueFieldName(used, 'Signature');
  const writer = new IncrementalWriter(reader, original.length);

  const specs: AppearanceSpec[] = extras.map((w) => specFor(w.page, w.rect, { lines: w.lines }));
  if (options.rect) specs.push(specFor(page, options.rect, options.appearance));
  const { forms, font } = specs.length > 0 ? await writeAppearances(specs, writer) : { forms: [], font: undefined };
  const sigAppearance = options.rect ? forms[forms.length - 1]! : writeEmptyAppearance(writer);

  const sigRef = writer.allocate();
  const sigBodyStart = writer.writeObject(sigRef, signatureDictionary(options));
  const widgets = new Map<PageNode, PdfRef[]>();
  const fieldRefs: PdfRef[] = [];
  const addWidget = (node: PageNode, dict: PdfDict): void => {
    const ref = writer.allocate();
    writer.writeObject(ref, dict.set('P', node.ref));
    widgets.set(node, [...(widgets.get(node) ?? []), ref]);
    fieldRefs.push(ref);
  };
  const rect = options.rect ? toPageRect(page.info, options.rect) : [0, 0, 0, 0];
  addWidget(page, signatureWidget(fieldName, sigRef, rect, sigAppearance));
  extras.forEach((w, i) => {
    const name = uniqueFieldName(used, 'KysoText');
    addWidget(w.page, textWidget(name, w.lines, toPageRect(w.page.info, w.rect), forms[i]!));
  });
  for (const [node, refs] of widgets) addAnnotations(reader, writer, node, refs);
  const drFont = font && extras.length > 0 ? { name: FONT_RESOURCE, ref: font } : undefined;
  addFormFields(reader, writer, fieldRefs, drFont);

  const update = writer.finish();
  return patchByteRange(update, original.length, sigBodyStart, options.contentsBytes);
}

function specFor(page: PageNode, rect: PdfRect, appearance: SignatureAppearance | undefined): AppearanceSpec {
  if (!(rect.width > 0 && rect.height > 0)) {
    throw new KysoError('INVALID_ARGUMENT', { reason: 'a visible box needs a positive width and height', rect });
  }
  const spec: AppearanceSpec = { width: rect.width, height: rect.height, rotate: page.info.rotate };
  if (appearance) spec.appearance = appearance;
  return spec;
}

function writeEmptyAppearance(writer: IncrementalWriter): PdfRef {
  const ref = writer.allocate();
  writer.writeObject(ref, emptyAppearance());
  return ref;
}

/** The signature dictionary (Table 252) as text, with fixed-width placeholders; /Contents comes last. */
function signatureDictionary(options: SignatureUpdateOptions): string {
  const isTimestamp = options.subFilter === 'ETSI.RFC3161';
  const dict = new PdfDict([
    ['Type', PdfName.of(isTimestamp ? 'DocTimeStamp' : 'Sig')],
    ['Filter', PdfName.of('Adobe.PPKLite')],
    ['SubFilter', PdfName.of(isTimestamp ? 'ETSI.RFC3161' : 'ETSI.CAdES.detached')],
  ]);
  if (!isTimestamp) dict.set('M', PdfString.latin1(pdfDate(options.signingTime)));
  if (options.name) dict.set('Name', PdfString.text(options.name));
  if (options.reason) dict.set('Reason', PdfString.text(options.reason));
  if (options.location) dict.set('Location', PdfString.text(options.location));
  const head = dict.toString().slice(0, -2);
  return `${head}/ByteRange ${BYTE_RANGE_PLACEHOLDER}/Contents <${'0'.repeat(2 * options.contentsBytes)}>>>`;
}

/** `D:YYYYMMDDHHmmSS+07'00'` in Vietnam time (UTC+7, no daylight saving), §7.9.4. */
export function pdfDate(date: Date): string {
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  const ymd = `${local.getUTCFullYear()}${two(local.getUTCMonth() + 1)}${two(local.getUTCDate())}`;
  const hms = `${two(local.getUTCHours())}${two(local.getUTCMinutes())}${two(local.getUTCSeconds())}`;
  return `D:${ymd}${hms}+07'00'`;
}

/** Merged field + widget (§12.5.6.19, §12.7.4.5). */
function signatureWidget(name: string, sig: PdfRef, rect: number[], appearance: PdfRef): PdfDict {
  return new PdfDict([
    ['Type', PdfName.of('Annot')],
    ['Subtype', PdfName.of('Widget')],
    ['FT', PdfName.of('Sig')],
    ['T', PdfString.text(name)],
    ['V', sig],
    ['F', WIDGET_FLAGS],
    ['Rect', new PdfArray(rect)],
    ['AP', new PdfDict([['N', appearance]])],
  ]);
}

/** A read-only text field (Ff bit 1, Table 221) whose look is fixed by its /AP. */
function textWidget(name: string, lines: TextLine[], rect: number[], appearance: PdfRef): PdfDict {
  const entries: [string, PdfObject][] = [
    ['Type', PdfName.of('Annot')],
    ['Subtype', PdfName.of('Widget')],
    ['FT', PdfName.of('Tx')],
    ['Ff', 1],
    ['T', PdfString.text(name)],
    ['V', PdfString.text(lines.map((l) => l.text).join('\n'))],
    ['DA', PdfString.latin1(`/${FONT_RESOURCE} 0 Tf 0 g`)],
    ['F', WIDGET_FLAGS],
    ['Rect', new PdfArray(rect)],
    ['AP', new PdfDict([['N', appearance]])],
  ];
  return new PdfDict(entries);
}

/** Computes the ByteRange around the /Contents hex string and writes it over the placeholder. */
function patchByteRange(
  update: Uint8Array,
  originalLength: number,
  sigBodyStart: number,
  contentsBytes: number,
): PreparedUpdate {
  const local = sigBodyStart - originalLength;
  const view = Buffer.from(update.buffer, update.byteOffset, update.byteLength);
  const brAt = view.indexOf(`/ByteRange ${BYTE_RANGE_PLACEHOLDER}`, local, 'latin1') + '/ByteRange '.length;
  const ltAt = view.indexOf('/Contents <', local, 'latin1') + '/Contents '.length;
  const hexLength = 2 * contentsBytes;
  const lt = originalLength + ltAt;
  const afterGt = lt + hexLength + 2;
  const total = originalLength + update.length;
  const byteRange: [number, number, number, number] = [0, lt, afterGt, total - afterGt];
  const text = `[${byteRange.join(' ')}]`;
  if (text.length > BYTE_RANGE_PLACEHOLDER.length) throw new KysoError('INTERNAL', { reason: 'file too large' });
  view.write(text.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' '), brAt, 'latin1');
  return { update, byteRange, contentsStart: lt + 1, contentsHexLength: hexLength };
}

/** Writes the DER CMS as hex into the placeholder, in place. PLACEHOLDER_TOO_SMALL when it does not fit. */
export function embedSignature(prepared: PreparedUpdate, originalLength: number, cmsDer: Uint8Array): void {
  const hex = Buffer.from(cmsDer).toString('hex');
  if (hex.length > prepared.contentsHexLength) {
    throw new KysoError('PLACEHOLDER_TOO_SMALL', { reserved: prepared.contentsHexLength / 2, needed: cmsDer.length });
  }
  const start = prepared.contentsStart - originalLength;
  const view = Buffer.from(prepared.update.buffer, prepared.update.byteOffset, prepared.update.byteLength);
  view.write(hex.padEnd(prepared.contentsHexLength, '0'), start, 'latin1');
}
