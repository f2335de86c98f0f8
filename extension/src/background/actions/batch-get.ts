/** Batch page opens: what is in the batch (no PDFs yet: the review list asks for each document's plan). */
import { KysoError } from '@kyso/shared';
import type { BatchView, RequestOf } from '../../common/messages';
import { loadBatch } from '../batches';
import { vietnamToday } from '../issuance';

export async function batchGet(request: RequestOf<'batch.get'>): Promise<BatchView> {
  const batch = await loadBatch(request.batchId);
  if (!batch) throw new KysoError('BATCH_NOT_FOUND', { batchId: request.batchId });
  const numbered = batch.profile === 'organization' && batch.documents.some((d) => d.issueNumber);
  return {
    batchId: batch.id,
    portal: new URL(batch.pageUrl).origin,
    profile: batch.profile,
    documents: batch.documents,
    issueDate: numbered ? vietnamToday() : undefined,
  };
}
