/** A certificate the user chose, in the shape VGCA's `vgca_get_certinfo` answers (pure, so it is unit-tested). */
import type { CertificateSummary } from '@kyso/shared';
import type { VgcaCertInfo } from '../../common/vgca-protocol';

/** ISO 8601 with +07:00 (Vietnam, no daylight saving), as dates are written on Vietnamese documents. */
function vietnamTime(iso: string): string {
  return `${new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}

export function certInfoOf(cert: CertificateSummary): VgcaCertInfo {
  return {
    Subject: cert.subject,
    Issuer: cert.issuer,
    // The INTEGER's value in hex (no DER sign byte), as OpenSSL, .NET and browsers show it.
    SerialNumber: cert.serial.toUpperCase().replace(/^(00)+(?=.)/, ''),
    ValidFrom: vietnamTime(cert.notBefore),
    ValidTo: vietnamTime(cert.notAfter),
    Base64Data: cert.der ?? '',
  };
}
