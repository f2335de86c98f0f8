/**
 * Background worker: validates each message, checks who sent it, and hands it to one action (one file each).
 * Every reply is `{ ok, value }` or `{ ok: false, error }` with a serialised KysoError.
 */
import { KysoError, serializeError } from '@kyso/shared';
import browser, { type Runtime } from 'webextension-polyfill';
import type { ZodError } from 'zod';
import type { Action, Reply, ReplyOf, RequestOf } from '../common/messages';
import { requestSchema } from '../common/messages';
import { isVgcaAction, vgcaRequest } from '../common/vgca-protocol';
import { adapterForPage } from './actions/adapter-for-page';
import { agentStatus } from './actions/agent-status';
import { batchGet } from './actions/batch-get';
import { batchPlan } from './actions/batch-plan';
import { batchRun } from './actions/batch-run';
import { batchStart } from './actions/batch-start';
import { batchStop } from './actions/batch-stop';
import { certificateChoose } from './actions/certificate-choose';
import { dataGet } from './actions/data-get';
import { dataSign } from './actions/data-sign';
import { jobCancel } from './actions/job-cancel';
import { jobCertificates } from './actions/job-certificates';
import { jobGet } from './actions/job-get';
import { jobPlan } from './actions/job-plan';
import { jobSign } from './actions/job-sign';
import { pdfVerify } from './actions/pdf-verify';
import { startSigning } from './actions/start-signing';
import { uiTexts } from './actions/ui-texts';
import { startVerify } from './actions/verify-start';
import { vgcaCall } from './actions/vgca-call';
import { batchesOfWindow, deleteBatch } from './batches';
import { requireExtensionPage } from './context';
import { jobsOfWindow } from './jobs';
import { registerPortalScripts } from './portal-scripts';
import { listRecent } from './recent';
import { keepRegistered } from './script-registration';
import { vgcaAfterSign, vgcaJobClosed, vgcaWindowClosed } from './vgca/pending';
import { registerVgcaScripts } from './vgca-scripts';

type Handler<A extends Action> = (request: RequestOf<A>, sender: Runtime.MessageSender) => Promise<ReplyOf<A>>;
type ActionTable = { [A in Action]: Handler<A> };

/** One handler per action, typed against the reply map the pages and the content script read. */
const ACTIONS: ActionTable = {
  'adapter.forPage': adapterForPage,
  'signing.start': startSigning,
  'verify.start': startVerify,
  'batch.start': batchStart,
  'ui.texts': () => uiTexts(),
  'agent.status': () => agentStatus(),
  'job.get': jobGet,
  'job.certificates': () => jobCertificates(),
  // A job opened by a page's vgca_* call also answers that page's callback.
  'job.sign': async (request) => vgcaAfterSign(request.jobId, await jobSign(request)),
  'job.cancel': async (request) => {
    await vgcaJobClosed(request.jobId);
    return jobCancel(request);
  },
  'data.get': dataGet,
  'data.sign': dataSign,
  'certificate.choose': certificateChoose,
  'recent.list': () => listRecent(),
  'job.plan': jobPlan,
  'pdf.verify': pdfVerify,
  'batch.get': batchGet,
  'batch.plan': batchPlan,
  'batch.run': batchRun,
  'batch.stop': batchStop,
};

/** What a content script may ask; everything else only the extension's own pages (dialog, popup, batch page). */
const FROM_CONTENT_SCRIPTS: ReadonlySet<Action> = new Set<Action>([
  'adapter.forPage',
  'signing.start',
  'verify.start',
  'batch.start',
  'ui.texts',
]);

function dispatch<A extends Action>(request: RequestOf<A>, sender: Runtime.MessageSender): Promise<ReplyOf<A>> {
  const action: A = request.action;
  if (!FROM_CONTENT_SCRIPTS.has(action)) requireExtensionPage(sender);
  const handler: Handler<A> = ACTIONS[action];
  return handler(request, sender);
}

async function handle(message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> {
  const parsed = requestSchema.safeParse(message);
  if (!parsed.success) return invalidMessage(parsed.error);
  try {
    return { ok: true, value: await dispatch(parsed.data, sender) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}

/** A message that fails its action's schema is the sender's mistake (INVALID_REQUEST), never an internal error. */
function invalidMessage(error: ZodError): Reply<never> {
  const issue = error.issues[0];
  const details = { reason: 'invalid message', path: issue?.path.join('.'), issue: issue?.message };
  return { ok: false, error: serializeError(new KysoError('INVALID_REQUEST', details)) };
}

/** The `vgca_*` shim's messages (content script only), validated against their own schema. */
async function handleVgca(message: unknown, sender: Runtime.MessageSender): Promise<Reply<unknown>> {
  const parsed = vgcaRequest.safeParse(message);
  if (!parsed.success) return invalidMessage(parsed.error);
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
  for (const jobId of await jobsOfWindow(windowId)) await jobCancel({ action: 'job.cancel', jobId });
});

// The content script follows the recipes and the granted origins (checked again at every worker start).
keepRegistered('content scripts', registerPortalScripts);
keepRegistered('vgca scripts', registerVgcaScripts);
