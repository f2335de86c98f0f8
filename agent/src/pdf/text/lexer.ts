/**
 * Content stream tokenizer (ISO 32000-1 §7.8.2): operands in postfix before each operator. Operands reuse the
 * object parser (strings, names, arrays, dictionaries); inline images (§8.9.7, BI … ID … EI) are skipped.
 */
import { ByteCursor, isWhitespace } from '../cursor';
import type { PdfObject } from '../objects';
import { ObjectParser } from '../parser';

export interface Operation {
  op: string;
  args: PdfObject[];
}

/** CMaps put up to 100 pairs (200 operands) before `endbfchar` (§9.10.3); content operators take at most 6. */
const MAX_OPERANDS = 4096;

/** Yields every operation of a decoded content stream; a syntax error ends the stream quietly (like viewers). */
export function* operations(data: Uint8Array): Generator<Operation> {
  const cursor = new ByteCursor(data);
  const parser = new ObjectParser(cursor);
  let args: PdfObject[] = [];
  for (;;) {
    cursor.skipWhitespace();
    const byte = cursor.peek();
    if (byte === undefined) return;
    try {
      if (isOperandStart(byte)) {
        if (args.length < MAX_OPERANDS) args.push(parser.parseObject());
        else parser.parseObject();
        continue;
      }
      const token = cursor.readToken();
      if (token === '') {
        cursor.next(); // a stray delimiter such as ')' or '}'
        continue;
      }
      if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(token)) {
        args.push(Number(token));
        continue;
      }
      if (token === 'true' || token === 'false' || token === 'null') {
        args.push(token === 'null' ? null : token === 'true');
        continue;
      }
      if (token === 'BI') skipInlineImage(cursor);
      else yield { op: token, args };
      args = [];
    } catch {
      return;
    }
  }
}

function isOperandStart(byte: number): boolean {
  // '/' name, '(' string, '<' hex string or dictionary, '[' array.
  return byte === 0x2f || byte === 0x28 || byte === 0x3c || byte === 0x5b;
}

/** Moves past `… ID <data> EI`: the data ends at whitespace + EI + whitespace/end (§8.9.7). */
function skipInlineImage(cursor: ByteCursor): void {
  const bytes = cursor.bytes;
  let i = cursor.pos;
  while (i + 1 < bytes.length && !(bytes[i] === 0x49 && bytes[i + 1] === 0x44 && isWhitespace(bytes[i + 2]))) i++;
  i += 3;
  while (i + 2 < bytes.length) {
    if (isWhitespace(bytes[i]) && bytes[i + 1] === 0x45 && bytes[i + 2] === 0x49) {
      const after = bytes[i + 3];
      if (after === undefined || isWhitespace(after)) break;
    }
    i++;
  }
  cursor.pos = Math.min(bytes.length, i + 3);
}
