/**
 * From glyphs to lines, in the visible-page space the signing API uses (points from the bottom-left of the CropBox
 * as displayed after /Rotate, ISO 32000-1 §7.7.3.3, §14.11.2). Producers cut text anywhere — LibreOffice shows
 * words as several glyph runs, Word places words one by one, blanks may be runs of spaces — so lines are rebuilt
 * from single glyphs: same baseline, then split where a gap is too wide to be a word space (a second column).
 */
import type { PageInfo } from '../pages';
import type { PageGlyph } from './interpreter';

export interface LayoutGlyph {
  text: string;
  /** Left and right edge along the baseline, visible space. */
  x0: number;
  x1: number;
  baseline: number;
  size: number;
}

export interface TextLine {
  text: string;
  /** Box from the bottom-left of the visible page: baseline − descent up to baseline + ascent. */
  x: number;
  y: number;
  width: number;
  height: number;
  baseline: number;
  /** Font size as seen. */
  size: number;
  glyphs: LayoutGlyph[];
  /** For each UTF-16 unit of `text`, the index of its glyph; -1 for a space inserted for a gap. */
  glyphOfChar: number[];
}

/** Typical Latin ascent/descent as fractions of the font size (Times New Roman: 0.891 / 0.216). */
export const ASCENT = 0.9;
export const DESCENT = 0.22;
const SAME_BASELINE = 0.3;
const WORD_GAP = 0.12;
const COLUMN_GAP = 1.5;
const MIN_SIZE = 0.5;

/** Page space → visible space (the inverse of geometry.toPagePoint). */
export function toVisiblePoint(page: PageInfo, x: number, y: number): [number, number] {
  const [cx, cy, cx1, cy1] = page.cropBox;
  const w = cx1 - cx;
  const h = cy1 - cy;
  switch (page.rotate) {
    case 90:
      return [y - cy, cx + w - x];
    case 180:
      return [cx + w - x, cy + h - y];
    case 270:
      return [cy + h - y, x - cx];
    default:
      return [x - cx, y - cy];
  }
}

function toVisibleVector(page: PageInfo, dx: number, dy: number): [number, number] {
  switch (page.rotate) {
    case 90:
      return [dy, -dx];
    case 180:
      return [-dx, -dy];
    case 270:
      return [-dy, dx];
    default:
      return [dx, dy];
  }
}

/** Glyphs that read left to right, upright, as the page is displayed; others (vertical, rotated) are left out. */
export function uprightGlyphs(page: PageInfo, glyphs: PageGlyph[]): LayoutGlyph[] {
  const out: LayoutGlyph[] = [];
  for (const g of glyphs) {
    const [u0, v0] = toVisiblePoint(page, g.x0, g.y0);
    const [u1, v1] = toVisiblePoint(page, g.x1, g.y1);
    const [upU, upV] = toVisibleVector(page, g.upX, g.upY);
    const size = Math.hypot(upU, upV);
    if (size < MIN_SIZE || upV <= 0 || Math.abs(upU) > 0.2 * upV) continue;
    if (u1 < u0 - 0.01 || Math.abs(v1 - v0) > 0.2 * size) continue;
    out.push({ text: g.text === '\u00a0' ? ' ' : g.text.normalize('NFC'), x0: u0, x1: u1, baseline: v0, size });
  }
  return out;
}

const isBlank = (g: LayoutGlyph): boolean => g.text.trim() === '';

/** Lines from the top of the page down, left to right within a row. */
export function buildLines(glyphs: LayoutGlyph[]): TextLine[] {
  const sorted = [...glyphs].sort((a, b) => b.baseline - a.baseline || a.x0 - b.x0);
  const rows: LayoutGlyph[][] = [];
  let row: LayoutGlyph[] = [];
  for (const g of sorted) {
    const ref = row[0];
    if (ref && Math.abs(ref.baseline - g.baseline) > SAME_BASELINE * Math.min(ref.size, g.size)) {
      rows.push(row);
      row = [];
    }
    row.push(g);
  }
  if (row.length > 0) rows.push(row);
  return rows.flatMap((r) => splitRow(r.sort((a, b) => a.x0 - b.x0)));
}

/** Splits a row at column gaps and drops glyphs drawn twice at the same place (fake bold, shadows). */
function splitRow(row: LayoutGlyph[]): TextLine[] {
  const segments: LayoutGlyph[][] = [];
  let current: LayoutGlyph[] = [];
  for (const g of row) {
    const prev = current[current.length - 1];
    if (prev && prev.text === g.text && Math.abs(prev.x0 - g.x0) < 0.05 * g.size) continue;
    if (prev && g.x0 - prev.x1 > COLUMN_GAP * Math.max(prev.size, g.size)) {
      segments.push(current);
      current = [];
    }
    current.push(g);
  }
  if (current.length > 0) segments.push(current);
  return segments.map(toLine).filter((l): l is TextLine => l !== undefined);
}

function toLine(segment: LayoutGlyph[]): TextLine | undefined {
  let start = 0;
  let end = segment.length;
  while (start < end && isBlank(segment[start]!)) start++;
  while (end > start && isBlank(segment[end - 1]!)) end--;
  const glyphs = segment.slice(start, end);
  const first = glyphs[0];
  const last = glyphs[glyphs.length - 1];
  if (!first || !last) return undefined;
  let text = '';
  const glyphOfChar: number[] = [];
  glyphs.forEach((g, i) => {
    const prev = glyphs[i - 1];
    if (prev && !isBlank(prev) && !isBlank(g) && g.x0 - prev.x1 > WORD_GAP * g.size) {
      text += ' ';
      glyphOfChar.push(-1);
    }
    text += g.text;
    for (let k = 0; k < g.text.length; k++) glyphOfChar.push(i);
  });
  const size = Math.max(...glyphs.map((g) => g.size));
  const baseline = glyphs.reduce((sum, g) => sum + g.baseline, 0) / glyphs.length;
  const x = Math.min(first.x0, ...glyphs.map((g) => g.x0));
  const right = Math.max(last.x1, ...glyphs.map((g) => g.x1));
  return {
    text,
    x,
    y: baseline - DESCENT * size,
    width: right - x,
    height: (ASCENT + DESCENT) * size,
    baseline,
    size,
    glyphs,
    glyphOfChar,
  };
}
