/**
 * PDF object model (ISO 32000-1 §7.3): one small class per composite kind; numbers, booleans and null are
 * JavaScript values. Each class can serialise itself for the incremental writer.
 */

export type PdfObject =
  | PdfName
  | PdfString
  | PdfArray
  | PdfDict
  | PdfRef
  | PdfStream
  | PdfRaw
  | number
  | boolean
  | null;

const NAMES = new Map<string, PdfName>();

/** A name (§7.3.5), interned so `===` compares names. `value` is the decoded name without the slash. */
export class PdfName {
  private constructor(readonly value: string) {}

  static of(value: string): PdfName {
    let name = NAMES.get(value);
    if (!name) {
      name = new PdfName(value);
      NAMES.set(value, name);
    }
    return name;
  }

  toString(): string {
    let out = '/';
    for (const byte of Buffer.from(this.value, 'latin1')) {
      const regular = byte > 0x20 && byte < 0x7f && !'()<>[]{}/%#'.includes(String.fromCharCode(byte));
      out += regular ? String.fromCharCode(byte) : `#${byte.toString(16).padStart(2, '0')}`;
    }
    return out;
  }
}

/** A string (§7.3.4) kept as raw bytes; written back as a hex string, which is always safe. */
export class PdfString {
  constructor(readonly bytes: Uint8Array) {}

  static latin1(text: string): PdfString {
    return new PdfString(Buffer.from(text, 'latin1'));
  }

  /** Text string (§7.9.2.2): PDFDocEncoding-compatible ASCII as is, anything else UTF-16BE with a BOM. */
  static text(text: string): PdfString {
    if (/^[\x20-\x7e]*$/.test(text)) return PdfString.latin1(text);
    const utf16 = Buffer.from(text, 'utf16le').swap16();
    return new PdfString(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16]));
  }

  /** Decodes a text string: UTF-16BE with BOM, UTF-8 with BOM (PDF 2.0), else Latin-1 as an approximation. */
  decodeText(): string {
    const b = this.bytes;
    if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString('utf16le');
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return Buffer.from(b.subarray(3)).toString('utf8');
    return Buffer.from(b).toString('latin1');
  }

  toString(): string {
    return `<${Buffer.from(this.bytes).toString('hex')}>`;
  }
}

export class PdfArray {
  constructor(readonly items: PdfObject[] = []) {}

  toString(): string {
    return `[${this.items.map(serialize).join(' ')}]`;
  }
}

export class PdfDict {
  readonly entries: Map<string, PdfObject>;

  constructor(entries: Iterable<[string, PdfObject]> = []) {
    this.entries = new Map(entries);
  }

  get(key: string): PdfObject | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: PdfObject): this {
    this.entries.set(key, value);
    return this;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** A shallow copy, for rewriting an object under its old number. */
  clone(): PdfDict {
    return new PdfDict(this.entries);
  }

  toString(): string {
    let out = '<<';
    for (const [key, value] of this.entries) out += `${PdfName.of(key).toString()} ${serialize(value)}`;
    return `${out}>>`;
  }
}

/** An indirect reference `n g R` (§7.3.10). */
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}

  get key(): string {
    return `${this.num} ${this.gen}`;
  }

  toString(): string {
    return `${this.num} ${this.gen} R`;
  }
}

/** A stream (§7.3.8): its dictionary and its still-encoded bytes (a view into the source, never copied). */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
  ) {}
}

/** Bytes written verbatim (placeholders whose width must not change). */
export class PdfRaw {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** PDF number syntax: integers as is, reals with at most 4 decimals and no exponent (§7.3.3). */
export function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const fixed = value.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/** Serialises a non-stream object (streams are written by the writer, which owns the bytes). */
export function serialize(value: PdfObject): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return formatNumber(value);
  if (value instanceof PdfStream) throw new Error('streams must be written as indirect objects');
  return value.toString();
}

export function isName(value: PdfObject | undefined, name?: string): value is PdfName {
  return value instanceof PdfName && (name === undefined || value.value === name);
}
