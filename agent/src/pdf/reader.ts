/**
 * Strict lazy reader: resolves objects through the xref only when asked (trailer, catalog, the page tree
 * path, AcroForm, signature fields, /Perms). The input bytes are never copied or modified.
 */
import { KysoError } from '@kyso/shared';
import { ByteCursor, malformed } from './cursor';
import { decodeStream, InflateBudget } from './filters';
import { PdfArray, PdfDict, type PdfObject, PdfRef, PdfStream } from './objects';
import { ObjectParser } from './parser';
import { findRevisionOffsets, readXref, type XrefInfo } from './xref';

const HEADER_WINDOW = 1024;

export class PdfReader {
  readonly xref: XrefInfo;
  readonly catalogRef: PdfRef;
  readonly catalog: PdfDict;
  /** Shared by every stream this document decodes (filters.ts). */
  readonly inflateBudget: InflateBudget;
  private readonly cache = new Map<string, PdfObject>();
  private readonly objectStreams = new Map<number, PdfObject[]>();
  private readonly resolving = new Set<string>();
  private revisions: number[] | undefined;

  constructor(readonly bytes: Uint8Array) {
    checkHeader(bytes);
    this.inflateBudget = new InflateBudget(bytes.length);
    this.xref = readXref(
      bytes,
      () => {
        throw malformed('xref stream with an indirect /Length');
      },
      this.inflateBudget,
    );
    // §7.6: an encrypted file cannot be signed without decrypting and rewriting it.
    if (this.xref.trailer.has('Encrypt')) throw new KysoError('PDF_ENCRYPTED');
    const root = this.xref.trailer.get('Root');
    if (!(root instanceof PdfRef)) throw malformed('trailer has no /Root reference');
    const catalog = this.getObject(root);
    if (!(catalog instanceof PdfDict)) throw malformed(`catalog ${root.key} is not a dictionary`);
    this.catalogRef = root;
    this.catalog = catalog;
  }

  get revisionOffsets(): number[] {
    this.revisions ??= findRevisionOffsets(this.bytes);
    return this.revisions;
  }

  /** The object a reference points to; a reference to a missing or free object is null (§7.3.10). */
  getObject(ref: PdfRef): PdfObject {
    const cached = this.cache.get(ref.key);
    if (cached !== undefined) return cached;
    if (this.resolving.has(ref.key)) throw malformed(`object ${ref.key} refers to itself while being read`);
    this.resolving.add(ref.key);
    try {
      const value = this.loadObject(ref);
      this.cache.set(ref.key, value);
      return value;
    } finally {
      this.resolving.delete(ref.key);
    }
  }

  private loadObject(ref: PdfRef): PdfObject {
    const entry = this.xref.entries.get(ref.num);
    if (!entry || entry.kind === 'free') return null;
    if (entry.kind === 'offset') {
      if (entry.gen !== ref.gen) return null;
      const parser = new ObjectParser(new ByteCursor(this.bytes, entry.offset));
      return parser.parseIndirectObject(ref, (length) => this.getObject(length));
    }
    if (ref.gen !== 0) return null;
    const objects = this.objectStream(entry.stream);
    const value = objects[entry.index];
    if (value === undefined) throw malformed(`object ${ref.key} missing from object stream ${entry.stream}`);
    return value;
  }

  /** Parses all objects of an object stream once (§7.5.7). */
  private objectStream(num: number): PdfObject[] {
    const known = this.objectStreams.get(num);
    if (known) return known;
    const stream = this.getObject(new PdfRef(num, 0));
    if (!(stream instanceof PdfStream)) throw malformed(`object stream ${num} is not a stream`);
    const n = stream.dict.get('N');
    const first = stream.dict.get('First');
    if (typeof n !== 'number' || typeof first !== 'number') throw malformed(`object stream ${num} lacks /N or /First`);
    const data = this.decode(stream);
    const header = new ByteCursor(data);
    const offsets: number[] = [];
    for (let i = 0; i < n; i++) {
      header.skipWhitespace();
      header.parseUInt('object number in object stream');
      header.skipWhitespace();
      offsets.push(header.parseUInt('offset in object stream'));
    }
    const objects = offsets.map((offset) => new ObjectParser(new ByteCursor(data, first + offset)).parseObject());
    this.objectStreams.set(num, objects);
    return objects;
  }

  /** The decoded data of a stream of this document, within its inflate budget. */
  decode(stream: PdfStream): Uint8Array {
    return decodeStream(stream, this.inflateBudget);
  }

  /** Follows one level of reference. */
  resolve(value: PdfObject | undefined): PdfObject | undefined {
    return value instanceof PdfRef ? this.getObject(value) : value;
  }

  resolveDict(value: PdfObject | undefined): PdfDict | undefined {
    const resolved = this.resolve(value);
    if (resolved instanceof PdfStream) return resolved.dict;
    return resolved instanceof PdfDict ? resolved : undefined;
  }

  resolveArray(value: PdfObject | undefined): PdfArray | undefined {
    const resolved = this.resolve(value);
    return resolved instanceof PdfArray ? resolved : undefined;
  }

  resolveNumber(value: PdfObject | undefined): number | undefined {
    const resolved = this.resolve(value);
    return typeof resolved === 'number' ? resolved : undefined;
  }
}

function checkHeader(bytes: Uint8Array): void {
  if (bytes.length === 0) throw malformed('the file is empty', 0);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, HEADER_WINDOW));
  if (view.indexOf('%PDF-') < 0) throw malformed('no %PDF- header: not a PDF file', 0);
}
