/**
 * RFC 3161 time-stamps for PAdES B-T (ETSI EN 319 142-1 §5.4): the request over the hash of the SignerInfo's
 * signature value, the checks on the answer, and the signature-time-stamp unsigned attribute that carries it.
 * No networking here: the caller passes a function that sends the request to its configured TSA.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { HashAlgorithm } from '@kyso/shared';
import { KysoError } from '@kyso/shared';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digestAlgorithmIdentifier, hashFromOid, NODE_HASH, OID } from './algorithms';
import { decode, encode, toArrayBuffer, toBytes } from './der';
import type { UnsignedAttributeProvider } from './signed-data';
import { verifyEncapsulatedCms } from './verify';

export interface TimeStampRequest {
  der: Uint8Array;
  imprint: Uint8Array;
  nonce: Uint8Array;
}

/**
 * The contents octets of a DER INTEGER holding the non-negative number `bytes` (big-endian): no leading 0x00 the
 * value does not need (X.690 §8.3.2: the first nine bits are never all zero), and one 0x00 before a first byte
 * ≥ 0x80 so the number stays positive. OpenSSL-based TSAs refuse a request whose nonce is not minimal.
 */
export function positiveIntegerContents(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const value = bytes.subarray(start);
  if (value.length === 0) return new Uint8Array([0]);
  if (value[0]! < 0x80) return new Uint8Array(value);
  const out = new Uint8Array(value.length + 1);
  out.set(value, 1);
  return out;
}

/** TimeStampReq (RFC 3161 §2.4.1) asking for the TSA's certificate, with a 64-bit random nonce. */
export function buildTimeStampRequest(
  data: Uint8Array,
  hash: HashAlgorithm,
  nonceBytes: Uint8Array = randomBytes(8),
): TimeStampRequest {
  const imprint = new Uint8Array(createHash(NODE_HASH[hash]).update(data).digest());
  const nonce = positiveIntegerContents(nonceBytes);
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: digestAlgorithmIdentifier(hash),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(imprint) }),
    }),
    nonce: new asn1js.Integer({ valueHex: toArrayBuffer(nonce) }),
    certReq: true,
  });
  return { der: encode(request.toSchema()), imprint, nonce };
}

/**
 * The token (a CMS ContentInfo) from a TimeStampResp, after checking what RFC 3161 §2.4.2 asks a client to check:
 * status granted, the imprint and the nonce we sent. Anything else is TSA_INVALID_RESPONSE.
 */
export function timeStampTokenFrom(responseDer: Uint8Array, request: TimeStampRequest): Uint8Array {
  const invalid = (reason: string) => new KysoError('TSA_INVALID_RESPONSE', { reason });
  let response: pkijs.TimeStampResp;
  try {
    response = new pkijs.TimeStampResp({ schema: decode(responseDer, 'TimeStampResp') });
  } catch (error) {
    throw invalid(`not a TimeStampResp: ${(error as Error).message}`);
  }
  const status = response.status.status;
  if (status !== 0 && status !== 1) throw invalid(`TSA refused the request (PKIStatus ${status})`);
  if (!response.timeStampToken) throw invalid('granted without a token');
  const signedData = new pkijs.SignedData({ schema: response.timeStampToken.content });
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) throw invalid('token has no TSTInfo');
  const info = new pkijs.TSTInfo({ schema: asn1js.fromBER(toArrayBuffer(toBytes(eContent.getValue()))).result });
  const imprint = toBytes(info.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!Buffer.from(imprint).equals(Buffer.from(request.imprint)))
    throw invalid('message imprint differs from the request');
  const nonce = info.nonce ? toBytes(info.nonce.valueBlock.valueHexView) : undefined;
  if (!nonce || !Buffer.from(nonce).equals(Buffer.from(request.nonce))) throw invalid('nonce differs from the request');
  return encode(response.timeStampToken.toSchema());
}

export type TimeStampTransport = (requestDer: Uint8Array) => Promise<Uint8Array>;

/**
 * The signature-time-stamp attribute provider (PAdES B-T). With `optional`, a TSA that fails leaves the
 * signature without a time-stamp (B-B) and reports why through `onSkipped`; otherwise the error stands.
 */
export function signatureTimeStamp(
  send: TimeStampTransport,
  options: { optional?: boolean; onSkipped?: (error: KysoError) => void } = {},
): UnsignedAttributeProvider {
  return {
    async provide(signatureValue, hash) {
      const request = buildTimeStampRequest(signatureValue, hash);
      try {
        const token = timeStampTokenFrom(await send(request.der), request);
        return { type: OID.signatureTimeStampToken, values: [token] };
      } catch (error) {
        const e = error instanceof KysoError ? error : new KysoError('TSA_UNAVAILABLE', { reason: String(error) });
        if (!options.optional) throw e;
        options.onSkipped?.(e);
        return undefined;
      }
    },
  };
}

export interface SignatureTimeStampCheck {
  /** TSTInfo genTime. */
  time: Date;
  /** The token's own signature verifies and its imprint is the hash of this signature value. */
  valid: boolean;
  /** DER of the TSA's certificate and the chain the token carries, for the caller's trust decision. */
  certificates: Uint8Array[];
  error?: string;
}

const TST_INFO = '1.2.840.113549.1.9.16.1.4';

/**
 * Reads and checks the signature-time-stamp of a CMS signature, if it has one: the TSA's signature over the token
 * and the imprint against the signature value (ETSI EN 319 142-1 §5.4). Trust in the TSA's chain is the caller's
 * question, like the signer's.
 */
export async function checkSignatureTimeStamp(cmsDer: Uint8Array): Promise<SignatureTimeStampCheck | undefined> {
  const outer = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: decode(cmsDer, 'CMS') }).content });
  const signerInfo = outer.signerInfos[0];
  const value = signerInfo?.unsignedAttrs?.attributes.find((a) => a.type === OID.signatureTimeStampToken)?.values[0];
  if (!signerInfo || !value) return undefined;
  const tokenDer = encode(value);
  const check = await verifyEncapsulatedCms(tokenDer, TST_INFO);
  const token = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: value }).content });
  const eContent = token.encapContentInfo.eContent;
  if (!eContent) return { time: new Date(0), valid: false, certificates: [], error: 'time-stamp token has no TSTInfo' };
  const info = new pkijs.TSTInfo({ schema: asn1js.fromBER(toArrayBuffer(toBytes(eContent.getValue()))).result });
  const result = { time: info.genTime, certificates: check.certificates };
  const hash = hashFromOid(info.messageImprint.hashAlgorithm.algorithmId);
  if (!hash) return { ...result, valid: false, error: 'unsupported time-stamp imprint algorithm' };
  const expected = createHash(NODE_HASH[hash]).update(toBytes(signerInfo.signature.valueBlock.valueHexView)).digest();
  if (!expected.equals(Buffer.from(toBytes(info.messageImprint.hashedMessage.valueBlock.valueHexView)))) {
    return { ...result, valid: false, error: 'time-stamp imprint is not the hash of the signature' };
  }
  if (!check.valid) return { ...result, valid: false, error: `time-stamp token: ${check.error ?? 'does not verify'}` };
  return { ...result, valid: true };
}
