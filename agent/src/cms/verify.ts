/**
 * Checks a detached CMS signature the way a validator does (RFC 5652 §5.4, §5.6): message-digest equals the
 * content digest, and the signature over the DER SET OF signed attributes verifies with the embedded signer
 * certificate. Chain and revocation checks belong elsewhere; this is the agent's self-check of its own output.
 */

import {
  constants,
  createHash,
  verify as cryptoVerify,
  type KeyObject,
  type VerifyKeyObjectInput,
  X509Certificate,
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
  return verifySignedData(cmsDer, { detachedDigest: contentDigest, contentType: OID.data });
}

/**
 * A SignedData that carries its content (eContent), such as an RFC 3161 time-stamp token whose content is the
 * TSTInfo (`contentType` id-ct-TSTInfo): the message digest is checked against the encapsulated bytes.
 */
export async function verifyEncapsulatedCms(cmsDer: Uint8Array, contentType: string): Promise<CmsVerification> {
  return verifySignedData(cmsDer, { contentType });
}

async function verifySignedData(
  cmsDer: Uint8Array,
  expected: { detachedDigest?: Uint8Array; contentType: string },
): Promise<CmsVerification> {
  const result: CmsVerification = {
    valid: false,
    certificates: [],
    digestMatches: false,
    signatureValid: false,
    signedAttributes: [],
  };
  try {
    // Parsed with asn1js and navigated by hand: pkijs' schema matching of every embedded certificate costs
    // more than the rest of a signature, and the agent verifies each output it produces.
    const signedData = signedDataChildren(decode(cmsDer, 'CMS ContentInfo'));
    const eContent = encapsulatedContent(signedData[2]!);
    if (expected.detachedDigest && eContent) throw new Error('not detached: eContent is present');
    if (!expected.detachedDigest && !eContent) throw new Error('eContent is missing');
    const certificates = signedData.filter((b) => isContext(b, 0)).flatMap((b) => childrenOf(b));
    result.certificates = certificates.map(rawBytes);
    const signerInfos = childrenOf(signedData.at(-1)!);
    const [signerInfoBlock, ...others] = signerInfos;
    if (!signerInfoBlock || others.length > 0) throw new Error(`expected one SignerInfo, found ${signerInfos.length}`);
    const signerInfo = new pkijs.SignerInfo({ schema: signerInfoBlock });
    const cert = findSignerCertificate(certificates, signerInfo);
    result.signerCertificate = cert;
    const attrs = signerInfo.signedAttrs;
    if (!attrs) throw new Error('SignerInfo has no signed attributes');
    result.signedAttributes = attrs.attributes.map((a) => a.type);
    const contentDigest = expected.detachedDigest ?? digestOf(eContent!, signerInfo.digestAlgorithm.algorithmId);
    result.digestMatches = messageDigestMatches(attrs.attributes, contentDigest, expected.contentType);
    result.signatureValid = verifySignature(signerInfo, cert, toBytes(attrs.encodedValue));
    result.valid = result.digestMatches && result.signatureValid;
    if (!result.digestMatches) result.error = 'message-digest does not match the content';
    else if (!result.signatureValid) result.error = 'signature does not verify with the signer certificate';
  } catch (error) {
    result.error = error instanceof Error ? error.message : String(error);
  }
  return result;
}

type Block = asn1js.AsnType;

function childrenOf(block: Block): Block[] {
  const value = (block as asn1js.Sequence).valueBlock?.value;
  return Array.isArray(value) ? (value as Block[]) : [];
}

function isContext(block: Block, tag: number): boolean {
  return block.idBlock.tagClass === 3 && block.idBlock.tagNumber === tag;
}

function rawBytes(block: Block): Uint8Array {
  return new Uint8Array(block.valueBeforeDecodeView);
}

/** ContentInfo { id-signedData, [0] EXPLICIT SignedData } → SignedData's fields (RFC 5652 §3, §5.1). */
function signedDataChildren(contentInfo: Block): Block[] {
  const [type, content] = childrenOf(contentInfo);
  const oid = type instanceof asn1js.ObjectIdentifier ? type.valueBlock.toString() : '';
  if (oid !== OID.signedData) throw new Error(`not SignedData: ${oid}`);
  const [signedData] = content && isContext(content, 0) ? childrenOf(content) : [];
  const fields = signedData ? childrenOf(signedData) : [];
  if (!fields[2] || fields.length < 4) throw new Error('SignedData is incomplete');
  return fields;
}

/**
 * EncapsulatedContentInfo { eContentType, [0] EXPLICIT eContent OCTET STRING OPTIONAL } (RFC 5652 §5.2): the
 * content bytes, or undefined when detached (PAdES: the PDF byte ranges are the content).
 */
function encapsulatedContent(encapContentInfo: Block): Uint8Array | undefined {
  const wrapper = childrenOf(encapContentInfo)[1];
  if (!wrapper) return undefined;
  const octets = childrenOf(wrapper)[0];
  if (!(octets instanceof asn1js.OctetString)) throw new Error('eContent is not an OCTET STRING');
  // A constructed (BER) OCTET STRING is the concatenation of its segments.
  const parts = octets.idBlock.isConstructed ? childrenOf(octets) : [octets];
  return Buffer.concat(parts.map((p) => Buffer.from((p as asn1js.OctetString).valueBlock.valueHexView)));
}

function digestOf(content: Uint8Array, digestAlgorithmOid: string): Uint8Array {
  const hash = hashFromOid(digestAlgorithmOid);
  if (!hash) throw new Error(`unsupported digest algorithm ${digestAlgorithmOid}`);
  return new Uint8Array(createHash(NODE_HASH[hash]).update(content).digest());
}

/** The embedded certificate whose issuer and serial equal the SignerInfo's sid (§5.3), as DER. */
function findSignerCertificate(certificates: Block[], signerInfo: pkijs.SignerInfo): Uint8Array {
  const sid = signerInfo.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) throw new Error('sid is not issuerAndSerialNumber');
  const issuer = Buffer.from(encode(sid.issuer.toSchema()));
  const serial = Buffer.from(sid.serialNumber.valueBlock.valueHexView);
  for (const cert of certificates) {
    // TBSCertificate: [0] version (optional), serialNumber, signature, issuer, … (RFC 5280 §4.1)
    const tbs = childrenOf(childrenOf(cert)[0] ?? cert);
    const fields = tbs[0] && isContext(tbs[0], 0) ? tbs.slice(1) : tbs;
    const [serialBlock, , issuerBlock] = fields;
    if (!(serialBlock instanceof asn1js.Integer) || !issuerBlock) continue;
    if (
      Buffer.from(serialBlock.valueBlock.valueHexView).equals(serial) &&
      Buffer.from(rawBytes(issuerBlock)).equals(issuer)
    ) {
      return rawBytes(cert);
    }
  }
  throw new Error('signer certificate is not embedded');
}

/** RFC 5652 §11.2: exactly one message-digest attribute with exactly one value; content-type must be id-data. */
function messageDigestMatches(
  attributes: pkijs.Attribute[],
  contentDigest: Uint8Array,
  contentTypeOid: string,
): boolean {
  const digests = attributes.filter((a) => a.type === OID.messageDigest);
  const types = attributes.filter((a) => a.type === OID.contentType);
  if (digests.length !== 1 || digests[0]?.values.length !== 1) {
    throw new Error('message-digest attribute missing or repeated');
  }
  if (types.length !== 1) throw new Error('content-type attribute missing or repeated');
  const contentType = types[0]?.values[0];
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== contentTypeOid) {
    throw new Error(`content-type is not ${contentTypeOid}`);
  }
  const value = digests[0].values[0];
  if (!(value instanceof asn1js.OctetString)) throw new Error('message-digest is not an OCTET STRING');
  return Buffer.from(value.valueBlock.valueHexView).equals(Buffer.from(contentDigest));
}

function verifySignature(signerInfo: pkijs.SignerInfo, cert: Uint8Array, signedAttrsDer: Uint8Array): boolean {
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

function publicKeyOf(cert: Uint8Array): KeyObject {
  return new X509Certificate(cert).publicKey;
}
