/**
 * The batch page's review list, where the clerk consents to what one PIN signs: one row per document with its
 * first page and title, its number, pages, profile, where the signature goes (the agent's plan, or why not),
 * whether it is included, and — during and after the run — its result.
 */
import { type ProfileName, type SerializedError, warningText } from '@kyso/shared';
import { base64ToBytes } from '../common/base64';
import type { Translator } from '../common/i18n';
import type { BatchItemResult, BatchPlanItem, DocumentInPage } from '../common/messages';
import { Thumbnails } from './batch-thumbnails';

interface RowCells {
  row: HTMLTableRowElement;
  include: HTMLInputElement;
  thumbnail: HTMLCanvasElement;
  pages: HTMLTableCellElement;
  placement: HTMLTableCellElement;
  status: HTMLTableCellElement;
}

function cell(row: HTMLTableRowElement, className: string, text = ''): HTMLTableCellElement {
  const td = row.insertCell();
  td.className = className;
  td.textContent = text;
  return td;
}

export class ReviewTable {
  private readonly rows: RowCells[] = [];
  private readonly results = new Map<number, BatchItemResult>();
  private readonly thumbnails = new Thumbnails();

  constructor(
    private readonly t: Translator,
    private readonly body: HTMLTableSectionElement,
    private readonly onChange: () => void,
  ) {}

  render(documents: DocumentInPage[], profile: ProfileName): void {
    documents.forEach((doc, index) => {
      const row = this.body.insertRow();
      row.dataset.index = String(index);
      row.dataset.docId = doc.id;
      const include = document.createElement('input');
      include.type = 'checkbox';
      include.checked = true;
      include.className = 'include';
      include.setAttribute('aria-label', this.t.t('batchInclude', doc.title));
      include.addEventListener('change', () => {
        // The user's own tick wins over the review's (a document without a place stays in if they want it).
        row.dataset.userChoice = 'true';
        delete row.dataset.autoUnticked;
        this.onChange();
      });
      cell(row, 'include').append(include);
      cell(row, 'index', String(index + 1));
      const title = cell(row, 'title');
      title.title = doc.fileName;
      const thumbnail = document.createElement('canvas');
      thumbnail.className = 'thumbnail';
      thumbnail.setAttribute('role', 'img');
      thumbnail.setAttribute('aria-label', this.t.t('batchThumbnail', doc.title));
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = doc.title;
      const wrap = document.createElement('div');
      wrap.className = 'doc';
      wrap.append(thumbnail, name);
      title.append(wrap);
      cell(row, 'number', doc.issueNumber ?? '');
      const pages = cell(row, 'pages', '…');
      cell(row, 'profile', this.t.t(`profile_${profile}`));
      const placement = cell(row, 'placement', this.t.t('batchPlacementChecking'));
      const status = cell(row, 'status', this.t.t('state_waiting'));
      this.rows.push({ row, include, thumbnail, pages, placement, status });
    });
  }

  showPlan(item: BatchPlanItem): void {
    const cells = this.rows[item.index];
    if (!cells) return;
    cells.pages.textContent = item.pageCount === undefined ? '?' : String(item.pageCount);
    cells.row.dataset.plan = item.plan ? 'found' : (item.error?.code ?? 'error');
    if (item.pdfBase64 && !cells.thumbnail.dataset.drawn)
      this.thumbnails.show(cells.row, cells.thumbnail, item.pdfBase64);
    if (item.plan) {
      cells.placement.className = 'placement';
      cells.placement.removeAttribute('title');
      if (cells.row.dataset.autoUnticked && !cells.include.disabled) {
        // Found with another certificate: back in the batch.
        delete cells.row.dataset.autoUnticked;
        cells.include.checked = true;
        this.onChange();
      }
      cells.placement.textContent = this.t.t('batchPlacementFound', String(item.plan.page));
      for (const warning of item.plan.warnings) {
        const note = document.createElement('div');
        note.className = 'warn';
        note.textContent = warningText(warning, this.t.lang);
        note.dataset.code = warning.code;
        cells.placement.append(note);
      }
      // One PIN for many documents is consent to sign those that name this signer; a document naming someone
      // else is left out until the user ticks it, having read the warning.
      if (item.plan.warnings.some((w) => w.code === 'SIGNER_NOT_CERTIFICATE_HOLDER')) this.untick(cells);
      return;
    }
    const error = item.error;
    cells.placement.className = 'placement problem';
    if (error?.code === 'PLACEMENT_NOT_FOUND') this.leaveOut(cells, error);
    else cells.placement.textContent = this.t.t('batchPlacementError', error ? this.t.error(error) : '?');
  }

  /**
   * No place for the signature: the document is left out of the batch (unticked) unless the user ticks it again —
   * then it is signed with the others and fails with PLACEMENT_NOT_FOUND. The batch never guesses a place.
   */
  private leaveOut(cells: RowCells, error: SerializedError): void {
    cells.placement.textContent = this.t.t('batchPlacementSignAlone');
    cells.placement.title = `${this.t.error(error)} ${this.t.t('batchPlacementNotFound')}`;
    this.untick(cells);
  }

  /** Out of the batch unless the user chose otherwise; ticked again if a later plan (another certificate) fits. */
  private untick(cells: RowCells): void {
    if (cells.row.dataset.userChoice || cells.include.disabled) return;
    if (cells.include.checked) cells.row.dataset.autoUnticked = 'true';
    cells.include.checked = false;
    this.onChange();
  }

  /** Before the list is checked again (another certificate): rows wait for their new plan. */
  resetPlans(): void {
    for (const cells of this.rows) {
      delete cells.row.dataset.plan;
      cells.placement.className = 'placement';
      cells.placement.removeAttribute('title');
      cells.placement.textContent = this.t.t('batchPlacementChecking');
    }
  }

  showResult(item: BatchItemResult): void {
    const cells = this.rows[item.index];
    if (!cells) return;
    this.results.set(item.index, item);
    cells.row.className = item.state;
    cells.row.dataset.state = item.state;
    cells.status.replaceChildren(this.t.t(`state_${item.state}`));
    if (item.state === 'done') {
      // Uploaded: never signed twice from this page.
      cells.include.checked = false;
      cells.include.disabled = true;
    }
    for (const w of item.warnings ?? []) {
      const note = document.createElement('div');
      note.className = 'warn';
      note.dataset.code = w.code;
      note.textContent = warningText(w, this.t.lang);
      cells.status.append(note);
    }
    if (item.state !== 'failed') return;
    cells.status.dataset.code = item.error?.code ?? 'UPLOAD';
    const reason = document.createElement('div');
    reason.className = 'reason';
    reason.textContent = this.reason(item);
    cells.status.append(': ', reason);
    if (item.signedBase64) cells.status.append(this.saveLink(item.index, item.signedBase64));
  }

  /** Why a document failed, in the user's language. */
  reason(item: BatchItemResult): string {
    return item.error ? this.t.error(item.error) : this.t.t('batchUploadRefused', String(item.uploadStatus ?? ''));
  }

  /** "#17 Quyết định …": how the side panel names a row. */
  label(index: number): string {
    return `#${index + 1} ${this.rows[index]?.row.querySelector('.title .name')?.textContent ?? ''}`;
  }

  /** Brings a row into view (the first failure after a run, the first problem after the review). */
  reveal(index: number): void {
    this.rows[index]?.row.scrollIntoView({ block: 'center' });
  }

  /** A signed file the portal did not take: the user keeps it (nothing is lost). */
  private saveLink(index: number, signedBase64: string): HTMLAnchorElement {
    const link = document.createElement('a');
    const name = this.rows[index]?.row.querySelector('.title')?.getAttribute('title') ?? 'van-ban.pdf';
    link.href = URL.createObjectURL(new Blob([base64ToBytes(signedBase64) as BlobPart], { type: 'application/pdf' }));
    link.download = `${name.replace(/\.pdf$/i, '')}.signed.pdf`;
    link.textContent = this.t.t('resultSaveSigned');
    return link;
  }

  /** Included and not uploaded yet. */
  get selected(): number[] {
    return this.rows.flatMap((r, index) => (r.include.checked && !r.include.disabled ? [index] : []));
  }

  get failed(): number[] {
    return [...this.results.values()].filter((r) => r.state === 'failed').map((r) => r.index);
  }

  /** Before a retry: only the failed ones stay ticked. */
  selectOnly(indexes: number[]): void {
    const keep = new Set(indexes);
    this.rows.forEach((r, index) => {
      if (!r.include.disabled) r.include.checked = keep.has(index);
    });
  }

  resetStatus(indexes: number[]): void {
    for (const index of indexes) {
      const cells = this.rows[index];
      if (!cells) continue;
      this.results.delete(index);
      cells.row.className = '';
      cells.row.dataset.state = 'waiting';
      cells.status.textContent = this.t.t('state_waiting');
    }
  }

  setEnabled(enabled: boolean): void {
    for (const r of this.rows) {
      if (r.row.dataset.state !== 'done') r.include.disabled = !enabled;
    }
  }
}
