/**
 * `pdf.sign`: one document, one login, in the order that spares the token and the PIN: prepare the document for
 * the certificate (read without login), answering a document that cannot be signed at once; then wait its turn
 * on the token (progress `queued` with the position); then log in with the PIN once, zero it, sign, log out and
 * hand the token to the next request.
 */
import type { RequestParams, SignResult } from '@kyso/shared';
import type { PreparedSigning } from '../../signing';
import type { MethodContext } from '../context';
import { journalFailure, prepareOne, type SignInputs, signOne, takeSignInputs } from '../sign-one';
import { takePin, waitForToken, withTokenSession } from '../token-session';

export async function pdfSign(params: RequestParams<'pdf.sign'>, context: MethodContext): Promise<SignResult> {
  const pin = takePin(params);
  let inputs: SignInputs | undefined;
  try {
    inputs = takeSignInputs(params, context);
    const taken = inputs;
    const { options, arrivals } = context.agent;
    const token = params.certificate.token;
    const prepare = async (): Promise<PreparedSigning | undefined> => {
      const certificate = await options.tokens.signingCertificate(params.certificate);
      // Undefined: the token hides its certificates until login, so this document is prepared after login,
      // holding the token (the older order: a broken PDF then costs a login and a place in the queue).
      return certificate ? prepareOne(params, taken, certificate, context) : undefined;
    };
    const { early, lease } = await arrivals.run(token, prepare, (early) =>
      waitForToken(token, context).then((lease) => ({ early, lease })),
    );
    return await withTokenSession(
      params.certificate,
      pin,
      context,
      async (session) => {
        const prepared = early ?? (await prepareOne(params, taken, session.signingCertificate, context));
        return signOne(params, taken, prepared, session, session.signer(), context);
      },
      lease,
    );
  } catch (error) {
    // Failures before signing (bad document, queue cancelled, wrong PIN, token missing) are journaled too.
    throw await journalFailure(error, params, inputs, context);
  } finally {
    pin?.fill(0);
  }
}
