/**
 * A byte cursor over the PDF with the lexical verbs of ISO 32000-1 §7.2: white space, delimiters, comments,
 * keywords and integers. `parseX` must find X (else PDF_MALFORMED with the offset); `maybeParseX` may not.
 */
import { KysoError } from '@kyso/shared';

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

export function isWhitespace(byte: number | undefined): boolean {
  return byte !== undefined && WHITESPACE.has(byte);
}

export function isDelimiter(byte: number | undefined): boolean {
  return byte !== undefined && DELIMITERS.has(byte);
}

export function isRegular(byte: number | undefined): byte is number {
  return byte !== undefined && !WHITESPACE.has(byte) && !DELIMITERS.has(byte);
}

export function malformed(reason: string, offset?: number): KysoError {
  return new KysoError('PDF_MALFORMED', offset === undefined ? { reason } : { reason, offset });
}

export class ByteCursor {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  peek(ahead = 0): number | undefined {
    return this.bytes[this.pos + ahead];
  }

  next(): number {
    const byte = this.bytes[this.pos];
    if (byte === undefined) throw malformed('unexpected end of file', this.pos);
    this.pos++;
    return byte;
  }

  /** Skips white space and comments (§7.2.3, §7.2.4). */
  skipWhitespace(): void {
    for (;;) {
      const byte = this.peek();
      if (isWhitespace(byte)) this.pos++;
      else if (byte === 0x25) this.skipLine();
      else return;
    }
  }

  /** Skips to just after the next end-of-line marker (CR, LF or CRLF). */
  skipLine(): void {
    while (!this.done && this.peek() !== 0x0a && this.peek() !== 0x0d) this.pos++;
    this.skipEol();
  }

  skipEol(): void {
    if (this.peek() === 0x0d) this.pos++;
    if (this.peek() === 0x0a) this.pos++;
  }

  /** Matches a keyword followed by a non-regular byte; consumes it only on a match. */
  maybeParseKeyword(keyword: string): boolean {
    for (let i = 0; i < keyword.length; i++) {
      if (this.peek(i) !== keyword.charCodeAt(i)) return false;
    }
    if (isRegular(this.peek(keyword.length))) return false;
    this.pos += keyword.length;
    return true;
  }

  parseKeyword(keyword: string): void {
    if (!this.maybeParseKeyword(keyword)) throw malformed(`expected '${keyword}'`, this.pos);
  }

  /** A run of regular characters (a bare token such as a number or keyword). */
  readToken(): string {
    const start = this.pos;
    while (isRegular(this.peek())) this.pos++;
    return Buffer.from(this.bytes.subarray(start, this.pos)).toString('latin1');
  }

  /** An unsigned decimal integer, or undefined (position unchanged) when there is none. */
  maybeParseUInt(): number | undefined {
    const start = this.pos;
    let value = 0;
    while (this.peek() !== undefined && this.peek()! >= 0x30 && this.peek()! <= 0x39) {
      value = value * 10 + (this.next() - 0x30);
    }
    if (this.pos === start || isRegular(this.peek())) {
      this.pos = start;
      return undefined;
    }
    return value;
  }

  parseUInt(what: string): number {
    const value = this.maybeParseUInt();
    if (value === undefined) throw malformed(`expected ${what}`, this.pos);
    return value;
  }

  /** Finds the last occurrence of `needle` starting at or before `from`; -1 when absent. */
  lastIndexOf(needle: string, from: number, limit = 0): number {
    const codes = Buffer.from(needle, 'latin1');
    for (let i = Math.min(from, this.bytes.length - codes.length); i >= limit; i--) {
      let hit = true;
      for (let j = 0; j < codes.length && hit; j++) hit = this.bytes[i + j] === codes[j];
      if (hit) return i;
    }
    return -1;
  }
}
