/**
 * Whether a certificate's key may sign documents. RFC 5280 §4.2.1.3: a key usage extension restricts the key to
 * the bits it sets, and verifying a signature on data other than certificates and CRLs needs digitalSignature or
 * nonRepudiation (contentCommitment); ETSI EN 319 412-2 §4.3.2 asks the same of a certificate for electronic
 * signatures. A certificate without the extension is not restricted (RFC 5280 §4.2.1.3).
 */
import { type Warning, warning } from '@kyso/shared';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { keyUsageOf } from './certificate';

const SIGNING_USAGES = ['digitalSignature', 'nonRepudiation'];

/** The key usage of `der` when it does not allow signing (empty list: the extension sets no bit); else undefined. */
export function keyUsageNotForSigning(der: Uint8Array): string[] | undefined {
  const parsed = asn1js.fromBER(new Uint8Array(der));
  if (parsed.offset === -1) return undefined;
  const cert = new pkijs.Certificate({ schema: parsed.result });
  if (!cert.extensions?.some((e) => e.extnID === '2.5.29.15')) return undefined;
  const usage = keyUsageOf(cert);
  return usage.some((bit) => SIGNING_USAGES.includes(bit)) ? undefined : usage;
}

/** CERTIFICATE_NOT_FOR_SIGNING for `holder`'s certificate `der` when its key may not sign; else undefined. */
export function notForSigningWarning(der: Uint8Array, holder: string): Warning | undefined {
  const usage = keyUsageNotForSigning(der);
  if (!usage) return undefined;
  return warning('CERTIFICATE_NOT_FOR_SIGNING', { holder, keyUsage: usage.join(', ') || '-' });
}
