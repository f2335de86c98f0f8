/** `cancel`: aborts a queued or running request of the same connection (never another client's). */
import type { CancelResult, RequestParams } from '@kyso/shared';
import type { MethodContext } from '../context';

export async function cancel(params: RequestParams<'cancel'>, context: MethodContext): Promise<CancelResult> {
  return { cancelled: context.client.cancel(params.requestId) };
}
