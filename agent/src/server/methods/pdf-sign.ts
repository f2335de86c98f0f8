/**
 * `pdf.sign`: one document, one login. Waits its turn on the token (progress `queued` with the position),
 * logs in with the PIN once and zeroes it, signs, logs out, hands the token to the next request.
 */
import type { RequestParams, SignResult } from '@kyso/shared';
import type { MethodContext } from '../context';
import { journalFailure, type SignInputs, signOne, takePin, takeSignInputs } from '../sign-one';

export async function pdfSign(params: RequestParams<'pdf.sign'>, context: MethodContext): Promise<SignResult> {
  const pin = takePin(params);
  let inputs: SignInputs | undefined;
  try {
    inputs = takeSignInputs(params, context);
    const { queues, options } = context.agent;
    const lease = await queues.acquire(params.certificate.token, {
      signal: context.signal,
      onPosition: (position) => context.progress('queued', { position }),
    });
    try {
      context.progress('waiting-for-token');
      const session = await options.tokens.openSession(params.certificate, pin);
      pin?.fill(0);
      try {
        return await signOne(params, inputs, session, session.signer(), context);
      } finally {
        await session.close();
      }
    } finally {
      lease.release();
    }
  } catch (error) {
    // Failures before signing (queue cancelled, wrong PIN, token missing) are journaled too.
    throw await journalFailure(error, params, inputs, context);
  } finally {
    pin?.fill(0);
  }
}
