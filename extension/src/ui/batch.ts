/**
 * The batch page (the clerk's batch issuance): review list → certificate and one PIN → per-document progress →
 * results with reasons → retry of the failed ones (the PIN is asked again: it is never kept). The background does
 * the work; this page only shows it.
 */
import { formatVietnamDate } from '@kyso/shared';
import browser from 'webextension-polyfill';
import type { Translator } from '../common/i18n';
import type { BackgroundEvent, BatchView as BatchGet, BatchPlanItem, BatchRunSummary } from '../common/messages';
import { countInWords } from '../common/number-words';
import { ReviewTable } from './batch-review';
import { CertificateChooser } from './dialog-certificates';
import { ask, byId, isSerializedError, loadTranslator, showLines } from './ui-common';

const batchId = new URLSearchParams(location.search).get('batch') ?? '';
const PLAN_CONCURRENCY = 2;
/** Profiles whose place or text depends on the certificate's names: checked again when the certificate changes. */
const SIGNER_DEPENDENT: ReadonlySet<string> = new Set(['leader', 'appendix', 'copy']);

interface PageState {
  t: Translator;
  view?: BatchGet;
  table: ReviewTable;
  certificates: CertificateChooser;
  planned: boolean;
  running: boolean;
  /** Bumped when the review starts again (another certificate): answers of an older review are dropped. */
  planGeneration: number;
}

/** The chosen certificate's names, as the agent will sign (CN, and O= of the subject). */
function signerOf(state: PageState): { signerName?: string; organization?: string } {
  const certificate = state.certificates.value?.certificate;
  if (!certificate) return {};
  const organization = /(?:^|,\s*)O=([^,]+)/.exec(certificate.subject)?.[1]?.trim();
  return { signerName: certificate.commonName, organization };
}

function showError(lines: string[]): void {
  showLines(byId('error'), lines);
}

function updateButtons(state: PageState): void {
  const { t, table } = state;
  const selected = table.selected.length;
  const sign = byId<HTMLButtonElement>('batch-sign');
  // The count in words too: the clerk consents to this number of documents for one PIN.
  sign.textContent = t.t('batchSignCount', countInWords(selected, t.lang));
  sign.disabled = state.running || !state.planned || selected === 0;
  const failed = table.failed.length;
  // After a run with failures, "Ký lại" is the one action (unless the user ticked other documents too).
  sign.hidden = failed > 0 && table.selected.every((index) => table.failed.includes(index));
  const retry = byId<HTMLButtonElement>('batch-retry');
  retry.hidden = state.running || failed === 0;
  retry.textContent = t.t('batchRetry', String(failed));
  byId('batch-stop').hidden = !state.running;
  byId<HTMLButtonElement>('batch-close').disabled = state.running;
}

/** Review: each document's plan (downloaded once, kept for the run), two at a time. */
async function planAll(state: PageState): Promise<void> {
  const generation = ++state.planGeneration;
  const current = () => generation === state.planGeneration;
  const signer = signerOf(state);
  state.planned = false;
  delete document.body.dataset.planned;
  updateButtons(state);
  const total = state.view?.documents.length ?? 0;
  let next = 0;
  let done = 0;
  let found = 0;
  const problems: number[] = [];
  const status = byId('plan-status');
  status.textContent = state.t.t('batchPlanning', '0', String(total));
  const worker = async () => {
    while (next < total && current()) {
      const index = next++;
      const item = await ask({ action: 'batch.plan', batchId, index, ...signer }).catch(
        (error): BatchPlanItem => ({ index, error: isSerializedError(error) ? error : undefined }),
      );
      if (!current()) return;
      state.table.showPlan(item);
      done++;
      if (item.plan) found++;
      else problems.push(index);
      status.textContent = state.t.t('batchPlanning', String(done), String(total));
    }
  };
  await Promise.all(Array.from({ length: Math.min(PLAN_CONCURRENCY, total) }, worker));
  if (!current()) return;
  status.textContent = state.t.t('batchPlanned', String(total), String(found), String(total - found));
  if (problems.length > 0) state.table.reveal(Math.min(...problems));
  document.body.dataset.planned = 'true';
  state.planned = true;
  updateButtons(state);
}

function showProgress(state: PageState, processed: number, total: number): void {
  const progress = byId('progress');
  progress.hidden = false;
  const bar = byId<HTMLProgressElement>('progress-bar');
  bar.max = Math.max(total, 1);
  bar.value = processed;
  byId('progress-text').textContent = state.t.t('batchProgress', String(processed), String(total));
}

function showSummary(state: PageState, summary: BatchRunSummary, total: number): void {
  const seconds = (Date.parse(summary.finishedAt) - Date.parse(summary.startedAt)) / 1000;
  const lines = [
    state.t.t(
      'batchDone',
      String(summary.uploaded),
      String(total),
      String(summary.failed),
      seconds.toLocaleString(state.t.lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }),
    ),
  ];
  const failed = summary.results.filter((r) => r.state === 'failed');
  for (const item of failed) lines.push(`${state.table.label(item.index)}: ${state.table.reason(item)}`);
  lines.push(state.t.t(failed.length === 0 ? 'batchAllDone' : 'batchRetryPin'));
  if (failed[0]) state.table.reveal(failed[0].index);
  showLines(byId('result'), lines);
  byId('result').classList.toggle('failed', summary.failed > 0);
  byId('result').dataset.seconds = String(seconds);
}

async function run(state: PageState, indexes: number[]): Promise<void> {
  const { t } = state;
  const pinInput = byId<HTMLInputElement>('pin');
  const chosen = state.certificates.value;
  if (!chosen) return showError([t.t('dialogNoCertificate')]);
  if (indexes.length === 0) return showError([t.t('batchNothingSelected')]);
  if (!pinInput.value && !chosen.token?.protectedAuthenticationPath) {
    pinInput.focus();
    return showError([t.error({ code: 'PIN_REQUIRED', message: '', messageEn: '' })]);
  }
  const pin = pinInput.value || undefined;
  pinInput.value = '';
  showError([]);
  showLines(byId('result'), []);
  state.table.resetStatus(indexes);
  state.table.setEnabled(false);
  state.running = true;
  updateButtons(state);
  let processed = 0;
  const total = indexes.length;
  showProgress(state, 0, total);
  const onEvent = (message: unknown) => {
    const event = message as BackgroundEvent;
    if (event?.event !== 'batch-item' || event.batchId !== batchId) return undefined;
    state.table.showResult(event.item);
    if (event.item.state === 'done' || event.item.state === 'failed') showProgress(state, ++processed, total);
    return undefined;
  };
  browser.runtime.onMessage.addListener(onEvent);
  try {
    const summary = await ask({
      action: 'batch.run',
      batchId,
      certificate: { token: chosen.certificate.token, id: chosen.certificate.id },
      pin,
      indexes,
    });
    // The summary is the truth (an event may have been missed while the page was busy).
    for (const item of summary.results) state.table.showResult(item);
    showProgress(state, summary.results.length, total);
    showSummary(state, summary, total);
    document.body.dataset.runs = String(Number(document.body.dataset.runs ?? '0') + 1);
  } catch (error) {
    byId('progress').hidden = true;
    state.table.resetStatus(indexes);
    if (!isSerializedError(error)) showError([String(error)]);
    else {
      state.certificates.showPinState(error.details);
      showError([t.error(error), ...t.errorHints(error)]);
    }
    pinInput.focus();
  } finally {
    browser.runtime.onMessage.removeListener(onEvent);
    state.running = false;
    state.table.setEnabled(true);
    updateButtons(state);
  }
}

function describe(state: PageState, view: BatchGet): void {
  const { t } = state;
  byId('batch-summary').textContent = t.t(
    'batchSummary',
    countInWords(view.documents.length, t.lang),
    t.t(`profile_${view.profile}`),
    view.portal,
  );
  if (view.issueDate) {
    byId('batch-issue-date').textContent = t.t('batchIssueDate', formatVietnamDate(view.issueDate));
    byId('batch-issue-date').hidden = false;
  }
}

function wire(state: PageState): void {
  byId('batch-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!state.running) void run(state, state.table.selected);
  });
  byId('batch-retry').addEventListener('click', () => {
    const failed = state.table.failed;
    state.table.selectOnly(failed);
    if (!state.running) void run(state, failed);
  });
  byId('batch-stop').addEventListener('click', () => void ask({ action: 'batch.stop', batchId }));
  // The leader's place is found by the signer's name: another certificate, another review.
  byId('certificate').addEventListener('change', () => {
    if (state.view && SIGNER_DEPENDENT.has(state.view.profile) && !state.running) {
      state.table.resetPlans();
      void planAll(state);
    }
  });
  byId('batch-close').addEventListener('click', () => window.close());
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !state.running) window.close();
  });
}

async function main(): Promise<void> {
  const t = await loadTranslator();
  const state: PageState = {
    t,
    table: new ReviewTable(t, byId<HTMLTableSectionElement>('review-body'), () => updateButtons(state)),
    certificates: new CertificateChooser(t, batchId, showError),
    planned: false,
    running: false,
    planGeneration: 0,
  };
  wire(state);
  const certificates = state.certificates.load();
  try {
    const view = await ask({ action: 'batch.get', batchId });
    state.view = view;
    describe(state, view);
    state.table.render(view.documents, view.profile);
    updateButtons(state);
    document.body.dataset.ready = 'true';
    await certificates;
    // The clerk signs with the organisation's certificate (its name is the organisation's), the leader with a
    // personal one: choose it first.
    const leader = view.profile === 'leader';
    state.certificates.prefer((c) => c.subject.includes(`O=${c.commonName}`) !== leader);
    await planAll(state);
  } catch (error) {
    showError(isSerializedError(error) ? [t.error(error), ...t.errorHints(error)] : [String(error)]);
  }
  byId('pin').focus();
}

void main();
