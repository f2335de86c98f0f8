/**
 * `data.sign`: text the user has read in the extension's dialog, signed as CAdES over its UTF-8 bytes with one
 * login (PIN zeroed right after), in the token's queue like a document. Journaled with the text's SHA-256 only:
 * the text itself (an opinion, a login challenge) is never written.
 */
import { createHash } from 'node:crypto';
import type { DataSignResult, RequestParams } from '@kyso/shared';
import type { MethodContext } from '../context';
import { asKysoError } from '../sign-one';
import { takePin, withTokenSession } from '../token-session';

export async function dataSign(params: RequestParams<'data.sign'>, context: MethodContext): Promise<DataSignResult> {
  const pin = takePin(params);
  const { options } = context.agent;
  const sha256Before = createHash('sha256').update(params.content, 'utf8').digest('hex');
  const base = { time: new Date().toISOString(), origin: context.client.origin, document: 'data.sign', sha256Before };
  try {
    return await withTokenSession(params.certificate, pin, context, async (session) => {
      context.progress('signing');
      const signed = await options.signing.signData(params.content, session.signer(), params.attached);
      const certificate = { subject: session.certificate.subject, serial: session.certificate.serial };
      await options.journal.append({ ...base, certificate, result: 'signed' });
      context.progress('done', { percent: 100 });
      return {
        signature: Buffer.from(signed.cms).toString('base64'),
        certificate: Buffer.from(session.signingCertificate.certificate).toString('base64'),
        signer: signed.signerName,
        signedAt: signed.signedAt,
        sha256: signed.sha256,
        attached: params.attached,
      };
    });
  } catch (thrown) {
    const error = asKysoError(thrown, context.signal);
    const result = error.code === 'CANCELLED' ? 'cancelled' : 'failed';
    await options.journal.append({ ...base, result, error: error.code }).catch(() => undefined);
    throw error;
  } finally {
    pin?.fill(0);
  }
}
