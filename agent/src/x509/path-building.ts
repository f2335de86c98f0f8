/**
 * Building a certificate path (RFC 4158 in its simplest form): from the signer up through the CA certificates at
 * hand, each issuer checked by name and signature, to a trusted or self-signed root. Whether the path is valid
 * (validity, basic constraints, key usage) is `path-validation.ts`'s question.
 */
import { X509Certificate } from 'node:crypto';

/** The issuer certificates at `url`, or the reason there are none (for the warning and the log). */
export type IssuerFetch = (url: string) => Promise<{ certificates: Uint8Array[]; error?: string }>;

/** Longer than any real PKI (VN: signer → issuing CA → national root): a bound on the loop, not a policy. */
const MAX_DEPTH = 8;

interface Candidate {
  der: Uint8Array;
  cert: X509Certificate;
}

const candidate = (der: Uint8Array): Candidate => ({ der, cert: new X509Certificate(der) });
const isSelfSigned = (cert: X509Certificate) => cert.checkIssued(cert) && cert.verify(cert.publicKey);

function issuerIn(pool: Candidate[], current: X509Certificate): Candidate | undefined {
  return pool.find((c) => c.cert.ca && current.checkIssued(c.cert) && current.verify(c.cert.publicKey));
}

/**
 * Orders the issuers of `signer` found among `candidates` (CA certificates stored on the token, configured chain
 * files): the CMS must carry the intermediates or validators cannot build the path to the national root.
 * Offline; `buildChain` also downloads what is missing.
 */
export function completeChain(signer: Uint8Array, candidates: Uint8Array[]): Uint8Array[] {
  const pool = candidates.flatMap(parsed);
  const chain: Uint8Array[] = [];
  let current = new X509Certificate(signer);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const issuer = issuerIn(pool, current);
    if (!issuer || chain.includes(issuer.der)) break;
    chain.push(issuer.der);
    if (isSelfSigned(issuer.cert)) break; // self-signed root: the path is complete
    current = issuer.cert;
  }
  return chain;
}

export interface ChainSources {
  /** CA certificates from the token and the configured `chainCertificates`, tried first. */
  candidates: Uint8Array[];
  /** Roots the agent trusts: reaching one ends the path (validators hold their roots themselves). */
  trustedRoots?: Uint8Array[];
  /** Downloads the issuers at a certificate's AIA caIssuers address (signing path and `doctor` only). */
  fetchIssuer?: IssuerFetch;
}

export interface BuiltChain {
  /** Issuers in order from the signer's, as the CMS carries them. */
  chain: Uint8Array[];
  /** Set when the path stops before a trusted or self-signed root: whose issuer is missing, and why. */
  incomplete?: IncompleteChain;
}

export interface IncompleteChain {
  /** The last certificate of the path (node's multi-line DN), whose issuer is missing. */
  subject: string;
  issuer: string;
  /** The missing issuer's common name (or its whole name on one line), for the user's warning. */
  issuerName: string;
  /** Where we looked and what failed, for the log and `doctor`. */
  reason: string;
}

/**
 * The signer's issuer chain up to a trusted or self-signed root: the local candidates first, then each
 * certificate's caIssuers address when its issuer is not known locally (RFC 5280 §4.2.2.1). Every downloaded
 * certificate must verify as the issuer before it is used, so a wrong or planted answer is ignored.
 *
 * Incomplete means a certificate validators cannot find themselves is missing: the signer's issuer, or the
 * issuer of a CA certificate that names a caIssuers address we could not use. A CA certificate whose unknown
 * issuer has no such address is taken to be issued by the trust anchor, which validators hold and a CMS need
 * not carry (RFC 5652 §5.1, ETSI EN 319 142-1 §5.2.2: the trust anchor may be left out).
 */
export async function buildChain(signer: Uint8Array, sources: ChainSources): Promise<BuiltChain> {
  const pool = sources.candidates.flatMap(parsed);
  const roots = (sources.trustedRoots ?? []).flatMap(parsed);
  const chain: Uint8Array[] = [];
  let current = new X509Certificate(signer);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (issuerIn(roots, current)) return { chain };
    let issuer = issuerIn(pool, current);
    let reason = 'not on the token nor in chainCertificates';
    if (!issuer) {
      const urls = caIssuersUrls(current);
      if (urls.length === 0 && chain.length > 0) return { chain }; // under the trust anchor
      const notes: string[] = [];
      issuer = await downloadIssuer(current, urls, pool, sources.fetchIssuer, notes);
      reason = [reason, ...notes].join(', ');
    }
    if (!issuer || chain.includes(issuer.der)) {
      return { chain, incomplete: incompleteAt(current, reason) };
    }
    chain.push(issuer.der);
    if (isSelfSigned(issuer.cert)) return { chain };
    current = issuer.cert;
  }
  return { chain, incomplete: incompleteAt(current, `longer than ${MAX_DEPTH}`) };
}

function incompleteAt(cert: X509Certificate, reason: string): IncompleteChain {
  // node prints a DN one attribute a line: "C=VN\nO=…\nCN=…".
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.issuer)?.[1];
  return { subject: cert.subject, issuer: cert.issuer, issuerName: cn ?? cert.issuer.replace(/\n/g, ', '), reason };
}

/** The issuer from the caIssuers addresses (added to `pool`), or undefined with what went wrong in `notes`. */
async function downloadIssuer(
  current: X509Certificate,
  urls: string[],
  pool: Candidate[],
  fetchIssuer: IssuerFetch | undefined,
  notes: string[],
): Promise<Candidate | undefined> {
  if (urls.length === 0) notes.push('no caIssuers address in the certificate');
  if (!fetchIssuer) {
    if (urls.length > 0) notes.push('caIssuers not consulted');
    return undefined;
  }
  for (const url of urls) {
    const fetched = await fetchIssuer(url);
    pool.push(...fetched.certificates.flatMap(parsed));
    const issuer = issuerIn(pool, current);
    if (issuer) return issuer;
    notes.push(`${url}: ${fetched.error ?? 'the answer is not the issuer'}`);
  }
  return undefined;
}

/** The caIssuers addresses of a certificate (RFC 5280 §4.2.2.1), http/https only (LDAP and others are skipped). */
export function caIssuersUrls(cert: X509Certificate): string[] {
  const access = cert.infoAccess ?? '';
  const urls: string[] = [];
  for (const match of access.matchAll(/^CA Issuers - URI:(.+)$/gm)) {
    // Node quotes a URI holding unusual characters as a JSON string.
    const raw = match[1]!.trim();
    const url = raw.startsWith('"') ? String(JSON.parse(raw)) : raw;
    if (/^https?:\/\//i.test(url)) urls.push(url);
  }
  return urls.slice(0, 4);
}

/** A downloaded file may hold anything: what does not parse as a certificate is dropped. */
function parsed(der: Uint8Array): Candidate[] {
  try {
    return [candidate(der)];
  } catch {
    return [];
  }
}
