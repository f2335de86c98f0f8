/**
 * The one signing abstraction: the PKCS#11 token, test keys and later remote
 * services implement it; `agent/src/cms` consumes it. It lives in shared so `token` and `cms` never import
 * each other.
 */
export type HashAlgorithm = 'SHA-256' | 'SHA-384' | 'SHA-512';

export type SignatureScheme = 'RSASSA-PKCS1-v1_5' | 'RSA-PSS' | 'ECDSA';

export interface Signer {
  /** DER of the signer certificate. */
  readonly certificate: Uint8Array;
  /** DER certificates of the chain (intermediates, optionally the root), excluding the signer certificate. */
  readonly chain: Uint8Array[];
  readonly scheme: SignatureScheme;
  /**
   * Sign a digest already computed with `hash`. RSA returns the raw signature; ECDSA returns DER
   * `SEQUENCE { r INTEGER, s INTEGER }` (RFC 5480 §2.2 / RFC 3279 §2.2.3), as CMS expects.
   */
  signDigest(digest: Uint8Array, hash: HashAlgorithm): Promise<Uint8Array>;
}

/** Digest length in bytes, used to check inputs before they reach a token. */
export const HASH_LENGTHS: Readonly<Record<HashAlgorithm, number>> = {
  'SHA-256': 32,
  'SHA-384': 48,
  'SHA-512': 64,
};
