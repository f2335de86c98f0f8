/**
 * `batch.begin`: waits for the token, logs in once with the PIN (zeroed right after) and opens a batch that
 * holds the token until it ends. Keys with CKA_ALWAYS_AUTHENTICATE still need a PIN per document.
 */
import { type BatchBeginResult, KysoError, type RequestParams } from '@kyso/shared';
import type { MethodContext } from '../context';
import { closeLeasedSession, openLeasedSession, takePin } from '../token-session';

export async function batchBegin(
  params: RequestParams<'batch.begin'>,
  context: MethodContext,
): Promise<BatchBeginResult> {
  const pin = takePin(params);
  const leased = await openLeasedSession(params.certificate, pin, context);
  try {
    if (context.signal.aborted) throw new KysoError('CANCELLED', { while: 'batch.begin' });
    const { session, lease } = leased;
    const batch = context.agent.batches.create(context.client.id, params.certificate, params.count, session, lease);
    context.progress('done', { percent: 100 });
    return {
      batchId: batch.id,
      expiresAt: batch.expiresAt.toISOString(),
      pinPerDocument: session.alwaysAuthenticate,
    };
  } catch (error) {
    // The batch did not take the session: log out and give the token to the next request.
    await closeLeasedSession(leased);
    throw error;
  }
}
