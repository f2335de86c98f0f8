/**
 * Prepares the incremental update that adds one signature (or document timestamp) field, with a
 * fixed-width /ByteRange and a zero-filled /Contents placeholder (ISO 32000-1 §12.8.1, ETSI EN 319 142-1),
 * then embeds the CMS into the placeholder.
 */
import { KysoError } from '@kyso/shared';
import {
  type AppearanceFont,
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
  /** The font text lines are drawn in. */
  font: AppearanceFont;
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
  const { forms } = specs.length > 0 ? await writeAppearances(specs, writer, options.font) : { forms: [] };
  // An invisible document time-stamp carries no appearance (ISO 32000-2 §12.5.5 allows none for a zero /Rect):
  // strict difference analysis then counts it as an LTA update, not form filling.
  const sigAppearance = options.rect
    ? forms[forms.length - 1]!
    : isTimestamp
      ? undefined
      : writeEmptyAppearance(writer);

  const sigRef = writer.allocate();
  const sigBodyStart = writer.writeObject(sigRef, signatureDictionary(options));
  const rect = options.rect ? toPageRect(page.info, options.rect) : [0, 0, 0, 0];
  const seal = { page, rect, appearance: sigAppearance };
  const more = extras.map((w, i) => ({ page: w.page, rect: toPageRect(w.page.info, w.rect), appearance: forms[i]! }));
  const { field, widgets } = writeSignatureField(writer, fieldName, sigRef, [seal, ...more]);
  for (const [node, refs] of widgets) addAnnotations(reader, writer, node, refs);
  addFormFields(reader, writer, [field], doc.signatures().length === 0);

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

interface WidgetPlan {
  page: PageNode;
  rect: number[];
  appearance: PdfRef | undefined;
}

/**
 * The signature field and its widgets (§12.5.6.19, §12.7.3.1). One widget: field and widget merged. Several (the
 * seal plus the issuance number and date in their blanks): one field whose /Kids are the widgets, the seal first,
 * so that strict difference analysis sees only a new signature field (no new text fields) — FORM_FILLING for
 * every earlier signature.
 */
function writeSignatureField(
  writer: IncrementalWriter,
  name: string,
  sig: PdfRef,
  plans: WidgetPlan[],
): { field: PdfRef; widgets: Map<PageNode, PdfRef[]> } {
  const widgets = new Map<PageNode, PdfRef[]>();
  const field = writer.allocate();
  const value: [string, PdfObject][] = [
    ['FT', PdfName.of('Sig')],
    ['T', PdfString.text(name)],
    ['V', sig],
  ];
  const kids = plans.length > 1 ? plans.map(() => writer.allocate()) : [field];
  plans.forEach((plan, i) => {
    const widget = widgetDictionary(plan);
    // /Parent as Table 188 requires; the repeated /V lets poppler before 25 (which takes any kid with /Parent for
    // a field of its own) find the signature from every widget. Kids without /T stay widgets for everyone else.
    if (plans.length > 1) widget.set('Parent', field).set('V', sig);
    else for (const [key, v] of value) widget.set(key, v);
    writer.writeObject(kids[i]!, widget);
    widgets.set(plan.page, [...(widgets.get(plan.page) ?? []), kids[i]!]);
  });
  if (plans.length > 1) writer.writeObject(field, new PdfDict([...value, ['Kids', new PdfArray(kids)]]));
  return { field, widgets };
}

/** A widget annotation (Table 188) that shows its fixed /AP, printed (/F Print + Locked, Table 165). */
function widgetDictionary(plan: WidgetPlan): PdfDict {
  const widget = new PdfDict([
    ['Type', PdfName.of('Annot')],
    ['Subtype', PdfName.of('Widget')],
    ['F', WIDGET_FLAGS],
    ['Rect', new PdfArray(plan.rect)],
  ]);
  if (plan.appearance) widget.set('AP', new PdfDict([['N', plan.appearance]]));
  return widget.set('P', plan.page.ref);
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
