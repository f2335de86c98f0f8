/**
 * Object parser (ISO 32000-1 §7.3): direct objects, indirect objects `n g obj … endobj` and streams.
 * Strict: anything unexpected is PDF_MALFORMED with its offset.
 */
import { type ByteCursor, isRegular, isWhitespace, malformed } from './cursor';
import { PdfArray, PdfDict, PdfName, type PdfObject, PdfRef, PdfStream, PdfString } from './objects';

const MAX_DEPTH = 64;

/** Resolves an indirect /Length while a stream is being parsed. */
export type LengthResolver = (ref: PdfRef) => PdfObject;

export class ObjectParser {
  constructor(readonly cursor: ByteCursor) {}

  /** Parses one direct object (a reference counts as one). */
  parseObject(depth = 0): PdfObject {
    if (depth > MAX_DEPTH) throw malformed('objects nested too deeply', this.cursor.pos);
    const c = this.cursor;
    c.skipWhitespace();
    const byte = c.peek();
    if (byte === undefined) throw malformed('unexpected end of file', c.pos);
    if (byte === 0x2f) return this.parseName();
    if (byte === 0x28) return this.parseLiteralString();
    if (byte === 0x3c) return c.peek(1) === 0x3c ? this.parseDict(depth) : this.parseHexString();
    if (byte === 0x5b) return this.parseArray(depth);
    if (c.maybeParseKeyword('true')) return true;
    if (c.maybeParseKeyword('false')) return false;
    if (c.maybeParseKeyword('null')) return null;
    return this.parseNumberOrRef();
  }

  private parseNumberOrRef(): number | PdfRef {
    const c = this.cursor;
    const start = c.pos;
    const num = c.maybeParseUInt();
    if (num !== undefined) {
      const ref = this.maybeParseRefTail(num);
      if (ref) return ref;
      c.pos = start;
    }
    const token = c.readToken();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) throw malformed(`unexpected token '${token.slice(0, 20)}'`, start);
    return Number(token);
  }

  /** After an integer: ` gen R` makes it a reference; otherwise the cursor is restored by the caller. */
  private maybeParseRefTail(num: number): PdfRef | undefined {
    const c = this.cursor;
    c.skipWhitespace();
    const gen = c.maybeParseUInt();
    if (gen === undefined) return undefined;
    c.skipWhitespace();
    return c.maybeParseKeyword('R') ? new PdfRef(num, gen) : undefined;
  }

  private parseName(): PdfName {
    const c = this.cursor;
    c.next(); // '/'
    const bytes: number[] = [];
    while (isRegular(c.peek())) {
      const byte = c.next();
      if (byte === 0x23 && /^[0-9a-fA-F]{2}$/.test(String.fromCharCode(c.peek() ?? 0, c.peek(1) ?? 0))) {
        bytes.push(Number.parseInt(String.fromCharCode(c.next(), c.next()), 16));
      } else {
        bytes.push(byte);
      }
    }
    return PdfName.of(Buffer.from(bytes).toString('latin1'));
  }

  /** Literal string with escapes and balanced parentheses (§7.3.4.2). */
  private parseLiteralString(): PdfString {
    const c = this.cursor;
    const start = c.pos;
    c.next(); // '('
    const out: number[] = [];
    let depth = 1;
    for (;;) {
      if (c.done) throw malformed('unterminated string', start);
      const byte = c.next();
      if (byte === 0x5c) {
        this.parseEscape(out);
        continue;
      }
      if (byte === 0x28) depth++;
      if (byte === 0x29 && --depth === 0) return new PdfString(Uint8Array.from(out));
      out.push(byte);
    }
  }

  private parseEscape(out: number[]): void {
    const c = this.cursor;
    const byte = c.next();
    const simple: Record<number, number> = { 110: 10, 114: 13, 116: 9, 98: 8, 102: 12 };
    if (simple[byte] !== undefined) out.push(simple[byte]);
    else if (byte === 0x0d)
      c.peek() === 0x0a && c.next(); // line continuation
    else if (byte === 0x0a) return;
    else if (byte >= 0x30 && byte <= 0x37) {
      let value = byte - 0x30;
      for (let i = 0; i < 2 && c.peek()! >= 0x30 && c.peek()! <= 0x37; i++) value = value * 8 + (c.next() - 0x30);
      out.push(value & 0xff);
    } else out.push(byte);
  }

  private parseHexString(): PdfString {
    const c = this.cursor;
    const start = c.pos;
    c.next(); // '<'
    let hex = '';
    for (;;) {
      if (c.done) throw malformed('unterminated hex string', start);
      const byte = c.next();
      if (byte === 0x3e) break;
      if (isWhitespace(byte)) continue;
      const ch = String.fromCharCode(byte);
      if (!/[0-9a-fA-F]/.test(ch)) throw malformed('bad character in hex string', c.pos - 1);
      hex += ch;
    }
    if (hex.length % 2) hex += '0';
    return new PdfString(Buffer.from(hex, 'hex'));
  }

  private parseArray(depth: number): PdfArray {
    const c = this.cursor;
    c.next(); // '['
    const items: PdfObject[] = [];
    for (;;) {
      c.skipWhitespace();
      if (c.peek() === 0x5d) {
        c.next();
        return new PdfArray(items);
      }
      items.push(this.parseObject(depth + 1));
    }
  }

  private parseDict(depth: number): PdfDict {
    const c = this.cursor;
    c.pos += 2; // '<<'
    const dict = new PdfDict();
    for (;;) {
      c.skipWhitespace();
      if (c.peek() === 0x3e && c.peek(1) === 0x3e) {
        c.pos += 2;
        return dict;
      }
      if (c.peek() !== 0x2f) throw malformed('expected a name as dictionary key', c.pos);
      const key = this.parseName().value;
      dict.set(key, this.parseObject(depth + 1));
    }
  }

  /** `num gen obj <object> [stream…endstream] endobj` at the cursor; checks the expected number. */
  parseIndirectObject(expected: PdfRef | undefined, resolveLength: LengthResolver): PdfObject {
    const c = this.cursor;
    const start = c.pos;
    c.skipWhitespace();
    const num = c.maybeParseUInt();
    c.skipWhitespace();
    const gen = c.maybeParseUInt();
    c.skipWhitespace();
    if (num === undefined || gen === undefined || !c.maybeParseKeyword('obj')) {
      throw malformed(`no object header${expected ? ` for ${expected.key}` : ''}`, start);
    }
    if (expected && (num !== expected.num || gen !== expected.gen)) {
      throw malformed(`xref points to object ${num} ${gen} instead of ${expected.key}`, start);
    }
    const value = this.parseObject();
    c.skipWhitespace();
    if (value instanceof PdfDict && c.maybeParseKeyword('stream')) return this.parseStreamBody(value, resolveLength);
    return value;
  }

  /** Stream data after the `stream` keyword: CRLF or LF, /Length bytes, `endstream` (§7.3.8.1). */
  private parseStreamBody(dict: PdfDict, resolveLength: LengthResolver): PdfStream {
    const c = this.cursor;
    c.skipEol();
    const start = c.pos;
    let length = dict.get('Length');
    if (length instanceof PdfRef) length = resolveLength(length);
    if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
      throw malformed('stream without a valid /Length', start);
    }
    if (start + length > c.bytes.length) throw malformed('stream runs past the end of the file', start);
    c.pos = start + length;
    c.skipWhitespace();
    if (!c.maybeParseKeyword('endstream')) throw malformed('stream /Length does not end at endstream', c.pos);
    return new PdfStream(dict, c.bytes.subarray(start, start + length));
  }
}
