/** `certificates.list`: signing certificates on one or all tokens, each with an expiry warning when due. */
import type { CertificateSummary, RequestParams } from '@kyso/shared';
import type { MethodContext } from '../context';

const THIRTY_DAYS_MS = 30 * 24 * 60 * 60 * 1000;

export async function certificatesList(
  params: RequestParams<'certificates.list'>,
  context: MethodContext,
): Promise<{ certificates: CertificateSummary[] }> {
  const certificates = await context.agent.options.tokens.listCertificates(params.token);
  return { certificates: certificates.map((c) => withExpiryWarning(c, new Date())) };
}

/** Computed here as well as in the token layer, so the 30-day rule holds whatever the backend returns. */
export function withExpiryWarning(certificate: CertificateSummary, now: Date): CertificateSummary {
  const notAfter = Date.parse(certificate.notAfter);
  if (Number.isNaN(notAfter)) return certificate;
  if (notAfter < now.getTime()) return { ...certificate, warning: 'EXPIRED' };
  if (notAfter - now.getTime() < THIRTY_DAYS_MS) return { ...certificate, warning: 'EXPIRING_SOON' };
  const { warning: _ignored, ...rest } = certificate;
  return rest;
}
