/**
 * Batch issuance: one login for the chosen documents (`batch.begin` with the count and the one PIN), then per
 * document: the PDF the review showed (kept, or downloaded again and checked) → `batch.sign` → upload through
 * the recipe. Uploads run beside the next signature. A failed document is reported with its reason and the others
 * go on; the PIN is never kept, so a retry of the failed ones asks for it again.
 */
import { type BatchEndResult, KysoError, type SignResult } from '@kyso/shared';
import browser from 'webextension-polyfill';
import type { BackgroundEvent, BatchItemResult, BatchRunSummary, RequestOf } from '../../common/messages';
import { type BatchJob, batchPdf, batchStops, dropBatchPdf, jobOfDocument, loadBatch } from '../batches';
import { agent } from '../context';
import { batchDocumentChoices } from '../issuance';
import { newJobId } from '../jobs';
import { withKeepAlive } from '../keepalive';
import { failedItem, portalVerdict, recentOf, rowsToSign, runSummary, uploadedItem } from '../outcomes';
import { profileImage } from '../plan';
import { applyDownloadNotes, uploadSigned } from '../portal-io';
import { recordRecent } from '../recent';
import { vgcaAfterBatch } from '../vgca/files-call';

function report(batchId: string, item: BatchItemResult): BatchItemResult {
  const event: BackgroundEvent = { event: 'batch-item', batchId, item };
  browser.runtime.sendMessage(event).catch(() => undefined);
  return item;
}

interface RunContext {
  batch: BatchJob;
  agentBatchId: string;
  image?: Uint8Array;
}

/** Signs one document of the open agent batch; throws with the document's reason. */
async function signDocument(run: RunContext, index: number): Promise<{ signed: Uint8Array; result: SignResult }> {
  const { batch } = run;
  const document = batch.documents[index];
  if (!document) throw new KysoError('INVALID_REQUEST', { index });
  report(batch.id, { index, state: 'downloading' });
  // The bytes the review showed, never others (a document the review did not show is refused).
  const bytes = await batchPdf(batch, index, 'use');
  report(batch.id, { index, state: 'signing' });
  const documentBlob = { id: newJobId(), bytes };
  const imageBlob = run.image ? { id: newJobId(), bytes: run.image } : undefined;
  const result = await agent.call(
    'batch.sign',
    {
      batchId: run.agentBatchId,
      document: { blob: documentBlob.id, name: document.fileName },
      // No rectangle: the profile places it (the review list showed where).
      placement: { page: -1 },
      profile: batch.profile,
      appearance: imageBlob ? { image: { blob: imageBlob.id } } : undefined,
      // What the review planned with (batch-plan.ts): the row's number, the seal's size.
      ...batchDocumentChoices(batch.recipe.batch?.sealMm, batch.profile, document.issueNumber),
    },
    { blobs: imageBlob ? [documentBlob, imageBlob] : [documentBlob] },
  );
  return { signed: await agent.takeBlob(result.document.blob), result };
}

/** Uploads a signed document; the outcome is the item's final state. */
async function uploadDocument(run: RunContext, index: number, signed: Uint8Array, result: SignResult) {
  const { batch } = run;
  const job = jobOfDocument(batch, index);
  // The portal's file name and a download-header token, as for a single document.
  applyDownloadNotes(job);
  report(batch.id, { index, state: 'uploading' });
  try {
    const upload = portalVerdict(await uploadSigned(job, signed), batch.vgcaAnswer === true);
    await recordRecent(recentOf(job.document, batch.pageUrl, result, upload));
    dropBatchPdf(batch.id, index);
    return report(batch.id, uploadedItem(index, upload, signed, result.warnings, batch.vgcaAnswer === true));
  } catch (error) {
    return report(batch.id, failedItem(index, error, signed));
  }
}

async function runDocuments(run: RunContext, indexes: number[]): Promise<BatchItemResult[]> {
  const uploads: Promise<BatchItemResult>[] = [];
  // Uploads one after another (the portal checks each file), beside the token signing the next document.
  let uploading: Promise<unknown> = Promise.resolve();
  for (const index of indexes) {
    if (batchStops.requested(run.batch.id)) {
      const stopped = new KysoError('CANCELLED', { reason: 'stopped by the user' });
      uploads.push(Promise.resolve(report(run.batch.id, failedItem(index, stopped))));
      continue;
    }
    try {
      const { signed, result } = await signDocument(run, index);
      const upload = uploading.then(() => uploadDocument(run, index, signed, result));
      uploading = upload;
      uploads.push(upload);
    } catch (error) {
      // The document stays as it was on the portal; a retry signs the same reviewed bytes.
      uploads.push(Promise.resolve(report(run.batch.id, failedItem(index, error))));
    }
  }
  return Promise.all(uploads);
}

export async function batchRun(request: RequestOf<'batch.run'>): Promise<BatchRunSummary> {
  const batch = await loadBatch(request.batchId);
  if (!batch) throw new KysoError('BATCH_NOT_FOUND', { batchId: request.batchId });
  const indexes = rowsToSign(request.indexes, batch.documents.length);
  batchStops.clear(batch.id);
  return withKeepAlive(async () => {
    const startedAt = new Date().toISOString();
    const image = await profileImage(batch.profile);
    // A wrong PIN fails here, before any document: the page shows it and nothing was signed.
    const begun = await agent.call('batch.begin', {
      certificate: request.certificate,
      pin: request.pin,
      count: indexes.length,
    });
    if (begun.pinPerDocument) {
      await agent.call('batch.cancel', { batchId: begun.batchId }).catch(() => undefined);
      throw new KysoError('PIN_REQUIRED', { reason: 'always-authenticate', batch: true });
    }
    let results: BatchItemResult[] = [];
    let summary: BatchEndResult | undefined;
    try {
      results = await runDocuments({ batch, agentBatchId: begun.batchId, image }, indexes);
      await vgcaAfterBatch(batch, results);
    } finally {
      summary = await agent.call('batch.end', { batchId: begun.batchId }).catch(() => undefined);
    }
    return runSummary(results, summary, startedAt, new Date().toISOString());
  });
}
