/**
 * A page's `vgca_*` call that signs one PDF: plan it (profiles, same-origin document and upload address), download
 * the document with the user's session — same origin, no redirects — and open the usual signing dialog on a job
 * whose upload goes to the page's FileUploadHandler the way VGCA's agent sends it (multipart, field `uploadfile`
 * unless the recipe says otherwise). The answer reaches the page's callback when the dialog ends (pending.ts).
 */
import { agent } from '../context';
import { deleteJob, holdJobPdf, newJobId, type SigningJob, saveJob } from '../jobs';
import { downloadPdf } from '../portal-io';
import { openExtensionWindow } from '../windows';
import { openCallWindow, type VgcaCaller } from './pending';
import { handlerUpload, type PdfFunction, planVgcaCall, type VgcaRefusal } from './plan';

/** Opens the signing dialog for the call, or answers why not (the page's parameters are checked first). */
export async function vgcaPdfCall(caller: VgcaCaller, fn: PdfFunction): Promise<VgcaRefusal | undefined> {
  const { request, pageUrl } = caller;
  const plan = planVgcaCall(fn, request.params, pageUrl);
  if ('refuse' in plan) return plan;
  const bytes = await downloadPdf(plan.fileUrl);
  await agent.connect(); // "agent not running" goes to the page at once, not after a dialog
  const job: SigningJob = {
    id: newJobId(),
    tabId: caller.tabId,
    pageUrl,
    recipe: handlerUpload(caller.recipe, plan.uploadUrl, caller.shim.uploadField),
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
  const open = async () => {
    job.windowId = await openExtensionWindow('dialog.html', { job: job.id });
    await saveJob(job);
    return job.windowId;
  };
  await openCallWindow(caller, { jobId: job.id, fn, fileName: plan.fileName }, open, () => deleteJob(job.id));
  return undefined;
}
