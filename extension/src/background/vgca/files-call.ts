/**
 * `vgca_sign_files({ FileUploadHandler, Files: [{ FileID, FileName, URL }] })`: our batch — one review of every
 * file, one PIN, each signed file posted to FileUploadHandler VGCA-style (multipart, the recipe's file field, plus
 * `FileID`), and the page hears once, after the run, every file's outcome in its order (answers.ts). Every file and
 * the handler must be on the page's own origin (plan.ts). Profile: the recipe's batch profile, else the
 * organisation's (public portals use it for an agency's batch of files).
 */
import type { BatchItemResult } from '../../common/messages';
import { type BatchJob, deleteBatch, saveBatch } from '../batches';
import { agent } from '../context';
import { newJobId } from '../jobs';
import { chosenTranslator } from '../texts';
import { BATCH_WINDOW_SIZE, openExtensionWindow } from '../windows';
import { filesResult } from './answers';
import { finishPending, loadPending, openCallWindow, type VgcaCaller } from './pending';
import { handlerUpload, planFilesCall, type VgcaRefusal } from './plan';

export async function vgcaFilesCall(caller: VgcaCaller): Promise<VgcaRefusal | undefined> {
  const { request, pageUrl } = caller;
  const planned = planFilesCall(request.params, pageUrl);
  if ('refuse' in planned) return planned;
  await agent.connect();
  const batch: BatchJob = {
    id: newJobId(),
    tabId: caller.tabId,
    pageUrl,
    recipe: handlerUpload(caller.recipe, planned.handler.href, caller.shim.uploadField, { FileID: '{id}' }),
    profile: caller.recipe.batch?.profile ?? 'organization',
    documents: planned.documents,
    csrfToken: request.csrfToken,
    createdAt: new Date().toISOString(),
    vgcaAnswer: true,
  };
  await saveBatch(batch);
  const open = async () => {
    batch.windowId = await openExtensionWindow('batch.html', { batch: batch.id }, BATCH_WINDOW_SIZE);
    await saveBatch(batch);
    return batch.windowId;
  };
  await openCallWindow(caller, { jobId: batch.id, fn: 'vgca_sign_files' }, open, () => deleteBatch(batch.id));
  return undefined;
}

/** After a run of a vgca_sign_files batch: the page hears every file's outcome, once. */
export async function vgcaAfterBatch(batch: BatchJob, results: BatchItemResult[]): Promise<void> {
  if (!batch.vgcaAnswer) return;
  const call = await loadPending(batch.id);
  if (!call) return;
  await finishPending(call, filesResult(await chosenTranslator(), batch.documents, results));
}
