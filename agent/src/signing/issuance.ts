/**
 * Issuance, the clerk's step (Decree 30/2020 Art. 15–16 and Appendix I): the document number goes into the
 * "Số: …/…" blank and the issue date into "ngày … tháng … năm …" on page 1. They are written as further widgets of
 * the organisation's own signature field, in the same incremental update — never into page content or as new
 * text fields, either of which strict validators judge an illegal change to the leader's signature. Only what the
 * blank lacks is written ("125" of "125/QĐ-UBND" when the form prints "/QĐ-UBND"), inside the blank, so no new
 * glyph covers a printed one.
 */
import { KysoError, type Warning, warning } from '@kyso/shared';
import {
  type AppearanceFont,
  extractPageText,
  type PageTextLine,
  type PdfDocument,
  type PdfRect,
  type TextLine,
} from '../pdf';
import { BOX_ASCENT, BOX_LEADING, BOX_PADDING } from './placement';

export interface Issuance {
  number: string;
  /** YYYY-MM-DD */
  date: string;
}

export interface TextWidget {
  rect: PdfRect;
  lines: TextLine[];
  pageIndex: number;
}

/** Width of an empty blank with nothing after it (a year after "năm", a number with no "/…" suffix). */
const OPEN_BLANK = 40;

/**
 * Appendix I (thời gian ban hành): days below 10 and the months 1 and 2 take a leading zero
 * ("ngày 05 tháng 02 năm 2026", "ngày 25 tháng 8 năm 2026").
 */
export function issueDateParts(date: string): { day: string; month: string; year: string } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = Number(m?.[3]);
  const month = Number(m?.[2]);
  if (!m?.[1] || !(day >= 1 && day <= 31) || !(month >= 1 && month <= 12)) {
    throw new KysoError('INVALID_ARGUMENT', { reason: `issue date must be YYYY-MM-DD, got '${date}'` });
  }
  return { day: String(day).padStart(2, '0'), month: month <= 2 ? `0${month}` : String(month), year: m[1] };
}

/** Space kept between our text and the printed glyphs on either side. */
const GAP = 0.3;
/** Below this size a value does not fit its blank legibly. */
const MIN_SIZE = 6;

/**
 * The value in a blank, its baseline on the line's baseline, centred or (when it completes the printed text after
 * the blank, like "125" before "/QĐ-UBND") ending just before that text. Shrinks to fit; never wider than the blank.
 */
function widgetInBlank(
  line: PageTextLine,
  blank: Blank,
  text: string,
  align: 'centre' | 'right',
  font: AppearanceFont,
): TextWidget {
  const room = blank.right - blank.left - 2 * GAP;
  const natural = font.textWidth(text, line.size);
  const size = natural <= room ? line.size : (line.size * room) / natural;
  if (!(size >= MIN_SIZE)) throw missing(`a blank wide enough for "${text}"`);
  const textWidth = font.textWidth(text, size);
  const textX = align === 'right' ? blank.right - GAP - textWidth : (blank.left + blank.right - textWidth) / 2;
  const top = line.baseline + BOX_ASCENT * size + BOX_PADDING;
  const height = size * BOX_LEADING + 2 * BOX_PADDING;
  return {
    rect: { x: textX - BOX_PADDING, y: top - height, width: textWidth + 2 * BOX_PADDING + 1, height },
    lines: [{ text, fontSize: size, color: [0, 0, 0] }],
    pageIndex: 0,
  };
}

/** Case-, compatibility- and space-insensitive form for comparing the number with printed text. */
function comparable(text: string): string {
  return text.normalize('NFKC').toLocaleLowerCase('vi').replace(/\s+/gu, '');
}

/**
 * What the blank lacks: the number without the longest suffix the document already prints after the blank
 * ("125/QĐ-UBND" before a printed "/QĐ-UBND" → "125"). `stripped` is false when nothing was removed.
 */
export function numberForBlank(number: string, printedAfter: string): { text: string; stripped: boolean } {
  const printed = comparable(printedAfter);
  for (let p = 1; p < number.length; p++) {
    const suffix = comparable(number.slice(p));
    const head = number.slice(0, p).trim();
    if (suffix.length > 0 && head.length > 0 && printed.startsWith(suffix)) return { text: head, stripped: true };
  }
  return { text: number.trim(), stripped: false };
}

/** Index of the glyph holding text position `i` (skipping inserted spaces backwards). */
function glyphAt(line: PageTextLine, i: number): number {
  for (let k = i; k >= 0; k--) {
    const g = line.glyphOfChar[k];
    if (g !== undefined && g >= 0) return g;
  }
  return 0;
}

interface Blank {
  left: number;
  right: number;
  /** The first printed glyph after the blank ('' when none). */
  filled: string;
  /** The printed text from that glyph to the end of the line. */
  after: string;
}

/** The blank after text position `end` (exclusive) up to the next visible glyph, or the next line on the row. */
function blankAfter(line: PageTextLine, end: number, row: PageTextLine[]): Blank {
  const from = glyphAt(line, end - 1);
  const left = line.glyphs[from]?.x1 ?? line.x;
  const next = line.glyphs.findIndex((g, i) => i > from && g.text.trim() !== '');
  if (next >= 0) {
    const after = line.glyphs
      .slice(next)
      .map((g) => g.text)
      .join('');
    return { left, right: line.glyphs[next]!.x0, filled: line.glyphs[next]!.text, after };
  }
  const neighbour = row.filter((l) => l !== line && l.x >= left).sort((a, b) => a.x - b.x)[0];
  return { left, right: neighbour ? neighbour.x : left + OPEN_BLANK, filled: '', after: neighbour?.text ?? '' };
}

function sameRow(lines: PageTextLine[], line: PageTextLine): PageTextLine[] {
  return lines.filter((l) => Math.abs(l.baseline - line.baseline) < 0.3 * line.size);
}

const missing = (anchor: string) => new KysoError('PLACEMENT_NOT_FOUND', { profile: 'organization', anchor });

/** The widgets for number and date; PLACEMENT_NOT_FOUND when a blank is not on page 1. */
export function issuanceWidgets(
  doc: PdfDocument,
  issuance: Issuance,
  font: AppearanceFont,
): { widgets: TextWidget[]; warnings: Warning[] } {
  const { lines } = extractPageText(doc, 0);
  const warnings: Warning[] = [];
  const widgets: TextWidget[] = [];
  const so = lines.find((l) => /^số\s*:/iu.test(l.text.normalize('NFC').trim()));
  if (!so) throw missing('"Số: …/…" on page 1');
  const colon = so.text.indexOf(':');
  const blank = blankAfter(so, colon + 1, sameRow(lines, so));
  if (/\d/.test(blank.filled)) warnings.push(warning('NUMBER_ALREADY_PRINTED', { text: so.text }));
  else {
    const part = numberForBlank(issuance.number, blank.after);
    // A bare number ("125") is exactly what a "Số: …/QĐ-UBND" blank lacks; only a number that carries a symbol
    // of its own can disagree with the printed one.
    const bare = !issuance.number.includes('/');
    const beforeSymbol = blank.after.startsWith('/');
    if (!part.stripped && !bare && beforeSymbol) {
      warnings.push(warning('NUMBER_SYMBOL_DIFFERS', { text: so.text, number: issuance.number }));
    }
    widgets.push(widgetInBlank(so, blank, part.text, part.stripped ? 'right' : 'centre', font));
  }

  const dateLine = lines.find((l) => /ngày.*tháng.*năm/iu.test(l.text.normalize('NFC')));
  if (!dateLine) throw missing('"ngày … tháng … năm …" on page 1');
  const lower = dateLine.text.toLocaleLowerCase('vi'); // same length as the text: indices map to glyphs
  const parts = issueDateParts(issuance.date);
  const row = sameRow(lines, dateLine);
  const ngay = lower.indexOf('ngày');
  const thang = lower.indexOf('tháng', ngay);
  const nam = lower.indexOf('năm', thang);
  const slots: [number, string][] = [
    [ngay + 'ngày'.length, parts.day],
    [thang + 'tháng'.length, parts.month],
    [nam + 'năm'.length, parts.year],
  ];
  for (const [end, value] of slots) {
    const gap = blankAfter(dateLine, end, row);
    if (/\d/.test(gap.filled)) continue; // printed already (often the year)
    widgets.push(widgetInBlank(dateLine, gap, value, 'centre', font));
  }
  return { widgets, warnings };
}
