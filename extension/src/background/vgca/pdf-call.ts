/**
 * A page's `vgca_*` call that signs one PDF: plan it (profiles, same-origin document and upload address), download
 * the document with the user's session — same origin, no redirects — and open the usual signing dialog on a job
 * whose upload goes to the page's FileUploadHandler the way VGCA's agent sends it (multipart, field `uploadfile`
 * unless the recipe says otherwise). The answer reaches the page's callback when the dialog ends (pending.ts).
 */
import { KysoError } from '@kyso/shared';
import type { Runtime } from 'webextension-polyfill';
import { type AdapterRecipe, findRecipe, vgcaShimFor } from '../../common/adapter';
import { loadSettings } from '../../common/settings';
import type { VgcaRequestOf } from '../../common/vgca-protocol';
import { agent, requireTab } from '../context';
import { deleteJob, holdJobPdf, newJobId, type SigningJob, saveJob } from '../jobs';
import { downloadPdf } from '../portal-io';
import { openExtensionWindow } from '../windows';
import { deletePending, savePending } from './pending';
import { type PdfFunction, planVgcaCall, type VgcaPlan, type VgcaRefusal } from './plan';

type CallRequest = VgcaRequestOf<'vgca.call'>;

/** The page's recipe with its upload replaced by the call's FileUploadHandler (already checked: same origin). */
function uploadRecipe(recipe: AdapterRecipe, plan: VgcaPlan, field: string): AdapterRecipe {
  // Braces would read as template placeholders (`{id}`); a query may keep them, so encode them.
  const urlTemplate = plan.uploadUrl.replace(/\{/g, '%7B').replace(/\}/g, '%7D');
  return {
    ...recipe,
    upload: { urlTemplate, method: 'POST', fileField: field, extraFields: {}, csrf: recipe.upload.csrf },
  };
}

async function openDialog(request: CallRequest, sender: Runtime.MessageSender, plan: VgcaPlan): Promise<void> {
  const { tabId, url: pageUrl } = requireTab(sender);
  const recipe = findRecipe((await loadSettings()).adapters, pageUrl);
  const shim = recipe && vgcaShimFor(recipe, pageUrl);
  if (!recipe || !shim) throw new KysoError('ORIGIN_NOT_ALLOWED', { pageUrl });
  const bytes = await downloadPdf(plan.fileUrl);
  await agent.connect(); // "agent not running" goes to the page at once, not after a dialog
  const job: SigningJob = {
    id: newJobId(),
    tabId,
    pageUrl,
    recipe: uploadRecipe(recipe, plan, shim.uploadField),
    document: {
      url: plan.fileUrl,
      id: 'vgca',
      title: request.title || plan.fileName,
      fileName: plan.fileName,
      profiles: plan.profiles,
    },
    csrfToken: request.csrfToken,
    createdAt: new Date().toISOString(),
    issuance: plan.issuance,
    appendixNumber: plan.appendixNumber,
    uploadAnswer: 'vgca',
  };
  holdJobPdf(job, bytes);
  await saveJob(job);
  const call = {
    jobId: job.id,
    tabId,
    frameId: sender.frameId ?? 0,
    callId: request.callId,
    fn: request.fn as PdfFunction,
  };
  await savePending({ ...call, fileName: plan.fileName });
  try {
    job.windowId = await openExtensionWindow('dialog.html', { job: job.id });
    await saveJob(job);
    await savePending({ ...call, fileName: plan.fileName, windowId: job.windowId });
  } catch (error) {
    await deleteJob(job.id);
    await deletePending(job.id);
    throw error;
  }
}

/** Opens the signing dialog for the call, or answers why not (the page's parameters are checked first). */
export async function vgcaPdfCall(
  request: CallRequest & { fn: PdfFunction },
  sender: Runtime.MessageSender,
): Promise<VgcaRefusal | undefined> {
  const plan = planVgcaCall(request.fn, request.params, requireTab(sender).url);
  if ('refuse' in plan) return plan;
  await openDialog(request, sender, plan);
  return undefined;
}
