/**
 * Page preview with pdf.js: renders one page at a time into a canvas sized to the panel. The worker script is
 * bundled with the extension (no remote code, MV3 forbids it).
 */
import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerUrl;

export interface RenderedPage {
  /** Visible page size in PDF points (after /Rotate and CropBox). */
  width: number;
  height: number;
  /** CSS pixels per point. */
  scale: number;
}

export class PdfPreview {
  private constructor(private readonly pdf: PDFDocumentProxy) {}

  get document(): PDFDocumentProxy {
    return this.pdf;
  }

  static async open(bytes: Uint8Array): Promise<PdfPreview> {
    // pdf.js takes ownership of the buffer it is given; keep the caller's bytes intact.
    return new PdfPreview(await getDocument({ data: bytes.slice(), isEvalSupported: false }).promise);
  }

  get pageCount(): number {
    return this.pdf.numPages;
  }

  async render(pageNumber: number, canvas: HTMLCanvasElement, maxWidth: number): Promise<RenderedPage> {
    const page = await this.pdf.getPage(pageNumber);
    const unit = page.getViewport({ scale: 1 });
    const scale = Math.min(maxWidth / unit.width, 1.5);
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: scale * ratio });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(unit.width * scale)}px`;
    canvas.style.height = `${Math.floor(unit.height * scale)}px`;
    await page.render({ canvas, viewport }).promise;
    return { width: unit.width, height: unit.height, scale };
  }
}

/** The signer's title line (Decree 30, Appendix I: "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC", …). */
const SIGNER_TITLE = /^(?:(?:KT|TL|TM|TUQ|Q)\.\s*)?(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|BỘ TRƯỞNG|THỦ TRƯỞNG|HIỆU TRƯỞNG|TRƯỞNG\s)/u;

interface TextLine {
  text: string;
  /** Visible-page points, origin bottom-left; `y` is the baseline. */
  x: number;
  y: number;
  width: number;
  height: number;
}

async function textLines(pdf: PDFDocumentProxy, pageNumber: number): Promise<{ lines: TextLine[]; width: number; height: number }> {
  const page = await pdf.getPage(pageNumber);
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const lines: TextLine[] = [];
  for (const item of content.items) {
    if (!('str' in item) || !item.str.trim()) continue;
    // Through the viewport so CropBox offsets and /Rotate are taken care of.
    const [vx, vy] = viewport.convertToViewportPoint(item.transform[4] as number, item.transform[5] as number) as [number, number];
    lines.push({ text: item.str.trim(), x: vx, y: viewport.height - vy, width: item.width, height: item.height || 12 });
  }
  return { lines, width: viewport.width, height: viewport.height };
}

/**
 * Where the competent person's signature goes: between the lowest signer title in the lower right of the page and
 * the name under it. Undefined when the page has no such block (scanned pages, other layouts).
 */
export async function findSignerBlock(
  preview: PdfPreview,
  pageNumber: number,
): Promise<{ x: number; y: number; width: number; height: number } | undefined> {
  const { lines, width, height } = await textLines(preview.document, pageNumber);
  const centre = (l: TextLine) => l.x + l.width / 2;
  const titles = lines
    .filter((l) => SIGNER_TITLE.test(l.text) && l.text === l.text.toUpperCase())
    .filter((l) => centre(l) > width * 0.45 && l.y < height * 0.7)
    .sort((a, b) => a.y - b.y);
  const title = titles[0];
  if (!title) return undefined;
  const name = lines
    .filter((l) => l.y < title.y - 4 && Math.abs(centre(l) - centre(title)) < 90)
    .sort((a, b) => b.y - a.y)[0];
  const top = title.y - 6;
  const bottom = name ? name.y + name.height + 4 : top - 70;
  const boxHeight = Math.min(Math.max(top - bottom, 40), 110);
  const boxWidth = 160;
  return {
    x: Math.min(Math.max(centre(title) - boxWidth / 2, 0), width - boxWidth),
    y: bottom + (top - bottom - boxHeight) / 2,
    width: boxWidth,
    height: boxHeight,
  };
}
