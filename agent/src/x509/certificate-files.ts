/** Reading certificate files named in the configuration (PEM with one or many certificates, or DER). */

import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KysoError } from '@kyso/shared';

export function readCertificateFiles(paths: string[]): Uint8Array[] {
  return paths.flatMap((path) => readCertificateFile(path));
}

export function readCertificateFile(path: string): Uint8Array[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new KysoError('CONFIG_INVALID', { path, reason: `certificate file unreadable: ${(error as Error).message}` });
  }
  const text = bytes.toString('latin1');
  try {
    if (!text.includes('-----BEGIN CERTIFICATE-----')) return [new Uint8Array(new X509Certificate(bytes).raw)];
    return certificatesFromPem(text).map((der) => new Uint8Array(new X509Certificate(der).raw));
  } catch {
    throw new KysoError('CONFIG_INVALID', { path, reason: 'not a PEM or DER certificate' });
  }
}

/** Every certificate block in a PEM text (a chain file may hold several), as DER; RFC 7468 §2 framing. */
export function certificatesFromPem(pem: string): Uint8Array[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new Uint8Array(Buffer.from(b.replace(/-----[^-]+-----|\s+/g, ''), 'base64')));
}
