/**
 * Detached CMS SignedData for PAdES (RFC 5652 §5, ETSI EN 319 142-1 §5.3 /SubFilter ETSI.CAdES.detached).
 * The private key never reaches this module: a `Signer` signs the digest of the signed attributes.
 */

import { createHash } from 'node:crypto';
import { HASH_LENGTHS, type HashAlgorithm, type Signer } from '@kyso/shared';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { rawSignatureLength } from '../x509/certificate';
import { digestAlgorithmIdentifier, NODE_HASH, OID, signatureAlgorithmIdentifier } from './algorithms';
import { buildSignedAttributes, encodeAttributeSet, parseCertificate } from './attributes';
import { decode, encode, toArrayBuffer } from './der';

/**
 * The seam for unsigned attributes (RFC 5652 §5.3 unsignedAttrs), e.g. an RFC 3161 signature-time-stamp
 * (OID 1.2.840.113549.1.9.16.2.14) whose imprint is the hash of the signature value (PAdES B-T).
 */
export interface UnsignedAttributeProvider {
  /**
   * Returns the attribute for this signature: its type OID and the DER of each AttributeValue; `undefined` leaves
   * it out (an optional time-stamp whose TSA did not answer).
   */
  provide(signatureValue: Uint8Array, hash: HashAlgorithm): Promise<{ type: string; values: Uint8Array[] } | undefined>;
}

export interface DetachedCmsInput {
  /** Digest of the signed content (for PDF: the byte ranges), computed with `hash`. */
  contentDigest: Uint8Array;
  signer: Signer;
  hash?: HashAlgorithm;
  unsignedAttributes?: UnsignedAttributeProvider[];
  /** CAdES over data (not PDF): a signing-time attribute, and the content itself when it is to be carried. */
  cades?: { signingTime: Date; encapsulate?: Uint8Array };
}

/** Builds a DER ContentInfo(SignedData): detached, one SignerInfo (sid = issuerAndSerialNumber), certs = signer + chain. */
export async function createDetachedCms(input: DetachedCmsInput): Promise<Uint8Array> {
  const hash = input.hash ?? 'SHA-256';
  const { signer, contentDigest } = input;
  const signed = buildSignedAttributes(contentDigest, signer.certificate, hash, input.cades?.signingTime);
  const toBeSigned = createHash(NODE_HASH[hash]).update(signed.der).digest();
  const signature = await signer.signDigest(new Uint8Array(toBeSigned), hash);

  const cert = parseCertificate(signer.certificate);
  const signerInfo = new pkijs.SignerInfo({
    version: 1, // RFC 5652 §5.3: version 1 when sid is issuerAndSerialNumber
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: digestAlgorithmIdentifier(hash),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: signed.attributes }),
    signatureAlgorithm: signatureAlgorithmIdentifier(signer.scheme, hash, HASH_LENGTHS[hash]),
    signature: new asn1js.OctetString({ valueHex: toArrayBuffer(signature) }),
  });
  const unsigned = await collectUnsignedAttributes(input.unsignedAttributes ?? [], signature, hash);
  if (unsigned.length > 0) {
    signerInfo.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: unsigned });
  }

  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [digestAlgorithmIdentifier(hash)],
    // Detached: eContent absent (RFC 5652 §5.2), the PDF byte ranges are the content; CAdES over data may carry it.
    encapContentInfo: encapsulated(input.cades?.encapsulate),
    certificates: certificateList(signer).map(parseCertificate),
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return encode(contentInfo.toSchema());
}

function encapsulated(content: Uint8Array | undefined): pkijs.EncapsulatedContentInfo {
  if (!content) return new pkijs.EncapsulatedContentInfo({ eContentType: OID.data });
  const eContent = new asn1js.OctetString({ valueHex: toArrayBuffer(content) });
  return new pkijs.EncapsulatedContentInfo({ eContentType: OID.data, eContent });
}

/** Signer certificate first, then the chain, without duplicates. */
function certificateList(signer: Signer): Uint8Array[] {
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  for (const der of [signer.certificate, ...signer.chain]) {
    const key = Buffer.from(der).toString('base64');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(der);
  }
  return out;
}

async function collectUnsignedAttributes(
  providers: UnsignedAttributeProvider[],
  signature: Uint8Array,
  hash: HashAlgorithm,
): Promise<pkijs.Attribute[]> {
  const attributes: pkijs.Attribute[] = [];
  for (const provider of providers) {
    const attribute = await provider.provide(signature, hash);
    if (!attribute) continue;
    const { type, values } = attribute;
    attributes.push(new pkijs.Attribute({ type, values: values.map((v) => decode(v, `unsigned attribute ${type}`)) }));
  }
  return attributes.length > 1 ? encodeAttributeSet(attributes).sorted : attributes;
}

/** Largest signature value the signer's key can produce, in bytes (a dry run's dummy signature is this long). */
export function maxSignatureSize(certificate: Uint8Array): number {
  const raw = rawSignatureLength(certificate);
  if (raw.algorithm === 'RSA') return raw.bytes;
  // SEQUENCE { INTEGER r, INTEGER s }: each up to n+1 bytes (sign octet) with a 2-byte header; outer header ≤ 3.
  return 2 * (raw.bytes / 2 + 3) + 3;
}
