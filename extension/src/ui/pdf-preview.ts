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
