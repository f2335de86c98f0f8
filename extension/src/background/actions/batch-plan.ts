/**
 * Review list, one document: download it with the user's session (kept for the run) and ask the agent where the
 * profile puts the signature. A failure is part of the answer (the list shows it), not an exception. The page sends
 * the chosen certificate's names: the leader profile finds its place by the signer's name.
 */
import { KysoError } from '@kyso/shared';
import { bytesToBase64 } from '../../common/base64';
import type { BatchPlanItem, RequestOf } from '../../common/messages';
import { batchPdf, loadBatch } from '../batches';
import { batchDocumentChoices } from '../issuance';
import { withKeepAlive } from '../keepalive';
import { planFailure } from '../outcomes';
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
        choices: batchDocumentChoices(batch.recipe.batch?.sealMm, batch.profile, document.issueNumber),
      });
      return { index: request.index, plan, pageCount: plan.pageCount, pdfBase64: bytesToBase64(bytes) };
    } catch (error) {
      return planFailure(request.index, error, bytes);
    }
  });
}
