/** Batch page opens: what is in the batch (no PDFs yet: the review list asks for each document's plan). */
import { KysoError, type ProfileName } from '@kyso/shared';
import type { DocumentInPage, RequestOf } from '../../common/messages';
import { loadBatch } from '../batches';
import { vietnamToday } from '../issuance';

export interface BatchView {
  batchId: string;
  portal: string;
  profile: ProfileName;
  documents: DocumentInPage[];
  /** The issue date the clerk's step writes (today in Vietnam), when the recipe gives numbers. */
  issueDate?: string;
}

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
