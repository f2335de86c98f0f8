/**
 * Background worker: validates each message, checks who sent it, and hands it to one action (one file each).
 * Every reply is `{ ok, value }` or `{ ok: false, error }` with a serialised KysoError.
 */
import { serializeError } from '@kyso/shared';
import browser, { type Runtime } from 'webextension-polyfill';
import type { Reply, Request } from '../common/messages';
import { requestSchema } from '../common/messages';
import { isVgcaAction, vgcaRequest } from '../content/vgca-protocol';
import { adapterForPage } from './actions/adapter-for-page';
import { agentStatus } from './actions/agent-status';
import { batchGet } from './actions/batch-get';
import { batchPlan } from './actions/batch-plan';
import { batchRun } from './actions/batch-run';
import { batchStart } from './actions/batch-start';
import { batchStop } from './actions/batch-stop';
import { jobCancel } from './actions/job-cancel';
import { jobCertificates } from './actions/job-certificates';
import { jobGet } from './actions/job-get';
import { jobPlan } from './actions/job-plan';
import { jobSign } from './actions/job-sign';
import { pdfVerify } from './actions/pdf-verify';
import { startSigning } from './actions/start-signing';
import { uiTexts } from './actions/ui-texts';
import { vgcaCall } from './actions/vgca-call';
import { vgcaAfterSign, vgcaJobClosed, vgcaWindowClosed } from './actions/vgca-pending';
import { certificateChoose, dataGet, dataSign } from './actions/vgca-window';
import { batchesOfWindow, deleteBatch } from './batches';
import { requireExtensionPage } from './context';
import { syncPortalScripts, watchPortalScripts } from './portal-scripts';
import { listRecent } from './recent';
import { syncVgcaScripts, watchVgcaScripts } from './vgca-scripts';

async function dispatch(request: Request, sender: Runtime.MessageSender): Promise<unknown> {
  switch (request.action) {
    case 'adapter.forPage':
      return adapterForPage(request, sender);
    case 'signing.start':
      return startSigning(request, sender);
    case 'batch.start':
      return batchStart(request, sender);
    case 'ui.texts':
      return uiTexts();
  }
  requireExtensionPage(sender);
  switch (request.action) {
    case 'agent.status':
      return agentStatus();
    case 'job.get':
      return jobGet(request);
    case 'job.certificates':
      return jobCertificates();
    case 'job.sign':
      // A job opened by a page's vgca_* call also answers that page's callback.
      return vgcaAfterSign(request.jobId, await jobSign(request));
    case 'job.cancel':
      await vgcaJobClosed(request.jobId);
      return jobCancel(request);
    case 'data.get':
      return dataGet(request);
    case 'data.sign':
      return dataSign(request);
    case 'certificate.choose':
      return certificateChoose(request);
    case 'recent.list':
      return listRecent();
    case 'job.plan':
      return jobPlan(request);
    case 'pdf.verify':
      return pdfVerify(request);
    case 'batch.get':
      return batchGet(request);
    case 'batch.plan':
      return batchPlan(request);
    case 'batch.run':
      return batchRun(request);
    case 'batch.stop':
      return batchStop(request);
  }
}

async function handle(message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> {
  const parsed = requestSchema.safeParse(message);
  if (!parsed.success) {
    return { ok: false, error: serializeError(new Error('invalid message')) };
  }
  try {
    return { ok: true, value: await dispatch(parsed.data, sender) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

/** The `vgca_*` shim's messages (content script only), validated against their own schema. */
async function handleVgca(message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> {
  const parsed = vgcaRequest.safeParse(message);
  if (!parsed.success) return { ok: false, error: serializeError(new Error('invalid message')) };
  try {
    const request = parsed.data;
    return { ok: true, value: await vgcaCall(request, sender) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  // Events we broadcast to our own pages come back here too; they have no `action`.
  if (typeof message !== 'object' || message === null || !('action' in message)) return undefined;
  if (isVgcaAction(message)) return handleVgca(message, sender);
  return handle(message, sender);
});

// A dialog window closed without signing: drop its job (and a closed batch page its batch).
browser.windows.onRemoved.addListener(async (windowId) => {
  await vgcaWindowClosed(windowId);
  for (const batchId of await batchesOfWindow(windowId)) {
    // A run still going finishes its current document and skips the rest.
    await batchStop({ action: 'batch.stop', batchId });
    await deleteBatch(batchId);
  }
  const all = await browser.storage.session.get(null);
  for (const [key, value] of Object.entries(all)) {
    if (key.startsWith('job:') && (value as { windowId?: number }).windowId === windowId) {
      await jobCancel({ action: 'job.cancel', jobId: key.slice(4) });
    }
  }
});

// The content script follows the recipes and the granted origins (checked again at every worker start).
watchPortalScripts();
void syncPortalScripts();
watchVgcaScripts();
void syncVgcaScripts();
