/**
 * Fonts as the text extractor needs them (ISO 32000-1 §9.5–§9.10): how a shown string splits into character
 * codes, the Unicode text of each code (ToUnicode first, §9.10.2; then the simple encoding), and each glyph's
 * horizontal advance from /Widths, /MissingWidth (simple fonts, §9.6.2) or /W and /DW (CID fonts, §9.7.4.3).
 */
import { KysoError } from '@kyso/shared';
import { isName, PdfArray, PdfDict, type PdfObject, PdfStream } from '../objects';
import type { PdfReader } from '../reader';
import { parseToUnicode, type ToUnicodeMap } from './cmap';
import { baseEncoding, glyphNameToUnicode } from './encoding';

export interface DecodedGlyph {
  code: number;
  text: string;
  /** Advance in text space units (glyph units / 1000, §9.2.4). */
  width: number;
  /** Single-byte code 32: word spacing (Tw) applies (§9.3.3). */
  wordSpace: boolean;
}

export interface TextFont {
  decode(bytes: Uint8Array): DecodedGlyph[];
}

const DEFAULT_WIDTH = 500;

/** Loads a font dictionary; never throws: a font we cannot read still yields glyphs with estimated widths. */
export function loadFont(reader: PdfReader, value: PdfObject | undefined): TextFont {
  const dict = reader.resolveDict(value) ?? new PdfDict();
  const toUnicode = readToUnicode(reader, dict.get('ToUnicode'));
  if (isName(dict.get('Subtype'), 'Type0')) return compositeFont(reader, dict, toUnicode);
  return simpleFont(reader, dict, toUnicode);
}

function readToUnicode(reader: PdfReader, value: PdfObject | undefined): ToUnicodeMap | undefined {
  const stream = reader.resolve(value);
  if (!(stream instanceof PdfStream)) return undefined;
  try {
    return parseToUnicode(reader.decode(stream));
  } catch (error) {
    if (error instanceof KysoError && error.code === 'PDF_TOO_COMPLEX') throw error;
    return undefined;
  }
}

function numbers(reader: PdfReader, value: PdfObject | undefined): number[] {
  return (reader.resolveArray(value)?.items ?? []).map((item) => reader.resolveNumber(item) ?? 0);
}

function simpleFont(reader: PdfReader, dict: PdfDict, toUnicode: ToUnicodeMap | undefined): TextFont {
  const first = reader.resolveNumber(dict.get('FirstChar')) ?? 0;
  const widths = numbers(reader, dict.get('Widths'));
  const descriptor = reader.resolveDict(dict.get('FontDescriptor'));
  const missing = reader.resolveNumber(descriptor?.get('MissingWidth')) ?? (widths.length > 0 ? 0 : DEFAULT_WIDTH);
  // Type 3 glyph widths are in glyph space: scale by the font matrix (§9.6.5).
  const matrix = numbers(reader, dict.get('FontMatrix'));
  const scale = isName(dict.get('Subtype'), 'Type3') && matrix[0] ? matrix[0] : 0.001;
  const encoding = simpleEncoding(reader, dict.get('Encoding'));
  return {
    decode(bytes) {
      return Array.from(bytes, (code) => ({
        code,
        text: toUnicode?.map.get(code) ?? encoding[code] ?? '',
        width: (widths[code - first] ?? missing) * scale,
        wordSpace: code === 32,
      }));
    },
  };
}

/** Base encoding + /Differences (§9.6.6.1, Table 114). */
function simpleEncoding(reader: PdfReader, value: PdfObject | undefined): string[] {
  const resolved = reader.resolve(value);
  if (isName(resolved)) return baseEncoding(resolved.value);
  if (!(resolved instanceof PdfDict)) return baseEncoding(undefined);
  const base = resolved.get('BaseEncoding');
  const table = baseEncoding(isName(base) ? base.value : undefined);
  let code = 0;
  for (const item of reader.resolveArray(resolved.get('Differences'))?.items ?? []) {
    if (typeof item === 'number') code = item;
    else if (isName(item)) {
      if (code >= 0 && code < 256) table[code] = glyphNameToUnicode(item.value) ?? '';
      code++;
    }
  }
  return table;
}

/** Type0 with an Identity (or ToUnicode-declared) code length; widths from the CIDFont's /W (§9.7.4.3). */
function compositeFont(reader: PdfReader, dict: PdfDict, toUnicode: ToUnicodeMap | undefined): TextFont {
  const descendant = reader.resolveDict(reader.resolveArray(dict.get('DescendantFonts'))?.items[0]);
  const defaultWidth = reader.resolveNumber(descendant?.get('DW')) ?? 1000;
  const widths = cidWidths(reader, descendant?.get('W'));
  const length = toUnicode?.codeLengths.length === 1 ? (toUnicode.codeLengths[0] ?? 2) : 2;
  return {
    decode(bytes) {
      const out: DecodedGlyph[] = [];
      for (let i = 0; i + length <= bytes.length; i += length) {
        let code = 0;
        for (let j = 0; j < length; j++) code = code * 256 + (bytes[i + j] ?? 0);
        const width = (widths.get(code) ?? defaultWidth) / 1000;
        out.push({ code, text: toUnicode?.map.get(code) ?? '', width, wordSpace: length === 1 && code === 32 });
      }
      return out;
    },
  };
}

/** `/W [c [w1 w2 …] cFirst cLast w …]`. */
function cidWidths(reader: PdfReader, value: PdfObject | undefined): Map<number, number> {
  const items = reader.resolveArray(value)?.items ?? [];
  const map = new Map<number, number>();
  for (let i = 0; i < items.length; ) {
    const first = reader.resolveNumber(items[i]);
    const next = reader.resolve(items[i + 1]);
    if (first === undefined) break;
    if (next instanceof PdfArray) {
      for (const [k, w] of next.items.entries()) map.set(first + k, reader.resolveNumber(w) ?? 0);
      i += 2;
      continue;
    }
    const last = reader.resolveNumber(next);
    const width = reader.resolveNumber(items[i + 2]);
    if (last === undefined || width === undefined || last - first > 0xffff) break;
    for (let c = first; c <= last; c++) map.set(c, width);
    i += 3;
  }
  return map;
}
