/** `certificates.list`: signing certificates on one or all tokens, each with an expiry warning when due. */
import type { CertificateSummary, RequestParams } from '@kyso/shared';
import { withExpiryWarning } from '../../signing/token-backend';
import type { MethodContext } from '../context';

export async function certificatesList(
  params: RequestParams<'certificates.list'>,
  context: MethodContext,
): Promise<{ certificates: CertificateSummary[] }> {
  const certificates = await context.agent.options.tokens.listCertificates(params.token);
  return { certificates: certificates.map((c) => withExpiryWarning(c, new Date())) };
}
