/**
 * Text with positions, for automatic placement (PDF syntax only: ISO 32000-1 §7.8 content streams, §9 text).
 * Lines are reported in the visible-page space of the signing API (points from the bottom-left, after /Rotate).
 */
import { KysoError } from '@kyso/shared';
import { ParsedPdf, type PdfDocument } from '../document';
import { type PdfDict, PdfStream } from '../objects';
import { safeDecode, TextInterpreter } from './interpreter';
import { buildLines, type TextLine, uprightGlyphs } from './layout';

export type { LayoutGlyph, TextLine } from './layout';
export { ASCENT, DESCENT, toVisiblePoint } from './layout';

export interface PageText {
  pageIndex: number;
  /** Visible size after rotation. */
  width: number;
  height: number;
  lines: TextLine[];
}

/** The page's content streams concatenated (§7.7.3.3: /Contents is a stream or an array of streams). */
function contentStreams(doc: ParsedPdf, pageIndex: number): Uint8Array {
  const reader = doc.reader;
  const contents = reader.resolve(doc.pageNode(pageIndex).dict.get('Contents'));
  const items = contents instanceof PdfStream ? [contents] : (reader.resolveArray(contents)?.items ?? []);
  const parts: Uint8Array[] = [];
  for (const item of items) {
    const stream = reader.resolve(item);
    const data = stream instanceof PdfStream ? safeDecode(reader, stream) : undefined;
    // Streams are split at token boundaries only, so join them with white space (§7.8.2).
    if (data) parts.push(data, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

/** /Resources is inheritable (§7.7.3.4, Table 30): walk up /Parent when the page has none. */
function pageResources(doc: ParsedPdf, page: PdfDict): PdfDict | undefined {
  let node: PdfDict | undefined = page;
  for (let depth = 0; node && depth < 64; depth++) {
    const resources = doc.reader.resolveDict(node.get('Resources'));
    if (resources) return resources;
    node = doc.reader.resolveDict(node.get('Parent'));
  }
  return undefined;
}

/** Lines of text on one page, top to bottom. PAGE_OUT_OF_RANGE for a bad index. */
export function extractPageText(doc: PdfDocument, pageIndex: number): PageText {
  if (!(doc instanceof ParsedPdf))
    throw new KysoError('INVALID_ARGUMENT', { reason: 'not a document opened by openPdf' });
  const node = doc.pageNode(pageIndex);
  const interpreter = new TextInterpreter(doc.reader);
  interpreter.run(contentStreams(doc, pageIndex), pageResources(doc, node.dict));
  const lines = buildLines(uprightGlyphs(node.info, interpreter.glyphs));
  return { pageIndex, width: node.info.width, height: node.info.height, lines };
}
