/** `pdf.verify`: reports every signature of a document against the configured trusted roots. */
import type { RequestParams, VerifyResult } from '@kyso/shared';
import type { MethodContext } from '../context';

export async function pdfVerify(params: RequestParams<'pdf.verify'>, context: MethodContext): Promise<VerifyResult> {
  const bytes = context.client.takeBlob(params.document);
  const { options } = context.agent;
  context.progress('verifying');
  const result = await options.verifyDocument(bytes, { trustedRoots: options.trustedRoots }, context.signal);
  context.progress('done', { percent: 100 });
  return result;
}
