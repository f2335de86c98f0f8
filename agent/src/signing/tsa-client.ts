/**
 * Sends RFC 3161 requests to the configured time-stamp authority over HTTP (RFC 3161 §3.4). The URL only ever
 * comes from the agent's configuration or the command line, never from a web page. VGCA's TSA is sometimes slow:
 * a timeout turns into TSA_UNAVAILABLE, which callers may accept (sign without a time-stamp) or not.
 */
import { KysoError } from '@kyso/shared';
import type { TimeStampTransport } from '../cms';
import type { TimeStampAuthority } from '../config';

export type { TimeStampAuthority };

const MAX_RESPONSE_BYTES = 256 * 1024;

export function checkTsaUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new KysoError('INVALID_ARGUMENT', { reason: `time-stamp server address is not a URL: ${url}` });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new KysoError('INVALID_ARGUMENT', { reason: `time-stamp server must be http(s): ${url}` });
  }
  return parsed;
}

export function httpTimeStampTransport(tsa: TimeStampAuthority): TimeStampTransport {
  const url = checkTsaUrl(tsa.url);
  return async (requestDer) => {
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' },
        body: new Uint8Array(requestDer), // a copy backed by a plain ArrayBuffer, as BodyInit wants
        redirect: 'error',
        signal: AbortSignal.timeout(tsa.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new KysoError('TSA_UNAVAILABLE', { url: tsa.url, reason: (error as Error).message });
    }
    if (!response.ok) throw new KysoError('TSA_UNAVAILABLE', { url: tsa.url, status: response.status });
    const body = new Uint8Array(await response.arrayBuffer());
    if (body.length > MAX_RESPONSE_BYTES)
      throw new KysoError('TSA_INVALID_RESPONSE', { url: tsa.url, bytes: body.length });
    return body;
  };
}
