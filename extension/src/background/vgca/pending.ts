/**
 * A page's `vgca_*` call waiting for its signing dialog, and the answer its callback gets. Kept in storage.session
 * (like jobs) so a worker restart while the user types the PIN still answers the page. The page hears exactly once:
 * when the signed file was accepted by its FileUploadHandler, or when the dialog closes (cancelled, or the last
 * upload failure). A wrong PIN is not an answer: the user may try again in the same dialog.
 */
import { isErrorCode, KysoError, type SerializedError } from '@kyso/shared';
import browser from 'webextension-polyfill';
import type { Translator } from '../../common/i18n';
import type { SignOutcome } from '../../common/messages';
import { VGCA_STATUS, type VgcaFunction, type VgcaResultEvent, vgcaResultJson } from '../../common/vgca-protocol';
import { vietnameseDate } from '../issuance';
import type { UploadOutcome } from '../portal-io';
import { chosenTranslator } from '../texts';
import type { VgcaRefusal } from './plan';

export interface PendingVgcaCall {
  /** The signing job, or the text/certificate window's own id (data-call.ts). */
  jobId: string;
  tabId: number;
  frameId: number;
  callId: string;
  fn: VgcaFunction;
  fileName: string;
  windowId?: number;
  /** The last upload the portal refused: what the page hears if the user then closes the dialog. */
  lastFailure?: string;
}

const PREFIX = 'vgca:';

export async function savePending(call: PendingVgcaCall): Promise<void> {
  await browser.storage.session.set({ [PREFIX + call.jobId]: call });
}

export async function loadPending(jobId: string): Promise<PendingVgcaCall | undefined> {
  return (await browser.storage.session.get(PREFIX + jobId))[PREFIX + jobId] as PendingVgcaCall | undefined;
}

async function allPending(): Promise<PendingVgcaCall[]> {
  const all = await browser.storage.session.get(null);
  return Object.entries(all)
    .filter(([key]) => key.startsWith(PREFIX))
    .map(([, value]) => value as PendingVgcaCall);
}

export async function deletePending(jobId: string): Promise<void> {
  await browser.storage.session.remove(PREFIX + jobId);
}

/** The call a window's answer is for; refused when the page no longer waits (answered, closed, worker restart). */
export async function requirePending(jobId: string): Promise<PendingVgcaCall> {
  const call = await loadPending(jobId);
  if (!call) throw new KysoError('INVALID_REQUEST', { reason: 'the page no longer waits for this window', jobId });
  return call;
}

/** One signing window per tab: a page cannot stack dialogs by calling again and again. */
export async function pendingInTab(tabId: number): Promise<boolean> {
  return (await allPending()).some((call) => call.tabId === tabId);
}

export function refusalResult(t: Translator, refusal: VgcaRefusal): string {
  const message = t.t(refusal.refuse, ...(refusal.args ?? []));
  return vgcaResultJson({ Status: refusal.status ?? VGCA_STATUS.failed, Message: message });
}

/** A KysoError (agent not running, session expired, …) as the page's answer, with its stable code. */
export function errorResult(t: Translator, error: unknown): string {
  const serialized = error as Partial<SerializedError>;
  const code = typeof serialized?.code === 'string' && isErrorCode(serialized.code) ? serialized.code : undefined;
  const text = code ? t.error({ code, message: '', messageEn: '' }) : String((error as Error)?.message ?? error);
  return vgcaResultJson({ Status: VGCA_STATUS.failed, Message: t.t('vgcaFailed', text), Code: code });
}

async function answerPage(call: PendingVgcaCall, result: string): Promise<void> {
  const event: VgcaResultEvent = { event: 'vgca-result', callId: call.callId, result };
  // The page may have gone (navigated, closed): nobody to tell, nothing else to do.
  await browser.tabs.sendMessage(call.tabId, event, { frameId: call.frameId }).catch(() => undefined);
}

function field(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null)?.[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 2000) : '';
}

/**
 * VGCA upload handlers answer HTTP 200 with `{ Status: true|false, Message, FileName, FileServer }`; some answer
 * plain text. Accepted = HTTP success and no `Status` that says otherwise: `true`/`"true"`, or `0`/`"0"` (VGCA's
 * "no error", as in the callback's Status) accept; `false`/`"false"`, any other number or text refuse.
 */
export function vgcaHandlerAccepted(upload: UploadOutcome): boolean {
  if (!upload.ok) return false;
  const body = upload.body;
  if (typeof body !== 'object' || body === null || !('Status' in body)) return true;
  const status = (body as { Status: unknown }).Status;
  const text = typeof status === 'string' ? status.trim().toLowerCase() : status;
  return text === true || text === 0 || text === '0' || text === 'true';
}

/** After `job.sign`: a pending call hears success, or keeps the failure for when the dialog closes. */
export async function vgcaAfterSign(jobId: string, outcome: SignOutcome): Promise<SignOutcome> {
  const call = await loadPending(jobId);
  if (!call) return outcome;
  const t = await chosenTranslator();
  const { upload } = outcome;
  if (vgcaHandlerAccepted(upload)) {
    await deletePending(jobId);
    const result = vgcaResultJson({
      Status: VGCA_STATUS.ok,
      Message: '',
      FileName: field(upload.body, 'FileName') || call.fileName,
      FileServer: field(upload.body, 'FileServer'),
      DocumentNumber: outcome.issuance?.number ?? '',
      DocumentDate: outcome.issuance ? vietnameseDate(outcome.issuance.date) : '',
      Signer: outcome.signer,
      SigningTime: outcome.signedAt,
    });
    await answerPage(call, result);
    return outcome;
  }
  const reason = field(upload.body, 'Message') || field(upload.body, 'error');
  const message = t.t('vgcaUploadRefused', String(upload.status), reason).trim();
  call.lastFailure = vgcaResultJson({ Status: VGCA_STATUS.failed, Message: message, Signer: outcome.signer });
  await savePending(call);
  return outcome;
}

/** The window's work is done: the page hears `result` now, and the call is over. */
export async function finishPending(call: PendingVgcaCall, result: string): Promise<void> {
  await deletePending(call.jobId);
  await answerPage(call, result);
}

async function closeCall(call: PendingVgcaCall): Promise<void> {
  await deletePending(call.jobId);
  await browser.storage.session.remove(`vgcadata:${call.jobId}`); // a text or certificate window's own record
  const t = await chosenTranslator();
  const cancelled = vgcaResultJson({ Status: VGCA_STATUS.cancelled, Message: t.t('vgcaCancelled') });
  await answerPage(call, call.lastFailure ?? cancelled);
}

/** The dialog's "Đóng"/"Hủy" (`job.cancel`). */
export async function vgcaJobClosed(jobId: string): Promise<void> {
  const call = await loadPending(jobId);
  if (call) await closeCall(call);
}

/** The dialog window closed some other way (its close button, the OS). */
export async function vgcaWindowClosed(windowId: number): Promise<void> {
  for (const call of await allPending()) {
    if (call.windowId === windowId) await closeCall(call);
  }
}
