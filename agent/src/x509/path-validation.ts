/**
 * Validating a certificate path (RFC 5280 §6.1) from the signer through the certificates a CMS carries to one of
 * the trusted roots, at a given time. pkijs's CertificateChainValidationEngine builds and checks the path: each
 * signature and name link (§6.1.3 a.1, a.4), validity at the time (§6.1.3 a.2), basicConstraints cA on every
 * issuer (§6.1.4 k) and keyCertSign where an issuer has a key usage (§6.1.4 n), unknown critical extensions,
 * policies and name constraints. pkijs 4 does not enforce pathLenConstraint (§6.1.4 l, m): checked here on the
 * path it returns. Revocation (OCSP/CRL) is a later stage (PAdES B-LT): no CRLs are given, so none is asked for.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/** More than any real path holds (VN: signer → issuing CA → national root); bounds the engine's search. */
const MAX_CARRIED = 16;
/**
 * The engine's path search follows every issuer it finds, with no memory of where it has been: CA certificates
 * that certify each other (carried by a hostile CMS) would send it round forever. A budget of issuer look-ups.
 */
const MAX_ISSUER_LOOKUPS = 64;

export interface PathValidation {
  trusted: boolean;
  /** Why the path is not trusted, in English, for the report and the log. */
  reason?: string;
}

function parse(der: Uint8Array): pkijs.Certificate | undefined {
  try {
    const parsed = asn1js.fromBER(new Uint8Array(der));
    return parsed.offset === -1 ? undefined : new pkijs.Certificate({ schema: parsed.result });
  } catch {
    return undefined;
  }
}

const sameDer = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/**
 * Whether `signer` chains to one of `trustedRoots` through `carried` at time `at`. The signer is handed to the
 * engine last, as the end-entity it starts the path from; copies of the signer or of a root among the carried
 * certificates are dropped first (the engine's own deduplication would otherwise pick another leaf).
 */
export async function validatePath(
  signer: Uint8Array,
  carried: Uint8Array[],
  trustedRoots: Uint8Array[],
  at: Date,
): Promise<PathValidation> {
  if (trustedRoots.length === 0) return { trusted: false, reason: 'no trusted roots configured' };
  const leaf = parse(signer);
  if (!leaf) return { trusted: false, reason: 'signer certificate unreadable' };
  const roots = trustedRoots.flatMap((der) => parse(der) ?? []);
  const others = carried
    .filter((der) => !sameDer(der, signer) && !trustedRoots.some((root) => sameDer(root, der)))
    .slice(0, MAX_CARRIED)
    .flatMap((der) => parse(der) ?? []);
  let lookups = 0;
  const engine = new pkijs.CertificateChainValidationEngine({
    trustedCerts: roots,
    certs: [...others, leaf],
    checkDate: at,
    findIssuer: (certificate, validation, crypto) => {
      if (++lookups > MAX_ISSUER_LOOKUPS) throw new Error('certificate path search exceeds its bound');
      return validation.defaultFindIssuer(certificate, validation, crypto);
    },
  });
  const result = await engine.verify();
  if (!result.result) return { trusted: false, reason: `${result.resultMessage} (at ${at.toISOString()})` };
  const path = result.certificatePath ?? [];
  return pathLengthProblem(path) ?? { trusted: true };
}

/**
 * RFC 5280 §6.1.4 (l), (m): below a CA certificate with pathLenConstraint n, at most n non-self-issued
 * intermediate CA certificates may follow before the end entity. `path` runs from the end entity (index 0) to the
 * trust anchor; the anchor's own constraint is applied too, as OpenSSL does and RFC 5937 §3 allows.
 */
export function pathLengthProblem(path: pkijs.Certificate[]): PathValidation | undefined {
  for (let i = 1; i < path.length; i++) {
    const limit = pathLenConstraintOf(path[i]!);
    if (limit === undefined) continue;
    const below = path.slice(1, i).filter((cert) => !cert.subject.isEqual(cert.issuer)).length;
    if (below > limit) {
      const name = commonName(path[i]!);
      return { trusted: false, reason: `path length constraint exceeded: ${name} allows ${limit}, found ${below}` };
    }
  }
  return undefined;
}

function pathLenConstraintOf(cert: pkijs.Certificate): number | undefined {
  const ext = cert.extensions?.find((e) => e.extnID === '2.5.29.19');
  const constraints = ext?.parsedValue;
  if (!(constraints instanceof pkijs.BasicConstraints)) return undefined;
  const value = constraints.pathLenConstraint;
  if (value === undefined) return undefined;
  // asn1js keeps an INTEGER too large for a JS number as bytes: no path comes near such a limit.
  return typeof value === 'number' ? value : Number.POSITIVE_INFINITY;
}

function commonName(cert: pkijs.Certificate): string {
  const cn = cert.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3');
  return String((cn?.value as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value ?? 'CA');
}
