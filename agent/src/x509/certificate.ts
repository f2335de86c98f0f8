/**
 * Human-facing facts about an X.509 certificate (RFC 5280), for the certificate picker and the logs.
 * A leaf module: both `token` (certificates on the token) and `cms` (re-exported) use it, so neither imports
 * the other.
 */

import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export interface CertificateInfo {
  /** RFC 4514 order (most specific first), UTF-8 kept intact: `CN=Nguyễn Văn An, O=UBND tỉnh Thanh Hóa, C=VN`. */
  subject: string;
  subjectCommonName: string;
  issuer: string;
  issuerCommonName: string;
  /** Lower-case hex of the serial number's DER value bytes. */
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  /** KeyUsage bit names (RFC 5280 §4.2.1.3), e.g. `digitalSignature`, `nonRepudiation`. */
  keyUsage: string[];
  keyType: 'RSA' | 'EC';
  /** RSA modulus bits, or the curve's field size in bits. */
  keyBits: number;
  /** `P-256`, `P-384`, `P-521` for EC keys. */
  curve?: string;
  /** SHA-256 of the DER certificate, lower-case hex without separators. */
  sha256: string;
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'street',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.1': 'UID',
};

const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

const CURVES: Record<string, { name: string; bits: number }> = {
  prime256v1: { name: 'P-256', bits: 256 },
  secp384r1: { name: 'P-384', bits: 384 },
  secp521r1: { name: 'P-521', bits: 521 },
};

/** Escapes RFC 4514 §2.4 specials so a name stays parseable; non-ASCII letters stay as they are. */
function escapeValue(value: string): string {
  return value
    .replace(/([,+"\\<>;])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');
}

function attributeText(value: asn1js.AsnType): string {
  // UTF8String, PrintableString, BMPString, TeletexString… all decode to `valueBlock.value` in asn1js.
  const block = (value as { valueBlock?: { value?: unknown } }).valueBlock;
  if (block && typeof block.value === 'string') return block.value;
  return `#${toHex(new Uint8Array(value.toBER(false)))}`;
}

/** The name as RFC 4514 text (reverse of the encoded RDN order), with the first CN found. */
function formatName(name: pkijs.RelativeDistinguishedNames): { text: string; commonName: string } {
  const parts = name.typesAndValues.map(
    (tv) => `${ATTRIBUTE_NAMES[tv.type] ?? tv.type}=${escapeValue(attributeText(tv.value))}`,
  );
  const cn = name.typesAndValues.find((tv) => tv.type === '2.5.4.3');
  return { text: parts.reverse().join(', '), commonName: cn ? attributeText(cn.value) : '' };
}

/** The KeyUsage bits set (RFC 5280 §4.2.1.3); empty when the extension is absent. */
export function keyUsageOf(cert: pkijs.Certificate): string[] {
  const ext = cert.extensions?.find((e) => e.extnID === '2.5.29.15');
  if (!ext) return [];
  const parsed = asn1js.fromBER(ext.extnValue.valueBlock.valueHexView);
  if (!(parsed.result instanceof asn1js.BitString)) return [];
  const bytes = parsed.result.valueBlock.valueHexView;
  return KEY_USAGE_BITS.filter((_, bit) => (((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) === 1);
}

const described = new Map<string, CertificateInfo>();

/** Memoised: listing certificates and signing describe the same few certificates again and again. */
export function describeCertificate(der: Uint8Array): CertificateInfo {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
  let info = described.get(key);
  if (!info) {
    info = describeCertificateUncached(der);
    if (described.size >= 64) described.clear();
    described.set(key, info);
  }
  return { ...info, keyUsage: [...info.keyUsage] };
}

function describeCertificateUncached(der: Uint8Array): CertificateInfo {
  const parsed = asn1js.fromBER(new Uint8Array(der));
  if (parsed.offset === -1) throw new Error(`certificate: ${parsed.result.error}`);
  const cert = new pkijs.Certificate({ schema: parsed.result });
  const x509 = new X509Certificate(der);
  const subject = formatName(cert.subject);
  const issuer = formatName(cert.issuer);
  const details = x509.publicKey.asymmetricKeyDetails ?? {};
  const curve = details.namedCurve ? CURVES[details.namedCurve] : undefined;
  const keyType = x509.publicKey.asymmetricKeyType === 'ec' ? 'EC' : 'RSA';
  return {
    subject: subject.text,
    subjectCommonName: subject.commonName,
    issuer: issuer.text,
    issuerCommonName: issuer.commonName,
    serialHex: toHex(cert.serialNumber.valueBlock.valueHexView),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    keyUsage: keyUsageOf(cert),
    keyType,
    keyBits: details.modulusLength ?? curve?.bits ?? 0,
    ...(curve ? { curve: curve.name } : details.namedCurve ? { curve: details.namedCurve } : {}),
    sha256: x509.fingerprint256.replaceAll(':', '').toLowerCase(),
  };
}

/** The raw signature a certificate's key makes: the RSA modulus length, or r‖s for ECDSA (twice the field size, PKCS#11 §2.3.1). */
export function rawSignatureLength(certDer: Uint8Array): { algorithm: 'RSA' | 'EC'; bytes: number } {
  const details = new X509Certificate(certDer).publicKey.asymmetricKeyDetails ?? {};
  if (details.modulusLength) return { algorithm: 'RSA', bytes: Math.ceil(details.modulusLength / 8) };
  const fieldBytes: Record<string, number> = { prime256v1: 32, secp384r1: 48, secp521r1: 66 };
  return { algorithm: 'EC', bytes: 2 * (fieldBytes[details.namedCurve ?? ''] ?? 66) };
}

/** The holder's organisation: the O= of an RFC 4514 subject as `describeCertificate` writes it. */
export function organizationOf(subject: string): string | undefined {
  return /(?:^|,\s*)O=([^,]+)/.exec(subject)?.[1]?.trim();
}
