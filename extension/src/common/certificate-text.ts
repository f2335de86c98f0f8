/**
 * A certificate as staff read it: the holder, the organisation and title, the issuing CA's short name and the
 * expiry; the distinguished names, serial and token stay for a "Chi tiết" (details) disclosure.
 */
import { type CertificateSummary, formatVietnamDate, type TokenInfo } from '@kyso/shared';

/** One attribute of an RFC 4514-style name as the agent prints it ("C=VN, O=UBND tỉnh Thanh Hóa, CN=…"). */
export function dnField(dn: string, key: string): string | undefined {
  const parts = dn.split(/,\s*(?=[A-Za-z][\w.]*=)/);
  const found = parts.find((p) => p.slice(0, p.indexOf('=')).trim().toUpperCase() === key.toUpperCase());
  return found ? found.slice(found.indexOf('=') + 1).trim() : undefined;
}

/** The issuing CA by its common name ("KySo Test Issuing CA"), else its organisation, else the whole name. */
export function issuerName(issuer: string): string {
  return dnField(issuer, 'CN') ?? dnField(issuer, 'O') ?? issuer;
}

/** Organisation and title of the holder (O and T/OU), when the certificate names them and they are not the holder. */
export function holderOrganisation(cert: CertificateSummary): string {
  const parts = [dnField(cert.subject, 'T') ?? dnField(cert.subject, 'title'), dnField(cert.subject, 'O')];
  return parts.filter((p): p is string => !!p && p !== cert.commonName).join(', ');
}

/** The line under the chooser: "UBND tỉnh Thanh Hóa · cấp bởi KySo Test Issuing CA · hiệu lực đến 30/11/2028". */
export function certificateSummaryLine(
  cert: CertificateSummary,
  t: { t(key: string, ...a: string[]): string },
): string {
  return [
    holderOrganisation(cert),
    t.t('certificateIssuedBy', issuerName(cert.issuer)),
    t.t('dialogValidUntil', formatVietnamDate(cert.notAfter)),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Token by the name its owner knows (its label), not by manufacturer, model and serial. */
export function tokenName(token: TokenInfo | undefined): string {
  return token?.label.trim() || token?.model.trim() || '';
}
