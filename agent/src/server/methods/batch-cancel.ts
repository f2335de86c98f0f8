/**
 * `batch.cancel`: aborts the document being signed (it is not returned and the input is untouched),
 * logs out and releases the token. Documents already returned stay signed and journaled.
 */
import type { BatchEndResult, RequestParams } from '@kyso/shared';
import type { MethodContext } from '../context';

export async function batchCancel(
  params: RequestParams<'batch.cancel'>,
  context: MethodContext,
): Promise<BatchEndResult> {
  const { batches } = context.agent;
  const batch = batches.get(context.client.id, params.batchId);
  await batch.close('cancelled');
  batches.forget(batch.id);
  return batch.summary();
}
