/**
 * Object identifiers and AlgorithmIdentifiers used in CMS SignedData (RFC 5652, RFC 5754, RFC 4055, RFC 5758).
 * Kept in one place so signing and verification agree on every encoding choice.
 */
import type { HashAlgorithm, SignatureScheme } from '@kyso/shared';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
} as const;

const HASH_OIDS: Record<HashAlgorithm, string> = {
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};

/** sha*WithRSAEncryption, RFC 4055 §5. */
const RSA_PKCS1_OIDS: Record<HashAlgorithm, string> = {
  'SHA-256': '1.2.840.113549.1.1.11',
  'SHA-384': '1.2.840.113549.1.1.12',
  'SHA-512': '1.2.840.113549.1.1.13',
};

/** ecdsa-with-SHA*, RFC 5758 §3.2. */
const ECDSA_OIDS: Record<HashAlgorithm, string> = {
  'SHA-256': '1.2.840.10045.4.3.2',
  'SHA-384': '1.2.840.10045.4.3.3',
  'SHA-512': '1.2.840.10045.4.3.4',
};

/** Node's names for the digests, for node:crypto. */
export const NODE_HASH: Record<HashAlgorithm, string> = {
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export function hashOid(hash: HashAlgorithm): string {
  return HASH_OIDS[hash];
}

export function hashFromOid(oid: string): HashAlgorithm | undefined {
  return (Object.keys(HASH_OIDS) as HashAlgorithm[]).find((h) => HASH_OIDS[h] === oid);
}

/** SHA-2 AlgorithmIdentifier with absent parameters (RFC 5754 §2: implementations SHOULD omit them). */
export function digestAlgorithmIdentifier(hash: HashAlgorithm): pkijs.AlgorithmIdentifier {
  return new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OIDS[hash] });
}

/** RSASSA-PSS-params (RFC 4055 §3.1): hash, MGF1 with the same hash, salt = hash length, trailer default. */
function pssParameters(hash: HashAlgorithm, saltLength: number): asn1js.Sequence {
  return new pkijs.RSASSAPSSParams({
    hashAlgorithm: digestAlgorithmIdentifier(hash),
    maskGenAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OID.mgf1,
      algorithmParams: digestAlgorithmIdentifier(hash).toSchema(),
    }),
    saltLength,
  }).toSchema();
}

/** The SignerInfo.signatureAlgorithm for a scheme and hash. */
export function signatureAlgorithmIdentifier(
  scheme: SignatureScheme,
  hash: HashAlgorithm,
  saltLength: number,
): pkijs.AlgorithmIdentifier {
  switch (scheme) {
    case 'RSASSA-PKCS1-v1_5':
      // RFC 4055 §5: parameters MUST be NULL for sha*WithRSAEncryption.
      return new pkijs.AlgorithmIdentifier({ algorithmId: RSA_PKCS1_OIDS[hash], algorithmParams: new asn1js.Null() });
    case 'RSA-PSS':
      return new pkijs.AlgorithmIdentifier({
        algorithmId: OID.rsassaPss,
        algorithmParams: pssParameters(hash, saltLength),
      });
    case 'ECDSA':
      // RFC 5758 §3.2: the parameters field MUST be absent.
      return new pkijs.AlgorithmIdentifier({ algorithmId: ECDSA_OIDS[hash] });
  }
}

export interface ParsedSignatureAlgorithm {
  scheme: SignatureScheme;
  /** The hash bound to the signature algorithm, when the algorithm names one. */
  hash?: HashAlgorithm;
  saltLength?: number;
}

/** Reads a SignerInfo.signatureAlgorithm back; undefined when we do not support it. */
export function parseSignatureAlgorithm(alg: pkijs.AlgorithmIdentifier): ParsedSignatureAlgorithm | undefined {
  const id = alg.algorithmId;
  if (id === OID.rsaEncryption) return { scheme: 'RSASSA-PKCS1-v1_5' };
  const byTable = (table: Record<HashAlgorithm, string>) =>
    (Object.keys(table) as HashAlgorithm[]).find((h) => table[h] === id);
  const rsaHash = byTable(RSA_PKCS1_OIDS);
  if (rsaHash) return { scheme: 'RSASSA-PKCS1-v1_5', hash: rsaHash };
  const ecHash = byTable(ECDSA_OIDS);
  if (ecHash) return { scheme: 'ECDSA', hash: ecHash };
  if (id !== OID.rsassaPss) return undefined;
  const params = new pkijs.RSASSAPSSParams({ schema: alg.algorithmParams });
  const hash = hashFromOid(params.hashAlgorithm.algorithmId);
  return hash ? { scheme: 'RSA-PSS', hash, saltLength: params.saltLength } : undefined;
}
