import { X509Certificate } from 'node:crypto';

/**
 * Builds a path from the signer certificate through the certificates the CMS carries up to one of the trusted
 * roots, checking each signature and validity at `at`. Revocation (OCSP/CRL) is a later stage (PAdES B-LT).
 */
export function chainsToTrustedRoot(
  signer: Uint8Array,
  carried: Uint8Array[],
  trustedRoots: Uint8Array[],
  at: Date = new Date(),
): { trusted: boolean; reason?: string } {
  if (trustedRoots.length === 0) return { trusted: false, reason: 'no trusted roots configured' };
  const roots = trustedRoots.map((der) => new X509Certificate(der));
  const pool = carried.map((der) => new X509Certificate(der));
  let current = new X509Certificate(signer);
  for (let depth = 0; depth < 8; depth++) {
    if (!withinValidity(current, at))
      return { trusted: false, reason: `certificate not valid at ${at.toISOString()}: ${current.subject}` };
    const root = roots.find((r) => current.checkIssued(r) && current.verify(r.publicKey));
    if (root) return withinValidity(root, at) ? { trusted: true } : { trusted: false, reason: 'trusted root expired' };
    const issuer = pool.find(
      (c) =>
        c.ca && c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c) && current.verify(c.publicKey),
    );
    if (!issuer) return { trusted: false, reason: `issuer not found or not trusted: ${current.issuer}` };
    current = issuer;
  }
  return { trusted: false, reason: 'certificate chain too long' };
}

function withinValidity(cert: X509Certificate, at: Date): boolean {
  return new Date(cert.validFrom) <= at && at <= new Date(cert.validTo);
}
