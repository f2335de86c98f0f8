/**
 * Downloading a missing issuer from the certificate's Authority Information Access caIssuers address
 * (RFC 5280 §4.2.2.1): most Vietnamese tokens hold only the signer's certificate, and a CMS without the
 * intermediate makes recipients' validators say "unknown issuer". The address comes only from a certificate
 * on the user's token (never from a web page); http/https only, 5 s, 64 KiB, no redirects; a DER certificate
 * or a certs-only PKCS#7. Answers are kept on disk so the next signature needs no network.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { certificatesFromPem } from '../x509/certificate-files';
import type { IssuerFetch } from '../x509/path-building';
import { writeFileAtomically } from './atomic-write';

export const AIA_TIMEOUT_MS = 5_000;
export const AIA_MAX_BYTES = 64 * 1024;
/** An address that failed is not asked again for this long (a second chain build in the same request). */
const FAILURE_MEMORY_MS = 5 * 60 * 1000;

/**
 * A DER certificate, a certs-only PKCS#7, or (some servers) PEM text: the certificates it holds. The CMS code
 * loads only when a PKCS#7 comes (the agent's service starts without it).
 */
export async function parseIssuerResponse(body: Uint8Array): Promise<Uint8Array[]> {
  const text = Buffer.from(body).toString('latin1');
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    return certificatesFromPem(text).map((der) => new Uint8Array(new X509Certificate(der).raw));
  }
  try {
    return [new Uint8Array(new X509Certificate(body).raw)];
  } catch {
    return (await import('../cms/certs-only')).certificatesFromCertsOnly(body);
  }
}

/** The body, refused past `maxBytes` while it streams (a declared Content-Length is checked first). */
async function boundedBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new Error(`answer of ${declared} bytes exceeds ${maxBytes}`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body ?? []) {
    total += chunk.length;
    if (total > maxBytes) throw new Error(`answer exceeds ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

export interface IssuerFetcherOptions {
  /** Folder for downloaded issuers (the agent's cache folder); absent → memory only. */
  cacheDir?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

/** One fetcher per agent run: answers in memory, on disk, failures remembered for a while. */
export function issuerFetcher(options: IssuerFetcherOptions = {}): IssuerFetch {
  const known = new Map<string, Uint8Array[]>();
  const failed = new Map<string, { at: number; error: string }>();
  const timeoutMs = options.timeoutMs ?? AIA_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? AIA_MAX_BYTES;
  const cacheFile = (url: string) =>
    options.cacheDir ? join(options.cacheDir, `${createHash('sha256').update(url).digest('hex')}.bin`) : undefined;

  return async (url) => {
    const inMemory = known.get(url) ?? (await fromDisk(cacheFile(url)));
    if (inMemory) {
      known.set(url, inMemory);
      return { certificates: inMemory };
    }
    const failure = failed.get(url);
    if (failure && Date.now() - failure.at < FAILURE_MEMORY_MS) return { certificates: [], error: failure.error };
    try {
      const response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = await boundedBody(response, maxBytes);
      const certificates = await parseIssuerResponse(body);
      if (certificates.length === 0) throw new Error('no certificate in the answer');
      known.set(url, certificates);
      toDisk(cacheFile(url), body);
      return { certificates };
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : String(error);
      failed.set(url, { at: Date.now(), error: reason });
      return { certificates: [], error: reason };
    }
  };
}

async function fromDisk(path: string | undefined): Promise<Uint8Array[] | undefined> {
  if (!path) return undefined;
  try {
    const body = readFileSync(path);
    if (body.length > AIA_MAX_BYTES) return undefined;
    const certificates = await parseIssuerResponse(body);
    return certificates.length > 0 ? certificates : undefined;
  } catch {
    return undefined; // absent or damaged: download again
  }
}

function toDisk(path: string | undefined, body: Uint8Array): void {
  if (!path) return;
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileAtomically(path, [body]);
  } catch {
    // A cache that cannot be written costs a download next time, never the signature.
  }
}
