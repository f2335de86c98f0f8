/**
 * Signing text the user has read (an opinion, a comment, a login challenge): CAdES-BES over its UTF-8 bytes
 * (ETSI EN 319 122-1 §5.2: content-type, message-digest, signing-certificate-v2, signing-time), detached or
 * carrying the text. The caller passes the text exactly as the user saw it; nothing here accepts a bare hash.
 */
import { createHash } from 'node:crypto';
import { KysoError, type Signer, vietnamIsoTime } from '@kyso/shared';
import { createDetachedCms, describeCertificate, OID, verifyDetachedCms, verifyEncapsulatedCms } from '../cms';

export interface SignedData {
  /** DER ContentInfo(SignedData). */
  cms: Uint8Array;
  sha256: string;
  signerName: string;
  signedAt: string;
}

export async function signData(text: string, signer: Signer, attached: boolean, now = new Date()): Promise<SignedData> {
  const content = new TextEncoder().encode(text);
  const digest = new Uint8Array(createHash('sha256').update(content).digest());
  const cms = await createDetachedCms({
    contentDigest: digest,
    signer,
    cades: { signingTime: now, encapsulate: attached ? content : undefined },
  });
  // Self-check before anything leaves the agent, as for PDFs.
  const check = attached ? await verifyEncapsulatedCms(cms, OID.data) : await verifyDetachedCms(cms, digest);
  if (!check.valid) throw new KysoError('SELF_CHECK_FAILED', { reason: check.error ?? 'data signature' });
  return {
    cms,
    sha256: Buffer.from(digest).toString('hex'),
    signerName: describeCertificate(signer.certificate).subjectCommonName,
    signedAt: vietnamIsoTime(now),
  };
}
