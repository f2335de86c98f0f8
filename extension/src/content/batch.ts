/**
 * Batch issuance on the portal's list (the clerk's view): a checkbox in every row the recipe names, and a bar with
 * "Chọn tất cả", the count and "Ký số hàng loạt". All inside closed shadow roots, so the portal's CSS cannot
 * restyle them and its scripts cannot reach them. What is selected lives here, changed only by the user's own
 * (trusted) clicks, never read back from the checkboxes; rows the user cannot see (hidden, zero-sized, removed)
 * are never selected. Only a real user's click starts a batch, and the batch page's review is where the clerk
 * consents to the list.
 */
import type { SerializedError } from '@kyso/shared';
import type { AdapterRecipe } from '../common/adapter';
import type { Translator } from '../common/i18n';
import type { DocumentInPage } from '../common/messages';
import { documentOfRow, findRows } from './rows';

const STYLE = `
:host { all: initial; display: inline-block; vertical-align: middle; }
label, button, p { font: 13px/1.3 system-ui, Arial, sans-serif; color: #1d232b; }
input { width: 18px; height: 18px; margin: 0 6px 0 0; vertical-align: middle; cursor: pointer; }
input:focus-visible, button:focus-visible { outline: 3px solid #f5b700; outline-offset: 2px; }
.bar { display: flex; align-items: center; gap: 14px; padding: 8px 10px; margin: 0 0 8px; background: #eef4fb;
  border: 1px solid #9fbbe0; border-radius: 4px; }
button { all: unset; font-weight: 600; background: #0b5cad; color: #fff; padding: 6px 14px; border-radius: 4px;
  cursor: pointer; }
button[disabled] { background: #7a8a9a; cursor: not-allowed; }
.help { display: none; margin: 0; padding: 6px 8px; border: 1px solid #d33; background: #fff4f4; color: #511;
  border-radius: 4px; }
.help.visible { display: block; }
`;

interface Selection {
  row: Element;
  box: HTMLInputElement;
  doc: DocumentInPage;
}

export type StartBatch = (documents: DocumentInPage[]) => Promise<void>;

/** Whether the user can see the row now: in the document, rendered, not transparent, with a size. */
export function rowVisible(row: Element): boolean {
  if (!row.isConnected) return false;
  if (!row.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
  const box = row.getBoundingClientRect();
  return box.width >= 1 && box.height >= 1;
}

function shadowHost(tag: string, kind: string): { host: HTMLElement; root: ShadowRoot } {
  const host = document.createElement(tag);
  host.setAttribute('data-kyso', kind);
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = STYLE;
  root.append(style);
  return { host, root };
}

export class BatchSelection {
  private readonly selections: Selection[] = [];
  /** The user's choice; the checkboxes only show it. */
  private readonly picked = new Set<Selection>();
  private bar?: {
    host: HTMLElement;
    all: HTMLInputElement;
    count: HTMLElement;
    start: HTMLButtonElement;
    help: HTMLElement;
  };

  constructor(
    private readonly recipe: AdapterRecipe,
    private readonly t: Translator,
    private readonly start: StartBatch,
  ) {}

  /** Adds checkboxes to new batch rows (and the bar once there is one). */
  scan(): void {
    const batch = this.recipe.batch;
    if (!batch) return;
    const known = new Set(this.selections.map((s) => s.row));
    findRows(this.recipe).forEach((row, index) => {
      if (known.has(row) || !row.matches(batch.rowSelector)) return;
      const doc = documentOfRow(this.recipe, row, index);
      if (doc) this.addCheckbox(row, doc);
    });
    if (this.selections.length > 0) this.ensureBar();
    this.update();
  }

  private addCheckbox(row: Element, doc: DocumentInPage): void {
    const { host, root } = shadowHost('kyso-select', 'batch-checkbox');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'kyso-select';
    box.setAttribute('aria-label', this.t.t('batchSelectRow', doc.title));
    const selection: Selection = { row, box, doc };
    box.addEventListener('change', (event) => {
      if (event.isTrusted && box.checked && rowVisible(row)) this.picked.add(selection);
      else if (event.isTrusted) this.picked.delete(selection);
      this.update();
    });
    root.append(box);
    const anchor =
      (this.recipe.batch?.checkboxAnchorSelector && row.querySelector(this.recipe.batch.checkboxAnchorSelector)) ||
      row.firstElementChild ||
      row;
    anchor.prepend(host);
    this.selections.push(selection);
  }

  private ensureBar(): void {
    if (this.bar?.host.isConnected) return;
    const target = this.recipe.batch ? document.querySelector(this.recipe.batch.toolbarSelector) : null;
    if (!target) return;
    const { host, root } = shadowHost('kyso-batch', 'batch-bar');
    host.style.display = 'block';
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', this.t.t('batchToolbar'));
    const label = document.createElement('label');
    const all = document.createElement('input');
    all.type = 'checkbox';
    all.className = 'kyso-select-all';
    label.append(all, this.t.t('batchSelectAll'));
    const count = document.createElement('span');
    count.className = 'count';
    count.setAttribute('role', 'status');
    const start = document.createElement('button');
    start.type = 'button';
    start.className = 'kyso-batch-start';
    start.textContent = this.t.t('batchStart');
    const help = document.createElement('p');
    help.className = 'help';
    help.setAttribute('role', 'alert');
    bar.append(label, count, start, help);
    root.append(bar);
    target.before(host);
    all.addEventListener('change', (event) => {
      if (!event.isTrusted) return this.update();
      this.picked.clear();
      if (all.checked) for (const s of this.selections) if (rowVisible(s.row)) this.picked.add(s);
      this.update();
    });
    start.addEventListener('click', (event) => {
      if (!event.isTrusted) return;
      event.preventDefault();
      void this.onStart();
    });
    this.bar = { host, all, count, start, help };
  }

  /** Picked and still visible, in the list's order (a row hidden or removed since drops out). */
  private get chosen(): Selection[] {
    return this.selections.filter((s) => this.picked.has(s) && rowVisible(s.row));
  }

  private update(): void {
    const chosen = new Set(this.chosen);
    // The boxes show the state kept here, whatever touched them.
    for (const s of this.selections) s.box.checked = chosen.has(s);
    if (!this.bar) return;
    const n = chosen.size;
    this.bar.count.textContent = this.t.t('batchSelectedCount', String(n));
    this.bar.start.disabled = n === 0;
    this.bar.all.checked = n > 0 && n === this.selections.filter((s) => rowVisible(s.row)).length;
  }

  private async onStart(): Promise<void> {
    const bar = this.bar;
    if (!bar) return;
    bar.help.classList.remove('visible');
    bar.start.disabled = true;
    bar.start.textContent = this.t.t('signButtonBusy');
    try {
      await this.start(this.chosen.map((s) => s.doc));
    } catch (error) {
      const e = error as SerializedError;
      bar.help.textContent = [this.t.error(e), ...this.t.errorHints(e)].join(' ');
      bar.help.dataset.code = e.code;
      bar.help.classList.add('visible');
    } finally {
      bar.start.textContent = this.t.t('batchStart');
      this.update();
    }
  }
}
