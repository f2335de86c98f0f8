/**
 * The signing dialog (an extension page in its own window): preview and placement, certificate, PIN, progress,
 * result. The PIN lives in the input and in one message to the background; it is cleared after every attempt
 * and never retried automatically (each wrong try burns one of the token's few attempts).
 */
import { formatVietnamDate, formatVietnamDateTime, type ProfileName, warningText } from '@kyso/shared';
import browser from 'webextension-polyfill';
import { base64ToBytes } from '../common/base64';
import type { Translator } from '../common/i18n';
import type { BackgroundEvent, SignOutcome } from '../common/messages';
import { imageKindFor } from '../common/signature-image';
import { CertificateChooser } from './dialog-certificates';
import { ImageChooser } from './dialog-image';
import { PdfPreview } from './pdf-preview';
import { SignatureBox } from './signature-box';
import { ask, byId, isSerializedError, loadTranslator, showLines } from './ui-common';

const jobId = new URLSearchParams(location.search).get('job') ?? '';

interface DialogState {
  t: Translator;
  preview?: PdfPreview;
  page: number;
  box: SignatureBox;
  certificates: CertificateChooser;
  image: ImageChooser;
  busy: boolean;
  /** Plans are asynchronous: only the latest one moves the box. */
  planAttempt: number;
  rendering: Promise<void>;
}

/** pdf.js renders one canvas at a time: pages, resizes and plans queue up behind each other. */
function showPage(state: DialogState, page: number): Promise<void> {
  state.rendering = state.rendering.then(() => renderPage(state, page)).catch(() => undefined);
  return state.rendering;
}

async function renderPage(state: DialogState, page: number): Promise<void> {
  if (!state.preview) return;
  state.page = page;
  byId<HTMLSelectElement>('page-select').value = String(page);
  const stage = byId('stage');
  const rendered = await state.preview.render(page, byId<HTMLCanvasElement>('page-canvas'), stage.clientWidth - 24);
  state.box.setPage(rendered.width, rendered.height, rendered.scale);
}

function setupPager(state: DialogState, pageCount: number): void {
  const select = byId<HTMLSelectElement>('page-select');
  for (let n = 1; n <= pageCount; n++) select.append(new Option(String(n), String(n)));
  byId('page-count').textContent = state.t.t('dialogPageOf', String(pageCount));
  select.addEventListener('change', () => void showPage(state, Number(select.value)));
  byId('prev-page').addEventListener('click', () => void showPage(state, Math.max(1, state.page - 1)));
  byId('next-page').addEventListener('click', () => void showPage(state, Math.min(pageCount, state.page + 1)));
}

function setupProfiles(t: Translator, profiles: ProfileName[]): void {
  const select = byId<HTMLSelectElement>('profile');
  for (const profile of profiles) select.append(new Option(t.t(`profile_${profile}`), profile));
}

async function loadJob(state: DialogState): Promise<void> {
  const job = await ask({ action: 'job.get', jobId });
  byId('doc-title').textContent = `${job.title} (${job.fileName})`;
  byId('doc-title').dataset.fileName = job.fileName;
  byId('doc-portal').textContent = job.portal;
  // The clerk's issuance the page asked for: shown, not editable (the page's system assigned it).
  const issuance = byId('doc-issuance');
  if (job.issuance) {
    issuance.textContent = state.t.t('dialogIssuance', job.issuance.number, formatVietnamDate(job.issuance.date));
    issuance.dataset.number = job.issuance.number;
    issuance.dataset.date = job.issuance.date;
  }
  issuance.hidden = !job.issuance;
  setupProfiles(state.t, job.profiles);
  state.preview = await PdfPreview.open(base64ToBytes(job.pdfBase64));
  setupPager(state, state.preview.pageCount);
}

/**
 * Placement by profile (Decree 30, Appendix I), found by the agent (`pdf.plan`): the leader between the title and
 * the name, the seal over the leader's signature, appendix and copy text top right of page 1. When the profile
 * finds no place the dialog says so and the user places the box — it never guesses silently.
 */
async function placeForProfile(state: DialogState): Promise<void> {
  const preview = state.preview;
  if (!preview) return;
  const profile = byId<HTMLSelectElement>('profile').value as ProfileName;
  await state.image.show(imageKindFor(profile));
  const note = byId('placement-note');
  const fallbackPage = ['appendix', 'copy', 'income'].includes(profile) ? 1 : preview.pageCount;
  const attempt = ++state.planAttempt;
  document.body.dataset.placement = 'planning';
  showLines(byId('signer-warning'), []);
  if (profile === 'custom') {
    await showPage(state, fallbackPage);
    state.box.placeDefault();
    note.className = 'warning';
    return showLines(note, [state.t.t('dialogPlacementNotFound')]);
  }
  const signerName = state.certificates.value?.certificate.commonName;
  try {
    const plan = await ask({ action: 'job.plan', jobId, profile, signerName });
    if (attempt !== state.planAttempt) return; // the profile or certificate changed meanwhile
    await showPage(state, plan.page);
    state.box.set(plan.rect);
    note.className = 'note';
    showLines(note, [state.t.t('dialogPlacementAuto')]);
    document.body.dataset.placement = 'auto';
    // Appendix I: the signer block names who signs; a different holder is worth a look before the PIN.
    if (plan.documentSigner && signerName) {
      showLines(byId('signer-warning'), [state.t.t('dialogSignerDiffers', plan.documentSigner, signerName)]);
    }
  } catch (error) {
    if (attempt !== state.planAttempt) return;
    await showPage(state, fallbackPage);
    if (fallbackPage === 1) state.box.placeTopRight();
    else state.box.placeDefault();
    note.className = 'warning';
    // PLACEMENT_NOT_FOUND's own text already asks the user to drag the box: say it once.
    const notFound = isSerializedError(error) && error.code === 'PLACEMENT_NOT_FOUND';
    const reason = isSerializedError(error) ? state.t.error(error) : String(error);
    showLines(note, notFound ? [reason] : [reason, state.t.t('dialogPlacementNotFound')]);
    document.body.dataset.placement = isSerializedError(error) ? error.code : 'error';
  }
}

/**
 * The certificate that fits the first profile: the competent person's own for `leader`, the organisation's (its
 * name is the organisation's, O = CN) for the other profiles. The user may still choose another.
 */
function preferCertificate(state: DialogState): void {
  const leader = byId<HTMLSelectElement>('profile').value === 'leader';
  state.certificates.prefer((c) => c.subject.includes(`O=${c.commonName}`) !== leader);
}

function showError(lines: string[]): void {
  showLines(byId('error'), lines);
}

function setBusy(state: DialogState, busy: boolean): void {
  state.busy = busy;
  for (const id of ['sign', 'certificate', 'pin', 'profile', 'reload-certificates']) {
    byId<HTMLInputElement>(id).disabled = busy;
  }
}

function showResult(t: Translator, outcome: SignOutcome): void {
  const status = (outcome.upload.body as { version?: { status?: { summary?: string } } } | null)?.version?.status;
  const lines = [
    outcome.upload.ok ? t.t('resultSigned') : t.t('resultSignedNotUploaded', String(outcome.upload.status)),
    t.t('resultSigner', outcome.signer),
    t.t('resultTime', formatVietnamDateTime(outcome.signedAt, { seconds: true })),
  ];
  if (status?.summary) lines.push(t.t('resultPortalStatus', status.summary));
  const drewText = document.body.dataset.image === 'missing' && !byId<HTMLInputElement>('invisible').checked;
  if (drewText) lines.push(t.t('resultTextInsteadOfImage'));
  const reason = outcome.upload.ok ? '' : (outcome.upload.reason ?? '');
  if (reason) lines.push(t.t('resultPortalReason', reason));
  // Said above already: the drawn name instead of an image, the signer block's other name.
  const shown = new Set(['IMAGE_MISSING', 'SIGNER_NOT_CERTIFICATE_HOLDER']);
  const warnings = (outcome.warnings ?? []).filter((w) => !shown.has(w.code));
  showLines(byId('result'), [...lines, ...warnings.map((w) => warningText(w, t.lang))]);
  // Signed, but not quietly: each warning stands out from the success lines.
  const shownLines = byId('result').children;
  warnings.forEach((w, i) => {
    const line = shownLines[lines.length + i] as HTMLElement;
    line.className = 'warn';
    line.dataset.code = w.code;
  });
  byId('result').dataset.warnings = warnings.map((w) => w.code).join(' ');
  byId('result').classList.toggle('failed', !outcome.upload.ok);
  if (outcome.signedBase64) offerSignedFile(t, outcome.signedBase64, outcome.upload.ok);
  byId('cancel').textContent = t.t('dialogClose');
  byId<HTMLButtonElement>('sign').hidden = outcome.upload.ok;
}

/**
 * The signed PDF from the dialog: open it (the browser's PDF viewer shows the signature) or save it — and when the
 * portal refused it, nothing is lost.
 */
function offerSignedFile(t: Translator, signedBase64: string, uploaded: boolean): void {
  const url = URL.createObjectURL(new Blob([base64ToBytes(signedBase64) as BlobPart], { type: 'application/pdf' }));
  const title = byId('doc-title').dataset.fileName ?? 'van-ban.pdf';
  const open = document.createElement('a');
  open.href = url;
  open.target = '_blank';
  open.rel = 'noopener';
  open.id = 'open-signed';
  open.className = 'button-link';
  open.textContent = t.t('dialogOpenSigned');
  const save = document.createElement('a');
  save.href = url;
  save.download = `${title.replace(/\.pdf$/i, '')}.signed.pdf`;
  save.id = 'save-signed';
  save.className = 'button-link';
  save.textContent = uploaded ? t.t('dialogSaveSigned') : t.t('resultSaveSigned');
  const p = document.createElement('p');
  p.className = 'result-actions';
  p.append(open, save);
  byId('result').append(p);
}

async function sign(state: DialogState): Promise<void> {
  const t = state.t;
  const pinInput = byId<HTMLInputElement>('pin');
  const chosen = state.certificates.value;
  if (!chosen) return showError([t.t('dialogNoCertificate')]);
  if (!pinInput.value && !chosen.token?.protectedAuthenticationPath) {
    pinInput.focus();
    return showError([t.error({ code: 'PIN_REQUIRED', message: '', messageEn: '' })]);
  }
  const invisible = byId<HTMLInputElement>('invisible').checked;
  const pin = pinInput.value || undefined;
  pinInput.value = '';
  showError([]);
  setBusy(state, true);
  try {
    const outcome = await ask({
      action: 'job.sign',
      jobId,
      certificate: { token: chosen.certificate.token, id: chosen.certificate.id },
      pin,
      placement: invisible ? { invisible: true } : { page: state.page, rect: state.box.value },
      profile: (byId<HTMLSelectElement>('profile').value || undefined) as ProfileName | undefined,
    });
    // The login worked: the token has cleared its retry flags (PKCS#11 §5.6).
    state.certificates.showPinState(undefined);
    showResult(t, outcome);
    setBusy(state, false);
  } catch (error) {
    byId('progress').hidden = true;
    setBusy(state, false);
    if (!isSerializedError(error)) return showError([String(error)]);
    if (error.code === 'PIN_INCORRECT' || error.code === 'PIN_LOCKED') state.certificates.showPinState(error.details);
    showError([t.error(error), ...t.errorHints(error)]);
    // After the field is enabled again, or the focus would be lost.
    pinInput.focus();
  }
}

/** The preview follows the window: a maximised or resized dialog shows the page larger (the box keeps its place). */
function rerenderOnResize(state: DialogState): void {
  let frame = 0;
  let width = 0;
  new ResizeObserver(() => {
    // The outer width: a scroll bar coming and going with the page's height must not re-render (it would loop).
    const now = byId('stage').offsetWidth;
    if (now === width) return;
    width = now;
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => void showPage(state, state.page));
  }).observe(byId('stage'));
}

function listenForProgress(t: Translator): void {
  browser.runtime.onMessage.addListener((message: unknown) => {
    const event = message as BackgroundEvent;
    if (event?.event !== 'progress' || event.jobId !== jobId) return undefined;
    const percent = event.percent === undefined ? '' : ` ${event.percent}%`;
    showLines(byId('progress'), [`${t.t(`stage_${event.stage.replace(/-/g, '_')}`)}${percent}`]);
    return undefined;
  });
}

async function main(): Promise<void> {
  const t = await loadTranslator();
  const state: DialogState = {
    t,
    page: 1,
    busy: false,
    planAttempt: 0,
    rendering: Promise.resolve(),
    box: new SignatureBox(byId('signature-box'), byId('resize-handle')),
    certificates: new CertificateChooser(t, jobId, showError),
    image: new ImageChooser(t, () => void placeForProfile(state)),
  };
  listenForProgress(t);
  rerenderOnResize(state);
  byId<HTMLInputElement>('invisible').addEventListener('change', (e) => {
    byId('signature-box').hidden = (e.target as HTMLInputElement).checked;
  });
  byId('sign-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!state.busy) void sign(state);
  });
  byId('cancel').addEventListener('click', () => {
    void ask({ action: 'job.cancel', jobId }).finally(() => window.close());
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !state.busy) byId('cancel').click();
  });
  const certificates = state.certificates.load();
  try {
    await loadJob(state);
    // The leader's place depends on the signer's name: plan once the certificate is known, again when it changes.
    byId('profile').addEventListener('change', () => void placeForProfile(state));
    byId('certificate').addEventListener('change', () => {
      if (byId<HTMLSelectElement>('profile').value === 'leader') void placeForProfile(state);
    });
    await certificates;
    preferCertificate(state);
    await placeForProfile(state);
    byId('preview-loading').hidden = true;
  } catch (error) {
    showError(isSerializedError(error) ? [t.error(error), ...t.errorHints(error)] : [String(error)]);
  }
  await certificates;
  byId('pin').focus();
}

void main();
