/**
 * `batch.sign`: one document of an open batch, with the batch's login (and its own PIN only for
 * always-authenticate keys). Documents of a batch are signed in arrival order.
 */
import { KysoError, type RequestParams, type SignResult } from '@kyso/shared';
import type { Batch } from '../batches';
import type { MethodContext } from '../context';
import { asKysoError, journalFailure, type SignInputs, signOne, takePin, takeSignInputs } from '../sign-one';

export async function batchSign(params: RequestParams<'batch.sign'>, context: MethodContext): Promise<SignResult> {
  const pin = takePin(params);
  let inputs: SignInputs | undefined;
  try {
    const batch = context.agent.batches.get(context.client.id, params.batchId);
    inputs = takeSignInputs(params, context);
    if (!batch.open) throw batch.closedError();
    const taken = inputs;
    return await batch.run(async () => {
      if (batch.remaining <= 0) {
        throw new KysoError('INVALID_REQUEST', { reason: 'batch-count-exceeded', declared: batch.declared });
      }
      if (batch.session.alwaysAuthenticate && !pin) {
        throw new KysoError('PIN_REQUIRED', { reason: 'always-authenticate' });
      }
      const linked = linkSignals(context.signal, batch.signal);
      try {
        const signer = batch.session.signer(batch.session.alwaysAuthenticate ? pin : undefined);
        const documentContext = { ...context, signal: linked.signal };
        return await signCounted(batch, () => signOne(params, taken, batch.session, signer, documentContext, batch.id));
      } finally {
        linked.dispose();
      }
    });
  } catch (error) {
    throw await journalFailure(error, params, inputs, context, params.batchId);
  } finally {
    pin?.fill(0);
  }
}

/** Counts the outcome; the batch closes itself after its last declared document or when the token is gone. */
async function signCounted(batch: Batch, sign: () => Promise<SignResult>): Promise<SignResult> {
  try {
    const result = await sign();
    batch.signed++;
    return result;
  } catch (thrown) {
    const error = asKysoError(thrown);
    if (error.code !== 'CANCELLED') batch.failed++;
    if (error.code === 'TOKEN_REMOVED' || error.code === 'TOKEN_NOT_PRESENT') void batch.close('token-removed');
    throw error;
  } finally {
    if (batch.open && batch.remaining <= 0) void batch.close('complete');
  }
}

/**
 * One signal aborted by either the request or the batch. Listeners are removed afterwards: AbortSignal.any on
 * the long-lived batch signal would keep one dependent per document for the batch's whole life.
 */
function linkSignals(request: AbortSignal, batch: AbortSignal): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const fromRequest = () => controller.abort(request.reason);
  const fromBatch = () => controller.abort(batch.reason);
  if (request.aborted) fromRequest();
  else if (batch.aborted) fromBatch();
  request.addEventListener('abort', fromRequest, { once: true });
  batch.addEventListener('abort', fromBatch, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      request.removeEventListener('abort', fromRequest);
      batch.removeEventListener('abort', fromBatch);
    },
  };
}
