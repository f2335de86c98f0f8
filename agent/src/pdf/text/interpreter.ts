/**
 * Runs the text-related part of a page's content (ISO 32000-1 §9.3, §9.4, §8.4.4): graphics state (q/Q/cm),
 * text state (Tc Tw Tz TL Tf Ts), positioning (Td TD Tm T*) and showing (Tj TJ ' "), and form XObjects (Do, §8.10).
 * Every shown glyph comes out in default user space (page space) with its advance, so a layout step can
 * rebuild words and lines whatever way the producer cut its runs.
 */
import { KysoError } from '@kyso/shared';
import { isName, PdfArray, type PdfDict, type PdfObject, PdfRef, PdfStream, PdfString } from '../objects';
import type { PdfReader } from '../reader';
import { loadFont, type TextFont } from './fonts';
import { operations } from './lexer';

export type Matrix = [number, number, number, number, number, number];

export interface PageGlyph {
  text: string;
  /** Origin and advance end of the glyph on the baseline, page space. */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** The text's "up" vector in page space: its length is the font size as seen on the page. */
  upX: number;
  upY: number;
}

interface GraphicsState {
  ctm: Matrix;
  font?: TextFont;
  fontSize: number;
  charSpace: number;
  wordSpace: number;
  scale: number;
  leading: number;
  rise: number;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const MAX_FORM_DEPTH = 8;
const MAX_GLYPHS = 200_000;

/** m1 × m2 (row-vector convention of §8.3.4: apply m1 first). */
export function multiply(a: Matrix, b: Matrix): Matrix {
  return [
    a[0] * b[0] + a[1] * b[2],
    a[0] * b[1] + a[1] * b[3],
    a[2] * b[0] + a[3] * b[2],
    a[2] * b[1] + a[3] * b[3],
    a[4] * b[0] + a[5] * b[2] + b[4],
    a[4] * b[1] + a[5] * b[3] + b[5],
  ];
}

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]];
}

function toMatrix(args: PdfObject[]): Matrix | undefined {
  if (args.length < 6 || args.slice(0, 6).some((a) => typeof a !== 'number')) return undefined;
  return args.slice(0, 6) as Matrix;
}

export class TextInterpreter {
  readonly glyphs: PageGlyph[] = [];
  private readonly fonts = new Map<string, TextFont>();
  private gs: GraphicsState = { ctm: IDENTITY, fontSize: 0, charSpace: 0, wordSpace: 0, scale: 1, leading: 0, rise: 0 };
  private stack: GraphicsState[] = [];
  private tm: Matrix = IDENTITY;
  private tlm: Matrix = IDENTITY;

  constructor(private readonly reader: PdfReader) {}

  /** Interprets one content stream (already decoded) with its resource dictionary. */
  run(data: Uint8Array, resources: PdfDict | undefined, depth = 0): void {
    for (const { op, args } of operations(data)) {
      if (this.glyphs.length > MAX_GLYPHS) return;
      this.operate(op, args, resources, depth);
    }
  }

  private operate(op: string, args: PdfObject[], resources: PdfDict | undefined, depth: number): void {
    const n = (i: number): number => (typeof args[i] === 'number' ? (args[i] as number) : 0);
    switch (op) {
      case 'q':
        this.stack.push({ ...this.gs });
        break;
      case 'Q':
        this.gs = this.stack.pop() ?? this.gs;
        break;
      case 'cm': {
        const m = toMatrix(args);
        if (m) this.gs.ctm = multiply(m, this.gs.ctm);
        break;
      }
      case 'BT':
        this.tm = IDENTITY;
        this.tlm = IDENTITY;
        break;
      case 'Tc':
        this.gs.charSpace = n(0);
        break;
      case 'Tw':
        this.gs.wordSpace = n(0);
        break;
      case 'Tz':
        this.gs.scale = n(0) / 100;
        break;
      case 'TL':
        this.gs.leading = n(0);
        break;
      case 'Ts':
        this.gs.rise = n(0);
        break;
      case 'Tf':
        this.gs.font = this.font(resources, args[0]);
        this.gs.fontSize = n(1);
        break;
      case 'Td':
        this.moveLine(n(0), n(1));
        break;
      case 'TD':
        this.gs.leading = -n(1);
        this.moveLine(n(0), n(1));
        break;
      case 'Tm': {
        const m = toMatrix(args);
        if (m) {
          this.tm = m;
          this.tlm = m;
        }
        break;
      }
      case 'T*':
        this.moveLine(0, -this.gs.leading);
        break;
      case 'Tj':
        this.show(args[0]);
        break;
      case "'":
        this.moveLine(0, -this.gs.leading);
        this.show(args[0]);
        break;
      case '"':
        this.gs.wordSpace = n(0);
        this.gs.charSpace = n(1);
        this.moveLine(0, -this.gs.leading);
        this.show(args[2]);
        break;
      case 'TJ':
        this.showArray(args[0]);
        break;
      case 'Do':
        this.form(resources, args[0], depth);
        break;
      default:
        break;
    }
  }

  private moveLine(tx: number, ty: number): void {
    this.tlm = multiply([1, 0, 0, 1, tx, ty], this.tlm);
    this.tm = this.tlm;
  }

  private font(resources: PdfDict | undefined, name: PdfObject | undefined): TextFont | undefined {
    if (!isName(name)) return undefined;
    const fonts = this.reader.resolveDict(resources?.get('Font'));
    const value = fonts?.get(name.value);
    const key = value instanceof PdfRef ? value.key : undefined;
    const cached = key ? this.fonts.get(key) : undefined;
    if (cached) return cached;
    const font = loadFont(this.reader, value);
    if (key) this.fonts.set(key, font);
    return font;
  }

  private showArray(value: PdfObject | undefined): void {
    if (!(value instanceof PdfArray)) return;
    for (const item of value.items) {
      if (typeof item === 'number') {
        // §9.4.4: a number moves the next glyph left by n/1000 text space units, scaled.
        const tx = (-item / 1000) * this.gs.fontSize * this.gs.scale;
        this.tm = multiply([1, 0, 0, 1, tx, 0], this.tm);
      } else this.show(item);
    }
  }

  /** §9.4.4: each glyph at Trm = [Tfs·Th 0 0 Tfs 0 Trise] × Tm × CTM, then Tm advances by tx. */
  private show(value: PdfObject | undefined): void {
    const font = this.gs.font;
    if (!(value instanceof PdfString) || !font) return;
    const { fontSize, scale, rise, charSpace, wordSpace, ctm } = this.gs;
    for (const glyph of font.decode(value.bytes)) {
      const trm = multiply([fontSize * scale, 0, 0, fontSize, 0, rise], multiply(this.tm, ctm));
      const [x0, y0] = apply(trm, 0, 0);
      const [x1, y1] = apply(trm, glyph.width, 0);
      const [ux, uy] = apply(trm, 0, 1);
      this.glyphs.push({ text: glyph.text, x0, y0, x1, y1, upX: ux - x0, upY: uy - y0 });
      const tx = (glyph.width * fontSize + charSpace + (glyph.wordSpace ? wordSpace : 0)) * scale;
      this.tm = multiply([1, 0, 0, 1, tx, 0], this.tm);
    }
  }

  /** A form XObject (§8.10.1): its /Matrix, then its own content with its own (or inherited) resources. */
  private form(resources: PdfDict | undefined, name: PdfObject | undefined, depth: number): void {
    if (!isName(name) || depth >= MAX_FORM_DEPTH) return;
    const xobject = this.reader.resolve(this.reader.resolveDict(resources?.get('XObject'))?.get(name.value));
    if (!(xobject instanceof PdfStream) || !isName(xobject.dict.get('Subtype'), 'Form')) return;
    const data = safeDecode(this.reader, xobject);
    if (!data) return;
    const saved = { gs: { ...this.gs }, stack: this.stack, tm: this.tm, tlm: this.tlm };
    const matrix = toMatrix(this.reader.resolveArray(xobject.dict.get('Matrix'))?.items ?? []);
    if (matrix) this.gs.ctm = multiply(matrix, this.gs.ctm);
    this.stack = [];
    this.run(data, this.reader.resolveDict(xobject.dict.get('Resources')) ?? resources, depth + 1);
    this.gs = saved.gs;
    this.stack = saved.stack;
    this.tm = saved.tm;
    this.tlm = saved.tlm;
  }
}

/**
 * The decoded stream, or undefined when its filter is not one we decode (its text is then not seen). A document
 * over its inflate budget is refused as a whole, not read with pages silently missing.
 */
export function safeDecode(reader: PdfReader, stream: PdfStream): Uint8Array | undefined {
  try {
    return reader.decode(stream);
  } catch (error) {
    if (error instanceof KysoError && error.code === 'PDF_TOO_COMPLEX') throw error;
    return undefined;
  }
}
