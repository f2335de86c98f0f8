/**
 * One recipe at work on the page: a "Ký số" button on every row it can read (also rows the portal adds later),
 * a disabled one with the reason on rows it cannot, and the check report for IT. Stopped when the app navigates
 * to a page the recipe does not cover.
 */
import type { SerializedError } from '@kyso/shared';
import type { AdapterRecipe } from '../common/adapter';
import type { ask } from '../common/ask';
import type { CheckReport } from '../common/check';
import type { Translator } from '../common/i18n';
import type { DocumentInPage } from '../common/messages';
import { BatchSelection } from './batch';
import { createSignButton, type SignButton } from './button';
import { findRows, MAX_ROWS, placeButton, readCsrfToken, readRow } from './rows';
import { createUnavailableButton } from './unavailable-button';

/** How the session asks the background (common/ask.ts; a test may pass its own). */
export type Ask = typeof ask;

/** Scans after a burst of DOM changes: one per 50 ms at most. */
const SCAN_DELAY_MS = 50;

export class PortalSession {
  private readonly done = new WeakSet<Element>();
  private readonly buttonsByUrl = new Map<string, SignButton>();
  private readonly batch: BatchSelection;
  private observer?: MutationObserver;
  private scheduled = false;

  constructor(
    readonly recipe: AdapterRecipe,
    private readonly t: Translator,
    private readonly ask: Ask,
  ) {
    this.batch = new BatchSelection(recipe, t, async (documents) => {
      await ask({ action: 'batch.start', documents, csrfToken: readCsrfToken(recipe), pageUrl: location.href });
    });
  }

  start(): void {
    this.scan();
    // Portals load rows by fetch/XHR after the page, and single-page apps replace whole lists: one scan per
    // burst of changes (timers also run in background tabs, animation frames do not).
    this.observer = new MutationObserver(() => {
      if (this.scheduled) return;
      this.scheduled = true;
      setTimeout(() => {
        this.scheduled = false;
        if (this.observer) this.scan();
      }, SCAN_DELAY_MS);
    });
    this.observer.observe(document.documentElement, { childList: true, subtree: true });
  }

  stop(): void {
    this.observer?.disconnect();
    this.observer = undefined;
  }

  markSigned(documentUrl: string, ok: boolean): void {
    this.buttonsByUrl.get(documentUrl)?.markSigned(ok);
  }

  private scan(): void {
    findRows(this.recipe).forEach((row, index) => {
      if (this.done.has(row)) return;
      this.done.add(row);
      const reading = readRow(this.recipe, row, index);
      if (!reading.document) {
        if (reading.problem) placeButton(this.recipe, row, createUnavailableButton(this.t, reading.problem));
        return;
      }
      this.addButton(row, reading.document);
    });
    this.batch.scan();
  }

  private addButton(row: Element, doc: DocumentInPage): void {
    const button: SignButton = createSignButton(
      this.t,
      doc.title,
      () => {
        button.setBusy(true);
        this.ask({
          action: 'signing.start',
          document: doc,
          csrfToken: readCsrfToken(this.recipe),
          pageUrl: location.href,
        })
          .catch((error: SerializedError) => button.showError(error))
          .finally(() => button.setBusy(false));
      },
      () => {
        this.ask({ action: 'verify.start', document: doc, pageUrl: location.href }).catch((error: SerializedError) =>
          button.showError(error),
        );
      },
    );
    this.buttonsByUrl.set(doc.url, button);
    placeButton(this.recipe, row, button.host);
  }

  /** What the recipe makes of the page now (read again, not from the buttons: IT may have just changed it). */
  check(): CheckReport {
    const rows = findRows(this.recipe);
    const report: CheckReport = {
      url: location.href,
      recipe: { id: this.recipe.id, name: this.recipe.name },
      rows: rows.length,
      buttons: document.querySelectorAll('kyso-sign').length,
      pdfAddresses: 0,
      uploadAddresses: 0,
    };
    rows.slice(0, MAX_ROWS).forEach((row, index) => {
      const reading = readRow(this.recipe, row, index);
      if (reading.document) {
        report.pdfAddresses++;
        report.examplePdf ??= reading.document.url;
      }
      if (reading.uploadUrl) {
        report.uploadAddresses++;
        report.exampleUpload ??= reading.uploadUrl;
      }
      if (reading.problem && !report.firstProblem) {
        report.firstProblem = { row: index + 1, title: reading.title.slice(0, 120), ...reading.problem };
      }
    });
    if (this.recipe.upload.csrf)
      report.csrfFound = !!readCsrfToken(this.recipe) || !!this.recipe.upload.csrf.responseHeader;
    return report;
  }
}
