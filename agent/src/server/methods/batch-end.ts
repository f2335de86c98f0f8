/** `batch.end`: logs out, releases the token and reports what the batch signed. */
import type { BatchEndResult, RequestParams } from '@kyso/shared';
import type { MethodContext } from '../context';

export async function batchEnd(params: RequestParams<'batch.end'>, context: MethodContext): Promise<BatchEndResult> {
  const { batches } = context.agent;
  const batch = batches.get(context.client.id, params.batchId);
  await batch.close('ended');
  batches.forget(batch.id);
  return batch.summary();
}
