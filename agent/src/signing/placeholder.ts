/**
 * How many bytes the /Contents placeholder reserves for the CMS. ISO 32000-1 §12.8.1: /ByteRange covers the whole
 * file except the /Contents string, so its length is fixed before the ranges are hashed, i.e. before the token
 * signs; a CMS that does not fit cannot be embedded, and every byte it leaves is zero padding in the file.
 *
 * Measured, not added up (pyHanko's dry run, `PdfSigner` with `dry_run=True`): the CMS is built once for real from
 * what will be embedded — the same certificates, the same signed attributes, a signature value of the longest size
 * the key can produce and, for PAdES B-T, a time-stamp token the configured TSA issued for a dummy imprint. The
 * token is never asked to sign here: no PIN, no extra signature on the user's key. No revocation values go into
 * the CMS (PAdES keeps them in the DSS, ISO 32000-2 §12.8.4.3), so there are none to measure.
 */
import { HASH_LENGTHS, type HashAlgorithm, type Signer } from '@kyso/shared';
import {
  createDetachedCms,
  describeCertificate,
  maxSignatureSize,
  signatureTimeStamp,
  type UnsignedAttributeProvider,
} from '../cms';
import { httpTimeStampTransport, type TimeStampAuthority } from './tsa-client';

export interface ReserveInput {
  /** The signer certificate and the chain exactly as the CMS will carry them. */
  signerCertificate: { certificate: Uint8Array; chain: Uint8Array[] };
  hash: HashAlgorithm;
  timestamp?: TimeStampAuthority;
}

/**
 * What a time-stamp may add beyond the sample the TSA gave: each answer differs a little (nonce, serial number,
 * fractions of genTime, ECDSA signature length: well under 100 bytes), and the answer that counts may come from
 * another node or a renewed TSA certificate (a P-256 key renewed as RSA-4096 grows the certificate's key and the
 * token's signature by about 0.9 KiB). We cannot measure that ahead; 2 KiB covers it, and a token that still
 * overflows is refused as PLACEHOLDER_TOO_SMALL, never written.
 */
export const TIME_STAMP_MARGIN = 2048;

/**
 * The reserve for a time-stamp when the TSA could not be asked for a sample (an optional TSA that is down may be
 * back when the signature is made): the size the agent reserved before it measured, room for a token that
 * carries a TSA certificate and two or three RSA CA certificates.
 */
export const UNMEASURED_TIME_STAMP_BYTES = 8192;

/** DER headers that grow when UNMEASURED_TIME_STAMP_BYTES is added (≤ 2 bytes at each of 8 levels) and the attribute's own framing. */
const UNMEASURED_FRAMING = 64;

/** Bytes to reserve for /Contents (its hex string is twice as long). */
export async function contentsReserve(input: ReserveInput): Promise<number> {
  const { certificate, chain } = input.signerCertificate;
  const signature = new Uint8Array(maxSignatureSize(certificate));
  const sample = input.timestamp ? await sampleTimeStamp(input.timestamp, signature, input.hash) : undefined;
  const cms = await createDetachedCms({
    contentDigest: new Uint8Array(HASH_LENGTHS[input.hash]),
    signer: dryRunSigner(certificate, chain, signature),
    hash: input.hash,
    unsignedAttributes: sample ? [fixed(sample)] : [],
  });
  if (!input.timestamp) return cms.length;
  return cms.length + (sample ? TIME_STAMP_MARGIN : UNMEASURED_TIME_STAMP_BYTES + UNMEASURED_FRAMING);
}

/**
 * A signer that returns `signature` without touching any key. RSA keys are measured as RSA-PSS: its algorithm
 * identifier carries parameters (RFC 4055 §3.1) and is the longer one, so either scheme fits.
 */
function dryRunSigner(certificate: Uint8Array, chain: Uint8Array[], signature: Uint8Array): Signer {
  const isEc = describeCertificate(certificate).keyType === 'EC';
  return { certificate, chain, scheme: isEc ? 'ECDSA' : 'RSA-PSS', signDigest: async () => signature };
}

type Attribute = { type: string; values: Uint8Array[] };

const fixed = (attribute: Attribute): UnsignedAttributeProvider => ({ provide: async () => attribute });

/**
 * Samples are kept for a while per TSA and hash (pyHanko's `TimeStamper.async_dummy_response` keeps one per
 * timestamper): a batch asks the TSA once for sizing, and a renewed TSA certificate is seen within minutes. An
 * optional TSA that failed is not asked again for a minute, so a batch does not wait for its timeout twice per
 * document (the signature itself still asks it).
 */
const SAMPLE_LIFETIME_MS = 10 * 60 * 1000;
const FAILED_SAMPLE_LIFETIME_MS = 60 * 1000;
const samples = new Map<string, { attribute: Attribute | undefined; until: number }>();

/**
 * A real signature-time-stamp over the dummy signature value. A required TSA that fails fails the preparation
 * (before any PIN is asked); an optional one leaves the size unmeasured.
 */
async function sampleTimeStamp(
  tsa: TimeStampAuthority,
  signature: Uint8Array,
  hash: HashAlgorithm,
): Promise<Attribute | undefined> {
  const key = `${hash} ${tsa.optional ? 'optional' : 'required'} ${tsa.url}`;
  const kept = samples.get(key);
  if (kept && kept.until > Date.now()) return kept.attribute;
  const provider = signatureTimeStamp(httpTimeStampTransport(tsa), { optional: tsa.optional });
  const attribute = await provider.provide(signature, hash);
  if (samples.size >= 16) samples.clear();
  samples.set(key, { attribute, until: Date.now() + (attribute ? SAMPLE_LIFETIME_MS : FAILED_SAMPLE_LIFETIME_MS) });
  return attribute;
}
