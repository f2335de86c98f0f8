/**
 * Append-only incremental writer (ISO 32000-1 §7.5.6): the original bytes are never touched; new and
 * changed objects are appended, then an xref section of the same kind as the file's last one and a trailer
 * whose /Prev is the previous `startxref` value.
 */
import { createHash } from 'node:crypto';
import { PdfArray, PdfDict, PdfName, type PdfObject, PdfRef, PdfStream, PdfString, serialize } from './objects';
import type { PdfReader } from './reader';

/** Trailer keys that describe one xref section only and are not carried into the next (§7.5.5, §7.5.8.2). */
const SECTION_KEYS = new Set(['Prev', 'Size', 'XRefStm', 'Type', 'W', 'Index', 'Length', 'Filter', 'DecodeParms']);

export class IncrementalWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;
  private readonly written = new Map<number, { offset: number; gen: number }>();
  private nextNumber: number;

  constructor(
    private readonly reader: PdfReader,
    private readonly originalLength: number,
  ) {
    const size = reader.xref.trailer.get('Size');
    let largest = 0;
    for (const num of reader.xref.entries.keys()) largest = Math.max(largest, num);
    this.nextNumber = Math.max(typeof size === 'number' ? size : 0, largest + 1);
    const last = reader.bytes[originalLength - 1];
    // The original must end with an EOL before we append (rule 1: its bytes stay as they are).
    if (last !== 0x0a && last !== 0x0d) this.append('\n');
  }

  /** Offset in the full file (original + update) where the next byte goes. */
  get position(): number {
    return this.originalLength + this.length;
  }

  /** A fresh object number, numbered on from the old /Size. */
  allocate(): PdfRef {
    return new PdfRef(this.nextNumber++, 0);
  }

  append(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.chunks.push(bytes);
    this.length += bytes.length;
  }

  /** Writes `n g obj … endobj`; returns the full-file offset where the object's body starts. */
  writeObject(ref: PdfRef, value: PdfObject | string): number {
    this.written.set(ref.num, { offset: this.position, gen: ref.gen });
    this.append(`${ref.num} ${ref.gen} obj\n`);
    const bodyStart = this.position;
    if (value instanceof PdfStream) this.appendStream(value.dict, value.data);
    else this.append(typeof value === 'string' ? value : serialize(value));
    this.append('\nendobj\n');
    return bodyStart;
  }

  private appendStream(dict: PdfDict, data: Uint8Array): void {
    const withLength = dict.clone().set('Length', data.length);
    this.append(`${withLength.toString()}\nstream\n`);
    this.append(data);
    this.append('\nendstream');
  }

  /** Writes the xref section and trailer, then returns the update bytes (one buffer, patchable in place). */
  finish(): Uint8Array {
    const trailer = this.buildTrailer();
    if (this.reader.xref.kind === 'stream') this.finishWithStream(trailer);
    else this.finishWithTable(trailer);
    return Buffer.concat(this.chunks, this.length);
  }

  private buildTrailer(): PdfDict {
    const old = this.reader.xref.trailer;
    const trailer = new PdfDict();
    for (const [key, value] of old.entries) if (!SECTION_KEYS.has(key)) trailer.set(key, value);
    if (!(trailer.get('ID') instanceof PdfArray)) {
      // §14.4: PDF 2.0 requires an ID; both halves the same for a file that never had one.
      const id = new PdfString(
        createHash('md5').update(String(this.originalLength)).update(String(Date.now())).digest(),
      );
      trailer.set('ID', new PdfArray([id, id]));
    }
    trailer.set('Prev', this.reader.xref.startxref);
    return trailer;
  }

  private finishWithTable(trailer: PdfDict): void {
    const xrefOffset = this.position;
    let text = 'xref\n';
    for (const run of this.runs()) {
      text += `${run[0]} ${run.length}\n`;
      for (const num of run) {
        const entry = this.written.get(num)!;
        text += `${String(entry.offset).padStart(10, '0')} ${String(entry.gen).padStart(5, '0')} n\r\n`;
      }
    }
    trailer.set('Size', this.size());
    this.append(`${text}trailer\n${trailer.toString()}\nstartxref\n${xrefOffset}\n%%EOF\n`);
  }

  /** Xref stream (§7.5.8), uncompressed, including its own entry. */
  private finishWithStream(trailer: PdfDict): void {
    const ref = this.allocate();
    const xrefOffset = this.position;
    this.written.set(ref.num, { offset: xrefOffset, gen: 0 });
    const offsetWidth = xrefOffset + 1 > 0xffffffff ? 8 : 4;
    const runs = this.runs();
    const rows: number[] = [];
    for (const run of runs) {
      for (const num of run) {
        const entry = this.written.get(num)!;
        rows.push(1, ...bytesOf(entry.offset, offsetWidth), ...bytesOf(entry.gen, 2));
      }
    }
    const dict = trailer
      .set('Type', PdfName.of('XRef'))
      .set('Size', this.size())
      .set('W', new PdfArray([1, offsetWidth, 2]))
      .set('Index', new PdfArray(runs.flatMap((run) => [run[0]!, run.length])));
    this.writeObject(ref, new PdfStream(dict, Uint8Array.from(rows)));
    this.append(`startxref\n${xrefOffset}\n%%EOF\n`);
  }

  private size(): number {
    const old = this.reader.xref.trailer.get('Size');
    return Math.max(typeof old === 'number' ? old : 0, this.nextNumber);
  }

  /** Written object numbers grouped into consecutive runs (xref subsections). */
  private runs(): number[][] {
    const nums = [...this.written.keys()].sort((a, b) => a - b);
    const runs: number[][] = [];
    for (const num of nums) {
      const last = runs[runs.length - 1];
      if (last && last[last.length - 1] === num - 1) last.push(num);
      else runs.push([num]);
    }
    return runs;
  }
}

function bytesOf(value: number, width: number): number[] {
  const out: number[] = [];
  for (let i = width - 1; i >= 0; i--) out.push(Math.floor(value / 256 ** i) % 256);
  return out;
}
