/**
 * A page's `vgca_*` call waiting for its window (signing dialog, batch page, text or certificate window), and the
 * delivery of its answer (answers.ts says what it is). Kept in storage.session (like jobs) so a worker restart
 * while the user types the PIN still answers the page. The page hears exactly once: when the signed file was
 * accepted by its FileUploadHandler, when the window's work is done, or when the window closes (cancelled, or the
 * last upload failure). A wrong PIN is not an answer: the user may try again in the same window.
 */
import { KysoError } from '@kyso/shared';
import browser from 'webextension-polyfill';
import type { AdapterRecipe } from '../../common/adapter';
import type { SignOutcome } from '../../common/messages';
import type { VgcaFunction, VgcaRequestOf, VgcaResultEvent } from '../../common/vgca-protocol';
import { chosenTranslator } from '../texts';
import { cancelledResult, signedResult, uploadRefusedResult } from './answers';
import { deleteDataJob } from './data-jobs';

export interface PendingVgcaCall {
  /** The signing job, the batch, or the text/certificate window's own id (data-call.ts). */
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

/** A page's call, already checked by vgca-call.ts: its tab and frame, and the recipe that enables the shim there. */
export interface VgcaCaller {
  request: VgcaRequestOf<'vgca.call'>;
  tabId: number;
  frameId: number;
  pageUrl: string;
  recipe: AdapterRecipe;
  shim: NonNullable<AdapterRecipe['vgcaShim']>;
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

/**
 * Opens the window a call waits for. The call is saved before the window opens (the window may answer as soon as
 * it loads) and again with the window's id (closing that window answers the page). When the window does not open,
 * the call and the window's own record (`drop`) go, and the error reaches the page.
 */
export async function openCallWindow(
  caller: VgcaCaller,
  waiting: { jobId: string; fn: VgcaFunction; fileName?: string },
  open: () => Promise<number | undefined>,
  drop: () => Promise<void>,
): Promise<void> {
  const { tabId, frameId, request } = caller;
  const call: PendingVgcaCall = {
    ...waiting,
    tabId,
    frameId,
    callId: request.callId,
    fileName: waiting.fileName ?? '',
  };
  await savePending(call);
  try {
    const windowId = await open();
    await savePending({ ...call, windowId });
  } catch (error) {
    await drop();
    await deletePending(call.jobId);
    throw error;
  }
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

async function answerPage(call: PendingVgcaCall, result: string): Promise<void> {
  const event: VgcaResultEvent = { event: 'vgca-result', callId: call.callId, result };
  // The page may have gone (navigated, closed): nobody to tell, nothing else to do.
  await browser.tabs.sendMessage(call.tabId, event, { frameId: call.frameId }).catch(() => undefined);
}

/** After `job.sign`: a pending call hears success, or keeps the failure for when the dialog closes. */
export async function vgcaAfterSign(jobId: string, outcome: SignOutcome): Promise<SignOutcome> {
  const call = await loadPending(jobId);
  if (!call) return outcome;
  // job.sign already judged the handler's answer (portalVerdict): upload.ok is the handler's own verdict.
  if (outcome.upload.ok) {
    await deletePending(jobId);
    await answerPage(call, signedResult(outcome, call.fileName));
    return outcome;
  }
  call.lastFailure = uploadRefusedResult(await chosenTranslator(), outcome);
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
  await deleteDataJob(call.jobId); // a text or certificate window's own record, if it was one
  await answerPage(call, call.lastFailure ?? cancelledResult(await chosenTranslator()));
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
