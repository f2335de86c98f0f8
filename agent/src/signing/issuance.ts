/**
 * Issuance, the clerk's step (Decree 30/2020 Art. 15–16 and Appendix I): the document number goes into the
 * "Số: …/…" blank and the issue date into "ngày … tháng … năm …" on page 1. They are written as read-only text
 * widgets in the same incremental update as the organisation's signature — never into page content, which would
 * invalidate the leader's signature (ISO 32000-1 §12.8.2.2.2: form filling is an allowed change).
 */
import { KysoError, type Warning, warning } from '@kyso/shared';
import {
  appearanceTextWidth,
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

/** Text centred in a blank, its baseline on the line's baseline (the appearance draws from the box top). */
function widgetInBlank(line: PageTextLine, left: number, right: number, text: string): TextWidget {
  const size = line.size;
  const width = appearanceTextWidth(text, size) + 2 * BOX_PADDING + 1;
  const top = line.baseline + BOX_ASCENT * size + BOX_PADDING;
  const height = size * BOX_LEADING + 2 * BOX_PADDING;
  const x = (left + right) / 2 - width / 2;
  return {
    rect: { x, y: top - height, width, height },
    lines: [{ text, fontSize: size, color: [0, 0, 0] }],
    pageIndex: 0,
  };
}

/** Index of the glyph holding text position `i` (skipping inserted spaces backwards). */
function glyphAt(line: PageTextLine, i: number): number {
  for (let k = i; k >= 0; k--) {
    const g = line.glyphOfChar[k];
    if (g !== undefined && g >= 0) return g;
  }
  return 0;
}

/** The blank after text position `end` (exclusive) up to the next visible glyph, or the next line on the row. */
function blankAfter(
  line: PageTextLine,
  end: number,
  row: PageTextLine[],
): { left: number; right: number; filled: string } {
  const from = glyphAt(line, end - 1);
  const left = line.glyphs[from]?.x1 ?? line.x;
  const next = line.glyphs.findIndex((g, i) => i > from && g.text.trim() !== '');
  if (next >= 0) return { left, right: line.glyphs[next]!.x0, filled: line.glyphs[next]!.text };
  const neighbour = row.filter((l) => l !== line && l.x >= left).sort((a, b) => a.x - b.x)[0];
  return { left, right: neighbour ? neighbour.x : left + OPEN_BLANK, filled: '' };
}

function sameRow(lines: PageTextLine[], line: PageTextLine): PageTextLine[] {
  return lines.filter((l) => Math.abs(l.baseline - line.baseline) < 0.3 * line.size);
}

const missing = (anchor: string) => new KysoError('PLACEMENT_NOT_FOUND', { profile: 'organization', anchor });

/** The widgets for number and date; PLACEMENT_NOT_FOUND when a blank is not on page 1. */
export function issuanceWidgets(doc: PdfDocument, issuance: Issuance): { widgets: TextWidget[]; warnings: Warning[] } {
  const { lines } = extractPageText(doc, 0);
  const warnings: Warning[] = [];
  const widgets: TextWidget[] = [];
  const so = lines.find((l) => /^số\s*:/iu.test(l.text.normalize('NFC').trim()));
  if (!so) throw missing('"Số: …/…" on page 1');
  const colon = so.text.indexOf(':');
  const blank = blankAfter(so, colon + 1, sameRow(lines, so));
  if (/\d/.test(blank.filled)) warnings.push(warning('NUMBER_ALREADY_PRINTED', { text: so.text }));
  else widgets.push(widgetInBlank(so, blank.left, blank.right, issuance.number));

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
    widgets.push(widgetInBlank(dateLine, gap.left, gap.right, value));
  }
  return { widgets, warnings };
}
