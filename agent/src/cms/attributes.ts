/**
 * PAdES baseline signed attributes (ETSI EN 319 142-1 §5.2, ETSI EN 319 122-1 §5.2): content-type,
 * message-digest and ESS signing-certificate-v2 — and deliberately no signing-time (PAdES puts the time in /M).
 */

import { createHash } from 'node:crypto';
import { HASH_LENGTHS, type HashAlgorithm } from '@kyso/shared';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { digestAlgorithmIdentifier, NODE_HASH, OID } from './algorithms';
import { compareBytes, decode, encode, toArrayBuffer } from './der';

export interface SignedAttributes {
  /** The attributes in DER order (sorted by encoding, as DER requires for a SET OF — X.690 §11.6). */
  attributes: pkijs.Attribute[];
  /** DER of `SET OF Attribute` (tag 0x31): the bytes that are hashed and signed (RFC 5652 §5.4). */
  der: Uint8Array;
}

const parsedCertificates = new Map<string, pkijs.Certificate>();

/**
 * Parses a DER certificate with pkijs; throws a plain Error naming the problem. Memoised (the same few
 * certificates come back for every signature of a batch, and pkijs' schema matching costs milliseconds each).
 * Callers only read the result.
 */
export function parseCertificate(der: Uint8Array): pkijs.Certificate {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  let cert = parsedCertificates.get(key);
  if (!cert) {
    cert = new pkijs.Certificate({ schema: decode(der, 'certificate') });
    if (parsedCertificates.size >= 64) parsedCertificates.clear();
    parsedCertificates.set(key, cert);
  }
  return cert;
}

/**
 * ESSCertIDv2 (RFC 5035 §4): hash of the whole certificate plus IssuerSerial. The hashAlgorithm is left out
 * for SHA-256 because it is the DEFAULT and DER forbids encoding a default value.
 */
function essCertIdV2(certDer: Uint8Array, cert: pkijs.Certificate, hash: HashAlgorithm): asn1js.Sequence {
  const certHash = createHash(NODE_HASH[hash]).update(certDer).digest();
  const issuerSerial = new asn1js.Sequence({
    value: [
      // GeneralNames ::= SEQUENCE OF GeneralName; directoryName is [4] EXPLICIT Name (Name is a CHOICE).
      new asn1js.Sequence({
        value: [new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 4 }, value: [cert.issuer.toSchema()] })],
      }),
      new asn1js.Integer({ valueHex: toArrayBuffer(cert.serialNumber.valueBlock.valueHexView) }),
    ],
  });
  const fields: asn1js.AsnType[] = [];
  if (hash !== 'SHA-256') fields.push(digestAlgorithmIdentifier(hash).toSchema());
  fields.push(new asn1js.OctetString({ valueHex: toArrayBuffer(certHash) }), issuerSerial);
  return new asn1js.Sequence({ value: fields });
}

/** DER of the SET OF attributes, sorted by their encodings (X.690 §11.6). */
export function encodeAttributeSet(attributes: pkijs.Attribute[]): { sorted: pkijs.Attribute[]; der: Uint8Array } {
  const encoded = attributes.map((attribute) => ({ attribute, der: encode(attribute.toSchema()) }));
  encoded.sort((a, b) => compareBytes(a.der, b.der));
  const set = new asn1js.Set({ value: encoded.map((e) => decode(e.der, 'attribute')) });
  return { sorted: encoded.map((e) => e.attribute), der: encode(set) };
}

/**
 * Builds exactly: content-type = id-data, message-digest = `contentDigest`, signing-certificate-v2 with
 * issuerSerial (RFC 5035). No signing-time: PAdES B-B forbids it (the time is the PDF /M entry).
 */
export function buildSignedAttributes(
  contentDigest: Uint8Array,
  signerCert: Uint8Array,
  hash: HashAlgorithm,
  /** CAdES (not PAdES): the claimed signing time (ETSI EN 319 122-1 §5.2.1, RFC 5652 §11.3). */
  signingTime?: Date,
): SignedAttributes {
  if (contentDigest.length !== HASH_LENGTHS[hash]) {
    throw new Error(`content digest has ${contentDigest.length} bytes, ${hash} needs ${HASH_LENGTHS[hash]}`);
  }
  const cert = parseCertificate(signerCert);
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({
      type: OID.messageDigest,
      values: [new asn1js.OctetString({ valueHex: toArrayBuffer(contentDigest) })],
    }),
    new pkijs.Attribute({
      type: OID.signingCertificateV2,
      // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies OPTIONAL }
      values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2(signerCert, cert, hash)] })] })],
    }),
  ];
  if (signingTime) {
    attributes.push(
      new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: signingTime })] }),
    );
  }
  const { sorted, der } = encodeAttributeSet(attributes);
  return { attributes: sorted, der };
}
