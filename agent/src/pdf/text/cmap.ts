/**
 * ToUnicode CMaps (ISO 32000-1 §9.10.3): `bfchar` and `bfrange` map character codes to UTF-16BE text.
 * Also reads `codespacerange` so that multi-byte codes of a Type0 font are split the way the font splits them.
 */
import { PdfArray, type PdfObject, PdfString } from '../objects';
import { operations } from './lexer';

export interface ToUnicodeMap {
  map: Map<number, string>;
  /** Byte lengths of codes declared by codespacerange, e.g. [2] for Identity-H style maps. */
  codeLengths: number[];
}

const MAX_RANGE = 0x10000;

function codeOf(value: PdfObject | undefined): { code: number; length: number } | undefined {
  if (!(value instanceof PdfString) || value.bytes.length === 0 || value.bytes.length > 4) return undefined;
  let code = 0;
  for (const byte of value.bytes) code = code * 256 + byte;
  return { code, length: value.bytes.length };
}

function utf16(value: PdfObject | undefined): string | undefined {
  if (!(value instanceof PdfString)) return undefined;
  const bytes = value.bytes.length % 2 === 0 ? value.bytes : Uint8Array.from([0, ...value.bytes]);
  return Buffer.from(bytes).swap16().toString('utf16le');
}

/** Adds `offset` to the last UTF-16 unit of `base` (§9.10.3: bfrange increments the last byte). */
function shifted(base: string, offset: number): string {
  if (offset === 0 || base.length === 0) return base;
  return base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + offset);
}

export function parseToUnicode(data: Uint8Array): ToUnicodeMap {
  const map = new Map<number, string>();
  const codeLengths = new Set<number>();
  for (const { op, args } of operations(data)) {
    if (op === 'endcodespacerange') {
      for (let i = 0; i + 1 < args.length; i += 2) {
        const low = codeOf(args[i]);
        if (low) codeLengths.add(low.length);
      }
    } else if (op === 'endbfchar') {
      for (let i = 0; i + 1 < args.length; i += 2) {
        const src = codeOf(args[i]);
        const dst = utf16(args[i + 1]);
        if (src && dst !== undefined) map.set(src.code, dst);
      }
    } else if (op === 'endbfrange') {
      for (let i = 0; i + 2 < args.length; i += 3) addRange(map, args[i], args[i + 1], args[i + 2]);
    }
  }
  return { map, codeLengths: [...codeLengths].sort((a, b) => a - b) };
}

function addRange(
  map: Map<number, string>,
  lowObj: PdfObject | undefined,
  highObj: PdfObject | undefined,
  dst: PdfObject | undefined,
): void {
  const low = codeOf(lowObj);
  const high = codeOf(highObj);
  if (!low || !high || high.code < low.code || high.code - low.code > MAX_RANGE) return;
  if (dst instanceof PdfArray) {
    dst.items.forEach((item, i) => {
      const text = utf16(item);
      if (text !== undefined && low.code + i <= high.code) map.set(low.code + i, text);
    });
    return;
  }
  const base = utf16(dst);
  if (base === undefined) return;
  for (let code = low.code; code <= high.code; code++) map.set(code, shifted(base, code - low.code));
}
