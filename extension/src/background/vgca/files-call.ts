/**
 * `vgca_sign_files({ FileUploadHandler, Files: [{ FileID, FileName, URL }] })`: our batch — one review of every
 * file, one PIN, each signed file posted to FileUploadHandler VGCA-style (multipart, the recipe's file field, plus
 * `FileID`), and the page hears once, after the run, `{ Status, Message, Files: [{ FileID, FileName, Status,
 * Message, FileServer, FileSignedURL }] }` in its order (`FileSignedURL`: the handler's answer as a JSON string,
 * which public pages parse). Every file and the handler must be on the page's own origin. Profile: the recipe's
 * batch profile, else the organisation's (public portals use it for an agency's batch of files).
 */
import { KysoError } from '@kyso/shared';
import type { Runtime } from 'webextension-polyfill';
import { type AdapterRecipe, findRecipe, vgcaShimFor } from '../../common/adapter';
import type { BatchItemResult, DocumentInPage } from '../../common/messages';
import { loadSettings } from '../../common/settings';
import { VGCA_STATUS, type VgcaFileResult, type VgcaRequestOf, vgcaResultJson } from '../../common/vgca-protocol';
import { type BatchJob, saveBatch } from '../batches';
import { agent, requireTab } from '../context';
import { newJobId } from '../jobs';
import { chosenTranslator } from '../texts';
import { openExtensionWindow } from '../windows';
import { finishPending, loadPending, savePending } from './pending';
import { fileNameOfUrl, sameOriginFile, type VgcaRefusal } from './plan';

const MAX_FILES = 200;

interface FileParam {
  FileID?: unknown;
  FileName?: unknown;
  URL?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** The page's files as batch documents (same origin only), or why the call is refused. */
export function filesOfCall(
  paramsText: string,
  pageUrl: string,
): { handler: URL; documents: DocumentInPage[] } | VgcaRefusal {
  let params: { FileUploadHandler?: unknown; Files?: unknown };
  try {
    params = JSON.parse(paramsText) as typeof params;
  } catch {
    return { refuse: 'vgcaBadParams' };
  }
  const files = Array.isArray(params?.Files) ? (params.Files as FileParam[]) : [];
  if (files.length === 0 || files.length > MAX_FILES) return { refuse: 'vgcaBadParams' };
  const handler = sameOriginFile(text(params.FileUploadHandler), pageUrl);
  if (!(handler instanceof URL)) {
    return 'args' in handler ? { refuse: 'vgcaForeignUpload', args: handler.args } : { refuse: 'vgcaNoUploadHandler' };
  }
  const documents: DocumentInPage[] = [];
  for (const [index, file] of files.entries()) {
    const url = sameOriginFile(text(file.URL) || text(file.FileName), pageUrl);
    if (!(url instanceof URL)) return url;
    const id = (text(file.FileID) || String(index)).slice(0, 200);
    const title = (text(file.FileName) || fileNameOfUrl(url)).slice(0, 500);
    documents.push({ url: url.href, id, title, fileName: fileNameOfUrl(url) });
  }
  return { handler, documents };
}

function uploadRecipe(recipe: AdapterRecipe, handler: URL, field: string): AdapterRecipe {
  const urlTemplate = handler.href.replace(/\{/g, '%7B').replace(/\}/g, '%7D');
  const extraFields = { FileID: '{id}' };
  return {
    ...recipe,
    upload: { urlTemplate, method: 'POST', fileField: field, extraFields, csrf: recipe.upload.csrf },
  };
}

export async function vgcaFilesCall(
  request: VgcaRequestOf<'vgca.call'>,
  sender: Runtime.MessageSender,
): Promise<VgcaRefusal | undefined> {
  const { tabId, url: pageUrl } = requireTab(sender);
  const recipe = findRecipe((await loadSettings()).adapters, pageUrl);
  const shim = recipe && vgcaShimFor(recipe, pageUrl);
  if (!recipe || !shim) throw new KysoError('ORIGIN_NOT_ALLOWED', { pageUrl });
  const planned = filesOfCall(request.params, pageUrl);
  if ('refuse' in planned) return planned;
  await agent.connect();
  const batch: BatchJob = {
    id: newJobId(),
    tabId,
    pageUrl,
    recipe: uploadRecipe(recipe, planned.handler, shim.uploadField),
    profile: recipe.batch?.profile ?? 'organization',
    documents: planned.documents,
    csrfToken: request.csrfToken,
    createdAt: new Date().toISOString(),
    vgcaAnswer: true,
  };
  await saveBatch(batch);
  const call = {
    jobId: batch.id,
    tabId,
    frameId: sender.frameId ?? 0,
    callId: request.callId,
    fn: 'vgca_sign_files' as const,
  };
  await savePending({ ...call, fileName: '' });
  batch.windowId = await openExtensionWindow('batch.html', { batch: batch.id }, { width: 1100, height: 860 });
  await saveBatch(batch);
  await savePending({ ...call, fileName: '', windowId: batch.windowId });
  return undefined;
}

function fileResult(
  document: DocumentInPage,
  item: BatchItemResult | undefined,
  t: (k: string) => string,
): VgcaFileResult {
  const body = item?.portalBody;
  const answer = (body && typeof body === 'object' ? body : {}) as { FileServer?: unknown; Message?: unknown };
  const ok = item?.state === 'done';
  const message = ok ? '' : text(answer.Message) || item?.error?.message || t('vgcaCancelled');
  return {
    FileID: document.id,
    FileName: document.title,
    Status: ok ? VGCA_STATUS.ok : VGCA_STATUS.failed,
    Message: message.slice(0, 500),
    FileServer: text(answer.FileServer).slice(0, 2000),
    FileSignedURL: body === undefined ? '' : JSON.stringify(body).slice(0, 4000),
  };
}

/** After a run of a vgca_sign_files batch: the page hears every file's outcome, once. */
export async function vgcaAfterBatch(batch: BatchJob, results: BatchItemResult[]): Promise<void> {
  if (!batch.vgcaAnswer) return;
  const call = await loadPending(batch.id);
  if (!call) return;
  const t = await chosenTranslator();
  const files = batch.documents.map((doc, index) =>
    fileResult(
      doc,
      results.find((r) => r.index === index),
      (k) => t.t(k),
    ),
  );
  const failed = files.filter((f) => f.Status !== VGCA_STATUS.ok).length;
  const status = failed === 0 ? VGCA_STATUS.ok : VGCA_STATUS.failed;
  const message = t.t('vgcaFilesDone', String(files.length - failed), String(files.length));
  await finishPending(call, vgcaResultJson({ Status: status, Message: message, Files: files }));
}
