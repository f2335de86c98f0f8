/**
 * Cross-reference reading the way validators do it (ISO 32000-1 §7.5.4–§7.5.8): from the last `startxref`,
 * classic tables and xref streams, hybrid files (/XRefStm, §7.5.8.4) and the /Prev chain of earlier updates.
 * Entries of newer sections win over older ones.
 */
import { ByteCursor, malformed } from './cursor';
import { decodeStream } from './filters';
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

/** Reads the whole xref chain. Throws PDF_MALFORMED when any section is missing or unreadable. */
export function readXref(bytes: Uint8Array, resolveLength: (ref: PdfRef) => PdfObject): XrefInfo {
  const startxref = findStartxref(bytes);
  const entries = new Map<number, XrefEntry>();
  const seen = new Set<number>();
  let offset: number | undefined = startxref;
  let newest: { trailer: PdfDict; kind: 'table' | 'stream' } | undefined;
  while (offset !== undefined) {
    if (seen.has(offset)) throw malformed('xref /Prev chain loops', offset);
    seen.add(offset);
    const section = readSection(bytes, offset, resolveLength);
    for (const [num, entry] of section.entries) if (!entries.has(num)) entries.set(num, entry);
    newest ??= section;
    const prev = section.trailer.get('Prev');
    if (prev !== undefined && (typeof prev !== 'number' || !Number.isInteger(prev))) {
      throw malformed('trailer /Prev is not an offset', offset);
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

function readSection(bytes: Uint8Array, offset: number, resolveLength: (ref: PdfRef) => PdfObject): Section {
  const cursor = new ByteCursor(bytes, offset);
  cursor.skipWhitespace();
  if (cursor.maybeParseKeyword('xref')) return readTable(cursor, resolveLength);
  const object = new ObjectParser(new ByteCursor(bytes, offset)).parseIndirectObject(undefined, resolveLength);
  if (!(object instanceof PdfStream) || !isName(object.dict.get('Type'), 'XRef')) {
    throw malformed('startxref or /Prev does not point to an xref section', offset);
  }
  return { entries: readXrefStream(object, offset), trailer: object.dict, kind: 'stream' };
}

/** Classic table (§7.5.4) followed by `trailer << … >>`; a hybrid /XRefStm fills the gaps (§7.5.8.4). */
function readTable(cursor: ByteCursor, resolveLength: (ref: PdfRef) => PdfObject): Section {
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
    const hybrid = readSection(cursor.bytes, stm, resolveLength);
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

/** Xref stream (§7.5.8): /W field widths, /Index subsections, types 0/1/2 (Table 18). */
function readXrefStream(stream: PdfStream, offset: number): Map<number, XrefEntry> {
  const dict = stream.dict;
  const w = dict.get('W');
  const widths = w instanceof PdfArray ? w.items : [];
  if (widths.length !== 3 || widths.some((x) => typeof x !== 'number' || x < 0 || x > 8)) {
    throw malformed('xref stream has a bad /W', offset);
  }
  const [w0, w1, w2] = widths as [number, number, number];
  const size = dict.get('Size');
  if (typeof size !== 'number') throw malformed('xref stream has no /Size', offset);
  const index = dict.get('Index');
  const ranges = index instanceof PdfArray ? index.items : [0, size];
  const data = decodeStream(stream);
  const entries = new Map<number, XrefEntry>();
  const rowLength = w0 + w1 + w2;
  let pos = 0;
  for (let r = 0; r + 1 < ranges.length; r += 2) {
    const first = ranges[r];
    const count = ranges[r + 1];
    if (typeof first !== 'number' || typeof count !== 'number') throw malformed('xref stream has a bad /Index', offset);
    for (let i = 0; i < count; i++, pos += rowLength) {
      if (pos + rowLength > data.length) throw malformed('xref stream data is too short', offset);
      const type = w0 === 0 ? 1 : readField(data, pos, w0);
      const f1 = readField(data, pos + w0, w1);
      const f2 = readField(data, pos + w0 + w1, w2);
      entries.set(first + i, toEntry(type, f1, f2));
    }
  }
  return entries;
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
