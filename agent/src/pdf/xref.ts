/**
 * Cross-reference reading the way validators do it (ISO 32000-1 §7.5.4–§7.5.8): from the last `startxref`,
 * classic tables and xref streams, hybrid files (/XRefStm, §7.5.8.4) and the /Prev chain of earlier updates.
 * Entries of newer sections win over older ones.
 */
import { ByteCursor, malformed } from './cursor';
import { decodeStream, type InflateBudget } from './filters';
import { isName, PdfArray, PdfDict, type PdfObject, type PdfRef, PdfStream } from './objects';
import { ObjectParser } from './parser';

export type XrefEntry =
  | { kind: 'free' }
  | { kind: 'offset'; offset: number; gen: number }
  | { kind: 'compressed'; stream: number; index: number };

export interface XrefInfo {
  entries: Map<number, XrefEntry>;
  /** Trailer of the newest section (the stream dictionary for an xref stream). */
  trailer: PdfDict;
  /** Kind of the newest section: the incremental writer appends the same kind. */
  kind: 'table' | 'stream';
  /** The value after the last `startxref`: /Prev of the next update. */
  startxref: number;
}

/** Implementation limit of ISO 32000-1 Annex C (Table C.1): the largest object number is 8,388,607. */
export const MAX_OBJECT_NUMBER = 8_388_607;
/** More updates than any real signing workflow makes (each signature adds one section). */
const MAX_SECTIONS = 4096;

type LengthResolver = (ref: PdfRef) => PdfObject;

/** Reads the whole xref chain. Throws PDF_MALFORMED when any section is missing or unreadable. */
export function readXref(bytes: Uint8Array, resolveLength: LengthResolver, budget: InflateBudget): XrefInfo {
  const startxref = findStartxref(bytes);
  const entries = new Map<number, XrefEntry>();
  const seen = new Set<number>();
  let offset: number | undefined = startxref;
  let newest: { trailer: PdfDict; kind: 'table' | 'stream' } | undefined;
  while (offset !== undefined) {
    if (seen.has(offset)) throw malformed('xref /Prev chain loops', offset);
    if (seen.size >= MAX_SECTIONS) throw malformed(`more than ${MAX_SECTIONS} xref sections`, offset);
    seen.add(offset);
    const section = readSection(bytes, offset, { resolveLength, budget });
    for (const [num, entry] of section.entries) if (!entries.has(num)) entries.set(num, entry);
    newest ??= section;
    const prev = section.trailer.get('Prev');
    if (
      prev !== undefined &&
      (typeof prev !== 'number' || !Number.isInteger(prev) || prev < 0 || prev >= bytes.length)
    ) {
      throw malformed('trailer /Prev is not an offset in the file', offset);
    }
    offset = prev;
  }
  if (!newest) throw malformed('no xref section');
  return { entries, trailer: newest.trailer, kind: newest.kind, startxref };
}

/** `startxref <offset> %%EOF` at the end of the file (§7.5.5); the last one counts. */
function findStartxref(bytes: Uint8Array): number {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = view.lastIndexOf('startxref');
  if (at < 0) throw malformed('no startxref: the file is truncated or not a PDF', bytes.length);
  const cursor = new ByteCursor(bytes, at + 'startxref'.length);
  cursor.skipWhitespace();
  const offset = cursor.parseUInt('xref offset after startxref');
  if (view.indexOf('%%EOF', cursor.pos) < 0) throw malformed('no %%EOF after the last startxref', cursor.pos);
  if (offset >= bytes.length) throw malformed('startxref points past the end of the file', at);
  return offset;
}

interface Section {
  entries: Map<number, XrefEntry>;
  trailer: PdfDict;
  kind: 'table' | 'stream';
}

interface SectionContext {
  resolveLength: LengthResolver;
  budget: InflateBudget;
}

function readSection(bytes: Uint8Array, offset: number, context: SectionContext): Section {
  const cursor = new ByteCursor(bytes, offset);
  cursor.skipWhitespace();
  if (cursor.maybeParseKeyword('xref')) return readTable(cursor, context);
  return readStreamSection(bytes, offset, context);
}

function readStreamSection(bytes: Uint8Array, offset: number, context: SectionContext): Section {
  const parser = new ObjectParser(new ByteCursor(bytes, offset));
  const object = parser.parseIndirectObject(undefined, context.resolveLength);
  if (!(object instanceof PdfStream) || !isName(object.dict.get('Type'), 'XRef')) {
    throw malformed('startxref, /Prev or /XRefStm does not point to an xref section', offset);
  }
  return {
    entries: readXrefStream(object, offset, bytes.length, context.budget),
    trailer: object.dict,
    kind: 'stream',
  };
}

/**
 * Classic table (§7.5.4) followed by `trailer << … >>`; a hybrid /XRefStm fills the gaps (§7.5.8.4). /XRefStm
 * names an xref *stream* only, so it is read as one: a /XRefStm pointing back at a table cannot recurse.
 */
function readTable(cursor: ByteCursor, context: SectionContext): Section {
  const entries = new Map<number, XrefEntry>();
  for (;;) {
    cursor.skipWhitespace();
    if (cursor.maybeParseKeyword('trailer')) break;
    const first = cursor.parseUInt('xref subsection start');
    cursor.skipWhitespace();
    const count = cursor.parseUInt('xref subsection count');
    for (let i = 0; i < count; i++) readTableEntry(cursor, first + i, entries);
  }
  const trailer = new ObjectParser(cursor).parseObject();
  if (!(trailer instanceof PdfDict)) throw malformed('trailer is not a dictionary', cursor.pos);
  const stm = trailer.get('XRefStm');
  if (typeof stm === 'number') {
    if (!Number.isInteger(stm) || stm < 0 || stm >= cursor.bytes.length) throw malformed('/XRefStm is not an offset');
    const hybrid = readStreamSection(cursor.bytes, stm, context);
    for (const [num, entry] of hybrid.entries) {
      const own = entries.get(num);
      if (!own || own.kind === 'free') entries.set(num, entry);
    }
  }
  return { entries, trailer, kind: 'table' };
}

function readTableEntry(cursor: ByteCursor, num: number, entries: Map<number, XrefEntry>): void {
  cursor.skipWhitespace();
  const offset = cursor.parseUInt('xref entry offset');
  cursor.skipWhitespace();
  const gen = cursor.parseUInt('xref entry generation');
  cursor.skipWhitespace();
  const type = cursor.readToken();
  if (type !== 'n' && type !== 'f') throw malformed(`bad xref entry type '${type}'`, cursor.pos);
  if (entries.has(num)) return;
  if (type === 'f' || offset === 0) entries.set(num, { kind: 'free' });
  else {
    if (offset >= cursor.bytes.length) throw malformed(`xref entry for object ${num} points past the end`, offset);
    entries.set(num, { kind: 'offset', offset, gen });
  }
}

/**
 * Xref stream (§7.5.8): /W field widths, /Index subsections, types 0/1/2 (Table 18). /W, /Size and /Index are
 * checked against the limits of Annex C and the file before anything is decoded or allocated, and the rows they
 * claim against the decoded data before any entry is made.
 */
function readXrefStream(stream: PdfStream, offset: number, fileSize: number, budget: InflateBudget) {
  const { widths, ranges } = xrefStreamLayout(stream.dict, offset, fileSize);
  const [w0, w1, w2] = widths;
  const rowLength = w0 + w1 + w2;
  const rows = ranges.reduce((sum, [, count]) => sum + count, 0);
  const data = decodeStream(stream, budget);
  if (rows * rowLength > data.length) throw malformed('xref stream data is shorter than /Index claims', offset);
  const entries = new Map<number, XrefEntry>();
  let pos = 0;
  for (const [first, count] of ranges) {
    for (let i = 0; i < count; i++, pos += rowLength) {
      const type = w0 === 0 ? 1 : readField(data, pos, w0);
      const f1 = readField(data, pos + w0, w1);
      const f2 = readField(data, pos + w0 + w1, w2);
      entries.set(first + i, toEntry(type, f1, f2));
    }
  }
  return entries;
}

function xrefStreamLayout(dict: PdfDict, offset: number, fileSize: number) {
  const w = dict.get('W');
  const widths = w instanceof PdfArray ? w.items : [];
  // 8 bytes per field is more than any file needs; [0 0 0] would claim rows of nothing, any number of them.
  const valid = widths.length === 3 && widths.every((x) => isIntIn(x, 0, 8));
  if (!valid || (widths as number[]).reduce((a, b) => a + b, 0) === 0) {
    throw malformed('xref stream has a bad /W', offset);
  }
  const size = dict.get('Size');
  if (!isIntIn(size, 1, MAX_OBJECT_NUMBER + 1)) throw malformed('xref stream has no valid /Size', offset);
  const index = dict.get('Index');
  const items = index === undefined ? [0, size] : index instanceof PdfArray ? index.items : [];
  if (items.length === 0 || items.length % 2 !== 0) throw malformed('xref stream has a bad /Index', offset);
  const ranges: [number, number][] = [];
  for (let r = 0; r < items.length; r += 2) {
    const first = items[r];
    const count = items[r + 1];
    // Each row takes at least one byte of the stream and the stream lies in the file.
    if (!isIntIn(first, 0, MAX_OBJECT_NUMBER) || !isIntIn(count, 0, Math.min(MAX_OBJECT_NUMBER + 1, fileSize))) {
      throw malformed('xref stream has a bad /Index', offset);
    }
    if (first + count > MAX_OBJECT_NUMBER + 1) throw malformed('xref stream /Index goes past the last object', offset);
    ranges.push([first, count]);
  }
  return { widths: widths as [number, number, number], ranges };
}

function isIntIn(value: PdfObject | undefined, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function toEntry(type: number, f1: number, f2: number): XrefEntry {
  if (type === 1) return { kind: 'offset', offset: f1, gen: f2 };
  if (type === 2) return { kind: 'compressed', stream: f1, index: f2 };
  return { kind: 'free' }; // type 0, and unknown types are treated as null references (§7.5.8.3)
}

function readField(data: Uint8Array, pos: number, width: number): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + data[pos + i]!;
  return value;
}

/** Offsets just after each `%%EOF` line: one per revision (a linearized file has one more). */
export function findRevisionOffsets(bytes: Uint8Array): number[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const offsets: number[] = [];
  for (let at = view.indexOf('%%EOF'); at >= 0; at = view.indexOf('%%EOF', at + 5)) {
    const cursor = new ByteCursor(bytes, at + 5);
    cursor.skipEol();
    offsets.push(cursor.pos);
  }
  return offsets;
}
