/**
 * `batch.sign`: one document of an open batch, with the batch's login (and its own PIN only for
 * always-authenticate keys). The document is prepared as soon as it arrives (a broken one is answered at once
 * and counted as failed), then signed in arrival order behind the batch's earlier documents.
 */
import { KysoError, type RequestParams, type SignResult } from '@kyso/shared';
import type { PreparedSigning } from '../../signing';
import type { Batch } from '../batches';
import type { MethodContext } from '../context';
import { asKysoError, journalFailure, prepareOne, type SignInputs, signOne, takeSignInputs } from '../sign-one';
import { takePin } from '../token-session';

export async function batchSign(params: RequestParams<'batch.sign'>, context: MethodContext): Promise<SignResult> {
  const pin = takePin(params);
  let inputs: SignInputs | undefined;
  try {
    const batch = context.agent.batches.get(context.client.id, params.batchId);
    inputs = takeSignInputs(params, context);
    if (!batch.open) throw batch.closedError();
    if (batch.session.alwaysAuthenticate && !pin) {
      throw new KysoError('PIN_REQUIRED', { reason: 'always-authenticate' });
    }
    const taken = inputs;
    const prepare = () => counted(batch, () => prepareOne(params, taken, batch.session.signingCertificate, context));
    return await context.agent.arrivals.run(`batch:${batch.id}`, prepare, (prepared) =>
      batch.run(() => signInBatch(batch, params, taken, prepared, pin, context)),
    );
  } catch (error) {
    throw await journalFailure(error, params, inputs, context, params.batchId);
  } finally {
    pin?.fill(0);
  }
}

async function signInBatch(
  batch: Batch,
  params: RequestParams<'batch.sign'>,
  inputs: SignInputs,
  prepared: PreparedSigning,
  pin: Buffer | undefined,
  context: MethodContext,
): Promise<SignResult> {
  if (batch.remaining <= 0) {
    throw new KysoError('INVALID_REQUEST', { reason: 'batch-count-exceeded', declared: batch.declared });
  }
  const linked = linkSignals(context.signal, batch.signal);
  try {
    const signer = batch.session.signer(batch.session.alwaysAuthenticate ? pin : undefined);
    const documentContext = { ...context, signal: linked.signal };
    return await counted(batch, async () => {
      const result = await signOne(params, inputs, prepared, batch.session, signer, documentContext, batch.id);
      batch.signed++;
      return result;
    });
  } finally {
    linked.dispose();
  }
}

/**
 * Counts a failure of the work (a cancel is not a failure); the batch closes itself after its last declared
 * document or when the token is gone.
 */
async function counted<T>(batch: Batch, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (thrown) {
    const error = asKysoError(thrown);
    if (error.code !== 'CANCELLED' && batch.open && batch.remaining > 0) batch.failed++;
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
