/**
 * Review list, one document: download it with the user's session (kept for the run) and ask the agent where the
 * profile puts the signature. A failure is part of the answer (the list shows it), not an exception. The page sends
 * the chosen certificate's names: the leader profile finds its place by the signer's name.
 */
import { KysoError, serializeError } from '@kyso/shared';
import type { BatchPlanItem, RequestOf } from '../../common/messages';
import { bytesToBase64 } from '../../common/signature-image';
import { batchPdf, loadBatch } from '../batches';
import { issuanceOf } from '../issuance';
import { withKeepAlive } from '../keepalive';
import { planPlacement } from '../plan';

export async function batchPlan(request: RequestOf<'batch.plan'>): Promise<BatchPlanItem> {
  const batch = await loadBatch(request.batchId);
  if (!batch) throw new KysoError('BATCH_NOT_FOUND', { batchId: request.batchId });
  const document = batch.documents[request.index];
  if (!document) throw new KysoError('INVALID_REQUEST', { index: request.index });
  return withKeepAlive(async () => {
    let bytes: Uint8Array | undefined;
    try {
      // The review is where the clerk sees the document: these bytes are the ones the run signs.
      bytes = await batchPdf(batch, request.index, 'show');
      const plan = await planPlacement({
        bytes,
        fileName: document.fileName,
        profile: batch.profile,
        signerName: request.signerName,
        organization: request.organization,
        sealMm: batch.recipe.batch?.sealMm,
        issuance: issuanceOf(document.issueNumber, batch.profile),
        number: document.issueNumber,
      });
      return { index: request.index, plan, pageCount: plan.pageCount, pdfBase64: bytesToBase64(bytes) };
    } catch (error) {
      const serialized = serializeError(error);
      const pageCount = serialized.details?.pageCount;
      return {
        index: request.index,
        error: serialized,
        pageCount: typeof pageCount === 'number' ? pageCount : undefined,
        pdfBase64: bytes ? bytesToBase64(bytes) : undefined,
      };
    }
  });
}
