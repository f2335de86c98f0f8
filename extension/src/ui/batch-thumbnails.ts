/**
 * First-page thumbnails in the batch review, drawn with pdf.js from the very bytes the run will sign (the review's
 * `batch.plan` answer carries them). Drawn when a row scrolls into view, one at a time: a list of 40 documents does
 * not open 40 PDFs at once.
 */
import { base64ToBytes } from '../common/base64';
import { PdfPreview } from './pdf-preview';

const THUMB_WIDTH = 56;

export class Thumbnails {
  private readonly pending = new Map<Element, { canvas: HTMLCanvasElement; pdfBase64: string }>();
  private queue: Promise<void> = Promise.resolve();
  private readonly observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      const job = this.pending.get(entry.target);
      if (!job) continue;
      this.pending.delete(entry.target);
      this.observer.unobserve(entry.target);
      this.queue = this.queue.then(() => draw(job.canvas, job.pdfBase64));
    }
  });

  /** Shows `pdfBase64`'s first page in `canvas` once `row` is visible. */
  show(row: Element, canvas: HTMLCanvasElement, pdfBase64: string): void {
    this.pending.set(row, { canvas, pdfBase64 });
    this.observer.observe(row);
  }
}

async function draw(canvas: HTMLCanvasElement, pdfBase64: string): Promise<void> {
  let preview: PdfPreview | undefined;
  try {
    preview = await PdfPreview.open(base64ToBytes(pdfBase64));
    await preview.render(1, canvas, THUMB_WIDTH);
    canvas.dataset.drawn = 'true';
  } catch {
    // The row's placement cell already says why the document cannot be read.
    canvas.dataset.drawn = 'failed';
  } finally {
    await preview?.document.destroy();
  }
}
