/**
 * `batch.begin`: waits for the token, logs in once with the PIN (zeroed right after) and opens a batch that
 * holds the token until it ends. Keys with CKA_ALWAYS_AUTHENTICATE still need a PIN per document.
 */
import { type BatchBeginResult, KysoError, type RequestParams } from '@kyso/shared';
import type { MethodContext } from '../context';
import { takePin } from '../sign-one';

export async function batchBegin(
  params: RequestParams<'batch.begin'>,
  context: MethodContext,
): Promise<BatchBeginResult> {
  const pin = takePin(params);
  try {
    const { queues, options, batches } = context.agent;
    const lease = await queues.acquire(params.certificate.token, {
      signal: context.signal,
      onPosition: (position) => context.progress('queued', { position }),
    });
    try {
      context.progress('waiting-for-token');
      const session = await options.tokens.openSession(params.certificate, pin);
      pin?.fill(0);
      if (context.signal.aborted) {
        await session.close();
        throw new KysoError('CANCELLED', { while: 'batch.begin' });
      }
      const batch = batches.create(context.client.id, params.certificate, params.count, session, lease);
      context.progress('done', { percent: 100 });
      return {
        batchId: batch.id,
        expiresAt: batch.expiresAt.toISOString(),
        pinPerDocument: session.alwaysAuthenticate,
      };
    } catch (error) {
      lease.release();
      throw error;
    }
  } finally {
    pin?.fill(0);
  }
}
