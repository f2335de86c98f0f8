/**
 * Automatic placement (Decree 30/2020/NĐ-CP, Appendix I §II): anchors are found by the text of the page, never
 * guessed — an anchor that is not there is PLACEMENT_NOT_FOUND, so the user places the box. All rectangles are in
 * the visible-page space of the signing API (points from the bottom-left of the page as displayed).
 */
import type { PlacementRule } from '@kyso/shared';
import { KysoError } from '@kyso/shared';
import {
  extractPageText,
  type PageText,
  type PageTextLine,
  type PdfDocument,
  type PdfRect,
  toVisiblePoint,
} from '../pdf';

type BetweenRule = Extract<PlacementRule, { kind: 'between-title-and-name' }>;
type TopRightRule = Extract<PlacementRule, { kind: 'top-right' }>;
type BelowNumberRule = Extract<PlacementRule, { kind: 'below-number' }>;

/** Text of the appearance writer: 2 pt padding, 1.2 leading, baseline 0.9 em under the top (pdf/appearance.ts). */
export const BOX_PADDING = 2;
export const BOX_LEADING = 1.2;
export const BOX_ASCENT = 0.9;

const PT_PER_MM = 72 / 25.4;

function notFound(details: Record<string, unknown>): KysoError {
  return new KysoError('PLACEMENT_NOT_FOUND', details);
}

/** Upper case, NFC, single spaces: "Nguyễn Văn An" and "NGUYỄN  VĂN AN" (even decomposed) compare equal. */
export function normalizeVietnamese(text: string): string {
  return text.normalize('NFC').toLocaleUpperCase('vi').replace(/\s+/g, ' ').trim();
}

/** Without diacritics (đ → D as well): the fallback when a font's ToUnicode lost the accents. */
export function withoutDiacritics(text: string): string {
  return normalizeVietnamese(text).normalize('NFD').replace(/\p{M}/gu, '').replace(/Đ/g, 'D').normalize('NFC');
}

const centre = (l: PageTextLine): number => l.x + l.width / 2;

/** A line above the name in the same column: centred on it (titles and name share a centred column). */
function sameColumn(a: PageTextLine, b: PageTextLine): boolean {
  return Math.abs(centre(a) - centre(b)) < Math.max(a.width, b.width) / 2;
}

export function isTitleLine(line: PageTextLine, titles: string[]): boolean {
  const text = normalizeVietnamese(line.text);
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length === 0) return false;
  if (titles.some((t) => text.startsWith(normalizeVietnamese(t)))) return true;
  // Appendix I: the title of the signer is written in capitals; a capital line right above the gap counts.
  return line.text.normalize('NFC') === line.text.normalize('NFC').toLocaleUpperCase('vi');
}

function nameLines(text: PageText, signerName: string): PageTextLine[] {
  const exact = normalizeVietnamese(signerName);
  const loose = withoutDiacritics(signerName);
  const found = text.lines.filter((l) => normalizeVietnamese(l.text).includes(exact));
  return found.length > 0 ? found : text.lines.filter((l) => withoutDiacritics(l.text).includes(loose));
}

/** The line right above `line` in its column, if any. */
function lineAbove(text: PageText, line: PageTextLine): PageTextLine | undefined {
  return text.lines
    .filter((l) => l.baseline > line.baseline + 0.5 * line.size && sameColumn(l, line))
    .sort((a, b) => a.baseline - b.baseline)[0];
}

/** The line right below `line` in its column, if any. */
function lineBelow(text: PageText, line: PageTextLine): PageTextLine | undefined {
  return text.lines
    .filter((l) => l.baseline < line.baseline - 0.5 * line.size && sameColumn(l, line))
    .sort((a, b) => b.baseline - a.baseline)[0];
}

/** The image's box centred in the room between a title line and the name under it; undefined when too small. */
function boxBetween(title: PageTextLine, name: PageTextLine, rule: BetweenRule, aspect: number, maxWidth: number) {
  const bottom = name.y + name.height;
  const gap = title.y - bottom;
  if (gap < rule.minGapPt) return { gap };
  const room = gap - 2 * rule.paddingPt;
  const width = Math.min(room * aspect, maxWidth);
  const height = width / aspect;
  const cx = (centre(title) + centre(name)) / 2;
  return { gap, rect: { x: cx - width / 2, y: bottom + rule.paddingPt + (room - height) / 2, width, height } };
}

/** A title of the signer block by its wording (the list of the profile), not merely by being in capitals. */
function isKnownTitle(line: PageTextLine, titles: string[]): boolean {
  const text = normalizeVietnamese(line.text);
  return titles.some((t) => text.startsWith(normalizeVietnamese(t)));
}

/**
 * The signer block found by its layout alone (Appendix I §II.a, form of the "quyền hạn, chức vụ" block): on the
 * last page, in the right half, the lowest title line (GIÁM ĐỐC, KT. CHỦ TỊCH / PHÓ CHỦ TỊCH, …) with the
 * signer's full name some lines below it. Used when the certificate holder's name is not on the document.
 */
function signerBlockByLayout(doc: PdfDocument, rule: BetweenRule, aspect: number, maxWidth: number) {
  const pageIndex = doc.pageCount - 1;
  const text = extractPageText(doc, pageIndex);
  const titles = text.lines
    .filter((l) => centre(l) > text.width / 2 && isKnownTitle(l, rule.titles))
    .sort((a, b) => a.baseline - b.baseline);
  for (const title of titles) {
    const name = lineBelow(text, title);
    if (!name || isKnownTitle(name, rule.titles) || !/\p{L}/u.test(name.text)) continue;
    const { rect } = boxBetween(title, name, rule, aspect, maxWidth);
    if (rect) return { pageIndex, rect, documentSigner: name.text.trim() };
  }
  return undefined;
}

/**
 * Leader (Appendix I §II.a): the signature image centred between the last title line of the signer block and the
 * signer's name. Searches from the last page backwards; the lowest name with a title above it wins. When the
 * holder's name is nowhere in a signer block, the block is found by its layout and `documentSigner` names who the
 * document says signs (the caller tells the user). `aspect` is the image's width / height.
 */
export function placeBetweenTitleAndName(
  doc: PdfDocument,
  signerName: string,
  rule: BetweenRule,
  aspect: number,
  maxWidth: number,
): { pageIndex: number; rect: PdfRect; documentSigner?: string } {
  const tried: Record<string, unknown>[] = [];
  // An empty name would match every line (and end on the national motto): only search for a real one.
  for (let pageIndex = doc.pageCount - 1; pageIndex >= 0 && signerName.trim(); pageIndex--) {
    const text = extractPageText(doc, pageIndex);
    const names = nameLines(text, signerName).sort((a, b) => a.baseline - b.baseline);
    for (const name of names) {
      const above = lineAbove(text, name);
      if (!above || !isTitleLine(above, rule.titles)) {
        tried.push({ page: pageIndex + 1, name: name.text, reason: 'no title line right above the name' });
        continue;
      }
      const { gap, rect } = boxBetween(above, name, rule, aspect, maxWidth);
      if (rect) return { pageIndex, rect };
      tried.push({
        page: pageIndex + 1,
        name: name.text,
        title: above.text,
        reason: 'no room between title and name',
        gap,
      });
    }
  }
  const byLayout = signerBlockByLayout(doc, rule, aspect, maxWidth);
  if (byLayout) return byLayout;
  throw notFound({ profile: 'leader', anchor: 'signer block', signerName, tried });
}

/** The last visible signature already in the file (the leader's), in visible-page space. */
export function previousVisibleSignature(doc: PdfDocument): { pageIndex: number; rect: PdfRect } {
  const visible = doc
    .signatures()
    .filter((s) => s.type === 'Sig' && s.pageIndex !== undefined && s.rect && s.rect.width > 1 && s.rect.height > 1);
  const last = visible[visible.length - 1];
  if (!last?.rect || last.pageIndex === undefined) {
    throw notFound({ profile: 'organization', anchor: 'a visible signature of the competent person' });
  }
  const page = doc.page(last.pageIndex);
  const { x, y, width, height } = last.rect;
  const [u0, v0] = toVisiblePoint(page, x, y);
  const [u1, v1] = toVisiblePoint(page, x + width, y + height);
  const rect = { x: Math.min(u0, u1), y: Math.min(v0, v1), width: Math.abs(u1 - u0), height: Math.abs(v1 - v0) };
  return { pageIndex: last.pageIndex, rect };
}

/**
 * Organisation seal (Appendix I §II.b): at its real size, vertically centred on the leader's signature and
 * covering its left `coverFraction` (about 1/3): the seal's right edge lies that far into the signature.
 */
export function placeOverSignature(
  leader: PdfRect,
  sealWidth: number,
  sealHeight: number,
  coverFraction: number,
): PdfRect {
  return {
    x: leader.x + leader.width * coverFraction - sealWidth,
    y: leader.y + leader.height / 2 - sealHeight / 2,
    width: sealWidth,
    height: sealHeight,
  };
}

/** Appendix and copy (Appendix I §II.c, §II.d): a box of the given size at the top right of the page. */
export function placeTopRight(
  page: { width: number; height: number },
  width: number,
  height: number,
  rule: TopRightRule,
): PdfRect {
  return {
    x: page.width - rule.rightMm * PT_PER_MM - width,
    y: page.height - rule.topMm * PT_PER_MM - height,
    width,
    height,
  };
}

/**
 * Incoming-document mark (Decree 30/2020 Appendix IV, dấu "ĐẾN"): under the "Số: …" line of page 1's left
 * header column and under the "V/v …" summary lines that follow it closely, centred on that column.
 */
export function placeBelowNumber(doc: PdfDocument, rule: BelowNumberRule, width: number, height: number): PdfRect {
  const text = extractPageText(doc, 0);
  const anchors = rule.anchors.map(normalizeVietnamese);
  const left = text.lines.filter((l) => centre(l) < text.width / 2);
  const isNumberLine = (l: PageTextLine) => {
    const line = normalizeVietnamese(l.text);
    return anchors.some((a) => line.startsWith(a)) || /^SO\s*:/.test(withoutDiacritics(l.text));
  };
  const anchor = left.filter(isNumberLine).sort((a, b) => b.baseline - a.baseline)[0];
  if (!anchor) throw notFound({ profile: 'income', anchor: 'the "Số: …" line on page 1' });
  let bottom = anchor;
  for (const line of left.filter((l) => l.baseline < anchor.baseline).sort((a, b) => b.baseline - a.baseline)) {
    if (bottom.y - (line.y + line.height) > 0.8 * bottom.size || !sameColumn(line, anchor)) break;
    bottom = line;
  }
  const margin = 5 * PT_PER_MM;
  const x = Math.min(Math.max(centre(anchor) - width / 2, margin), text.width - margin - width);
  const y = bottom.y - rule.gapPt - height;
  if (y < margin) throw notFound({ profile: 'income', anchor: 'room under the "Số: …" line', line: anchor.text });
  return { x, y, width, height };
}

/** Box height for `count` lines of `size` points as the appearance writer draws them. */
export function textBoxHeight(count: number, size: number): number {
  return count * size * BOX_LEADING + 2 * BOX_PADDING;
}
