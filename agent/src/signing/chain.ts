import { X509Certificate } from 'node:crypto';

/**
 * Orders the issuers of `signer` found among `candidates` (CA certificates stored on the token, configured chain
 * files): the CMS must carry the intermediates or validators cannot build the path to the national root.
 */
export function completeChain(signer: Uint8Array, candidates: Uint8Array[]): Uint8Array[] {
  const pool = candidates.map((der) => ({ der, cert: new X509Certificate(der) })).filter((c) => c.cert.ca);
  const chain: Uint8Array[] = [];
  let current = new X509Certificate(signer);
  for (let depth = 0; depth < 8; depth++) {
    const issuer = pool.find((c) => current.checkIssued(c.cert) && current.verify(c.cert.publicKey));
    if (!issuer || chain.includes(issuer.der)) break;
    chain.push(issuer.der);
    if (issuer.cert.checkIssued(issuer.cert)) break; // self-signed root: the path is complete
    current = issuer.cert;
  }
  return chain;
}

/** Every certificate in a PEM text (a chain file may hold several). */
export function certificatesFromPem(pem: string): Uint8Array[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new Uint8Array(Buffer.from(b.replace(/-----[^-]+-----|\s+/g, ''), 'base64')));
}
