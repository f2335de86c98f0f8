/**
 * `doctor`: whether each signing certificate's chain is complete (token, configured chainCertificates, then its
 * caIssuers address, downloaded here as when signing), and whether its key usage allows signing. Both still sign:
 * warnings, not failures.
 */
import { type CertificateSummary, warning } from '@kyso/shared';
import { notForSigningWarning } from '../signing';
import type { Pkcs11Backend } from '../signing/token-backend';
import type { Check } from './doctor-check';

export async function chainChecks(backend: Pkcs11Backend, certificates: CertificateSummary[]): Promise<Check[]> {
  const checks: Check[] = [];
  for (const c of certificates.filter((x) => !x.keyUsage.includes('keyCertSign'))) {
    const built = await backend.signingCertificate({ token: c.token, id: c.id });
    if (!built) continue;
    const details = { token: c.token, id: c.id, chainLength: built.chain.length };
    const unfit = notForSigningWarning(built.certificate, c.commonName);
    if (unfit) {
      const message = { vi: unfit.message, en: unfit.messageEn };
      checks.push({
        id: 'key-usage',
        status: 'warn',
        message,
        details: { token: c.token, id: c.id, code: unfit.code },
      });
    }
    if (built.incomplete) {
      const w = warning('CHAIN_INCOMPLETE', { issuer: built.incomplete.issuerName });
      checks.push({
        id: 'chain',
        status: 'warn',
        message: { vi: `${c.commonName}: ${w.message}`, en: `${c.commonName}: ${w.messageEn}` },
        details: { ...details, code: w.code, reason: built.incomplete.reason },
      });
      continue;
    }
    checks.push({
      id: 'chain',
      status: 'ok',
      message: {
        vi: `Chuỗi chứng thư của ${c.commonName} đầy đủ (${built.chain.length} chứng thư CA).`,
        en: `The certificate chain of ${c.commonName} is complete (${built.chain.length} CA certificates).`,
      },
      details,
    });
  }
  return checks;
}
