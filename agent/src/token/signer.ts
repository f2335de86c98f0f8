/**
 * `Signer` over a token key. It receives a digest, so it uses the raw mechanisms every token has (PKCS#11 v2.40
 * Current Mechanisms §2.1.6 CKM_RSA_PKCS over a DER DigestInfo, §2.1.11 CKM_RSA_PKCS_PSS over the hash, §2.3.6
 * CKM_ECDSA over the hash) rather than CKM_SHA256_RSA_PKCS & co., which many Vietnamese tokens lack.
 */

import { HASH_LENGTHS, type HashAlgorithm, KysoError, type SignatureScheme, type Signer } from '@kyso/shared';
import { rawSignatureLength } from '../x509/certificate';
import type { TokenCertificate } from './certificates';
import { type Mechanism, pkcs11js, type RsaPSS } from './pkcs11';
import type { Pin, TokenSession } from './session';

/** DER DigestInfo prefixes (RFC 8017 §9.2, note 1): SEQUENCE { AlgorithmIdentifier, OCTET STRING digest }. */
const DIGEST_INFO_PREFIX: Record<HashAlgorithm, string> = {
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

const PSS_HASH: Record<HashAlgorithm, { hashAlg: number; mgf: number }> = {
  'SHA-256': { hashAlg: pkcs11js.CKM_SHA256, mgf: pkcs11js.CKG_MGF1_SHA256 },
  'SHA-384': { hashAlg: pkcs11js.CKM_SHA384, mgf: pkcs11js.CKG_MGF1_SHA384 },
  'SHA-512': { hashAlg: pkcs11js.CKM_SHA512, mgf: pkcs11js.CKG_MGF1_SHA512 },
};

const MECHANISM_FOR: Record<SignatureScheme, number> = {
  'RSASSA-PKCS1-v1_5': pkcs11js.CKM_RSA_PKCS,
  'RSA-PSS': pkcs11js.CKM_RSA_PKCS_PSS,
  ECDSA: pkcs11js.CKM_ECDSA,
};

export function digestInfo(digest: Uint8Array, hash: HashAlgorithm): Buffer {
  return Buffer.concat([Buffer.from(DIGEST_INFO_PREFIX[hash], 'hex'), digest]);
}

/** DER INTEGER body for an unsigned big-endian number: no redundant leading zeros, a 0x00 if the top bit is set. */
function derUnsigned(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const trimmed = bytes.subarray(i);
  return (trimmed[0] as number) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  return n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
}

/** CKM_ECDSA returns r‖s (§2.3.1); CMS wants ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 §2.2.3). */
export function ecdsaRawToDer(raw: Buffer): Buffer {
  if (raw.length % 2 !== 0 || raw.length === 0)
    throw new KysoError('TOKEN_ERROR', { reason: 'odd ECDSA signature length' });
  const half = raw.length / 2;
  const ints = [raw.subarray(0, half), raw.subarray(half)].map((part) => {
    const body = derUnsigned(part);
    return Buffer.concat([Buffer.from([0x02]), derLength(body.length), body]);
  });
  const body = Buffer.concat(ints);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

export interface TokenSignerOptions {
  /** DER chain to embed (intermediates, optionally the root), excluding the signer certificate. */
  chain?: Uint8Array[];
  /** RSA keys only: 'RSASSA-PKCS1-v1_5' (default) or 'RSA-PSS'. EC keys always use ECDSA. */
  scheme?: SignatureScheme;
  /** Asked once per signature for CKA_ALWAYS_AUTHENTICATE keys; without it such keys fail with PIN_REQUIRED. */
  contextPin?: () => Promise<Pin>;
}

/** Signs digests with a token key; operations are serialised by the session's queue. */
export class TokenSigner implements Signer {
  readonly certificate: Uint8Array;
  readonly chain: Uint8Array[];
  readonly scheme: SignatureScheme;
  private readonly signatureLength: number;

  constructor(
    private readonly session: TokenSession,
    private readonly cert: TokenCertificate,
    private readonly options: TokenSignerOptions = {},
  ) {
    const key = cert.privateKey;
    if (!key) throw new KysoError('KEY_NOT_FOUND', { module: session.module, certificate: cert.subjectCommonName });
    if (key.alwaysAuthenticate && !options.contextPin) {
      throw new KysoError('PIN_REQUIRED', {
        module: session.module,
        reason: 'CKA_ALWAYS_AUTHENTICATE key needs a PIN per signature',
      });
    }
    this.certificate = cert.der;
    this.chain = options.chain ?? [];
    this.scheme = key.keyType === 'EC' ? 'ECDSA' : (options.scheme ?? 'RSASSA-PKCS1-v1_5');
    if (key.keyType === 'EC' && options.scheme && options.scheme !== 'ECDSA') {
      throw new KysoError('MECHANISM_UNSUPPORTED', { module: session.module, scheme: options.scheme, keyType: 'EC' });
    }
    // Checked before any PIN is asked, so an unsupported token fails early (C_GetMechanismList, §5.5).
    const mechanism = MECHANISM_FOR[this.scheme];
    if (!session.mechanisms().has(mechanism)) {
      throw new KysoError('MECHANISM_UNSUPPORTED', {
        module: session.module,
        mechanism: `0x${mechanism.toString(16)}`,
        scheme: this.scheme,
      });
    }
    this.signatureLength = rawSignatureLength(cert.der).bytes;
  }

  async signDigest(digest: Uint8Array, hash: HashAlgorithm): Promise<Uint8Array> {
    if (digest.length !== HASH_LENGTHS[hash]) {
      throw new KysoError('INTERNAL', {
        reason: `digest has ${digest.length} bytes, ${hash} needs ${HASH_LENGTHS[hash]}`,
      });
    }
    const key = this.cert.privateKey as NonNullable<TokenCertificate['privateKey']>;
    const { mechanism, data } = this.mechanismFor(Buffer.from(digest), hash);
    const out = await this.session.sign(
      mechanism,
      key.handle,
      data,
      this.signatureLength,
      key.alwaysAuthenticate ? this.options.contextPin : undefined,
    );
    return new Uint8Array(this.scheme === 'ECDSA' ? ecdsaRawToDer(out) : out);
  }

  private mechanismFor(digest: Buffer, hash: HashAlgorithm): { mechanism: Mechanism; data: Buffer } {
    switch (this.scheme) {
      case 'RSASSA-PKCS1-v1_5':
        return { mechanism: { mechanism: pkcs11js.CKM_RSA_PKCS }, data: digestInfo(digest, hash) };
      case 'RSA-PSS': {
        // CK_RSA_PKCS_PSS_PARAMS: salt length = hash length, as the CMS AlgorithmIdentifier says (RFC 4055 §3.1).
        const parameter: RsaPSS = { type: pkcs11js.CK_PARAMS_RSA_PSS, ...PSS_HASH[hash], saltLen: HASH_LENGTHS[hash] };
        return { mechanism: { mechanism: pkcs11js.CKM_RSA_PKCS_PSS, parameter }, data: digest };
      }
      case 'ECDSA':
        return { mechanism: { mechanism: pkcs11js.CKM_ECDSA }, data: digest };
    }
  }
}
