/**
 * Checks a detached CMS signature the way a validator does (RFC 5652 §5.4, §5.6): message-digest equals the
 * content digest, and the signature over the DER SET OF signed attributes verifies with the embedded signer
 * certificate. Chain and revocation checks belong elsewhere; this is the agent's self-check of its own output.
 */

import {
  constants,
  createPublicKey,
  verify as cryptoVerify,
  type KeyObject,
  type VerifyKeyObjectInput,
} from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hashFromOid, NODE_HASH, OID, parseSignatureAlgorithm } from './algorithms';
import { decode, encode, toBytes } from './der';

export interface CmsVerification {
  valid: boolean;
  signerCertificate?: Uint8Array;
  /** DER of every X.509 certificate embedded in SignedData.certificates (signer and chain), for chain building. */
  certificates: Uint8Array[];
  digestMatches: boolean;
  signatureValid: boolean;
  /** OIDs of the signed attributes, in encoded order. */
  signedAttributes: string[];
  error?: string;
}

export async function verifyDetachedCms(cmsDer: Uint8Array, contentDigest: Uint8Array): Promise<CmsVerification> {
  const result: CmsVerification = {
    valid: false,
    certificates: [],
    digestMatches: false,
    signatureValid: false,
    signedAttributes: [],
  };
  try {
    const contentInfo = new pkijs.ContentInfo({ schema: decode(cmsDer, 'CMS ContentInfo') });
    if (contentInfo.contentType !== OID.signedData) throw new Error(`not SignedData: ${contentInfo.contentType}`);
    const signedData = new pkijs.SignedData({ schema: contentInfo.content });
    if (signedData.encapContentInfo.eContent) throw new Error('not detached: eContent is present');
    result.certificates = (signedData.certificates ?? [])
      .filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate)
      .map((c) => encode(c.toSchema()));
    const [signerInfo, ...others] = signedData.signerInfos;
    if (!signerInfo || others.length > 0) {
      throw new Error(`expected one SignerInfo, found ${signedData.signerInfos.length}`);
    }
    const cert = findSignerCertificate(signedData, signerInfo);
    result.signerCertificate = encode(cert.toSchema());
    const attrs = signerInfo.signedAttrs;
    if (!attrs) throw new Error('SignerInfo has no signed attributes');
    result.signedAttributes = attrs.attributes.map((a) => a.type);
    result.digestMatches = messageDigestMatches(attrs.attributes, contentDigest);
    result.signatureValid = verifySignature(signerInfo, cert, toBytes(attrs.encodedValue));
    result.valid = result.digestMatches && result.signatureValid;
    if (!result.digestMatches) result.error = 'message-digest does not match the content';
    else if (!result.signatureValid) result.error = 'signature does not verify with the signer certificate';
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  return result;
}

function findSignerCertificate(signedData: pkijs.SignedData, signerInfo: pkijs.SignerInfo): pkijs.Certificate {
  const sid = signerInfo.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) throw new Error('sid is not issuerAndSerialNumber');
  const cert = (signedData.certificates ?? []).find(
    (c): c is pkijs.Certificate =>
      c instanceof pkijs.Certificate && c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber),
  );
  if (!cert) throw new Error('signer certificate is not embedded');
  return cert;
}

/** RFC 5652 §11.2: exactly one message-digest attribute with exactly one value; content-type must be id-data. */
function messageDigestMatches(attributes: pkijs.Attribute[], contentDigest: Uint8Array): boolean {
  const digests = attributes.filter((a) => a.type === OID.messageDigest);
  const types = attributes.filter((a) => a.type === OID.contentType);
  if (digests.length !== 1 || digests[0]?.values.length !== 1) {
    throw new Error('message-digest attribute missing or repeated');
  }
  if (types.length !== 1) throw new Error('content-type attribute missing or repeated');
  const contentType = types[0]?.values[0];
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== OID.data) {
    throw new Error('content-type is not id-data');
  }
  const value = digests[0].values[0];
  if (!(value instanceof asn1js.OctetString)) throw new Error('message-digest is not an OCTET STRING');
  return Buffer.from(value.valueBlock.valueHexView).equals(Buffer.from(contentDigest));
}

function verifySignature(signerInfo: pkijs.SignerInfo, cert: pkijs.Certificate, signedAttrsDer: Uint8Array): boolean {
  const hash = hashFromOid(signerInfo.digestAlgorithm.algorithmId);
  if (!hash) throw new Error(`unsupported digest algorithm ${signerInfo.digestAlgorithm.algorithmId}`);
  const alg = parseSignatureAlgorithm(signerInfo.signatureAlgorithm);
  if (!alg) throw new Error(`unsupported signature algorithm ${signerInfo.signatureAlgorithm.algorithmId}`);
  if (alg.hash && alg.hash !== hash) throw new Error(`signature hash ${alg.hash} differs from digest ${hash}`);
  const key = publicKeyOf(cert);
  if (alg.scheme === 'ECDSA' && key.asymmetricKeyType !== 'ec') throw new Error('ECDSA signature with a non-EC key');
  if (alg.scheme !== 'ECDSA' && !key.asymmetricKeyType?.startsWith('rsa')) {
    throw new Error('RSA signature with a non-RSA key');
  }
  const signature = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  let input: KeyObject | VerifyKeyObjectInput;
  if (alg.scheme === 'RSA-PSS') {
    // RFC 4055 §3.1: saltLength DEFAULT 20.
    input = { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: alg.saltLength ?? 20 };
  } else if (alg.scheme === 'ECDSA') {
    input = { key, dsaEncoding: 'der' };
  } else {
    input = { key, padding: constants.RSA_PKCS1_PADDING };
  }
  return cryptoVerify(NODE_HASH[hash], signedAttrsDer, input, signature);
}

function publicKeyOf(cert: pkijs.Certificate): KeyObject {
  const spki = encode(cert.subjectPublicKeyInfo.toSchema());
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}
