/**
 * Checks on the HTTP upgrade request, before any WebSocket exists: an ordered list of guard clauses, each
 * answering an explicit status (the design of ws's own upgrade handler). A refused request never reaches
 * the protocol, so a hostile page learns nothing but the status.
 */

import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { AGENT_PATH } from '@kyso/shared';

export interface GuardContext {
  port: number;
  allowedOrigins: ReadonlySet<string>;
  openConnections: number;
  maxConnections: number;
  /** Open connections of the request's Origin, and how many one origin may hold. */
  originConnections: number;
  maxConnectionsPerOrigin: number;
}

export interface Refusal {
  status: 403 | 404 | 503;
  reason: string;
}

type Guard = (request: IncomingMessage, context: GuardContext) => Refusal | undefined;

/**
 * DNS rebinding: a page on evil.example that re-resolves to 127.0.0.1 still sends `Host: evil.example:PORT`.
 * Only the loopback names with our exact port pass.
 */
const hostGuard: Guard = (request, { port }) => {
  const host = request.headers.host?.toLowerCase();
  const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
  return host && allowed.includes(host) ? undefined : { status: 403, reason: 'host-not-allowed' };
};

/** Browsers always send Origin on WebSocket handshakes; `null` comes from sandboxed frames and files. */
const originGuard: Guard = (request, { allowedOrigins }) => {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return { status: 403, reason: 'origin-missing' };
  return allowedOrigins.has(origin) ? undefined : { status: 403, reason: 'origin-not-allowed' };
};

const pathGuard: Guard = (request) => {
  const path = (request.url ?? '').split('?')[0];
  return path === AGENT_PATH ? undefined : { status: 404, reason: 'path-not-found' };
};

const capacityGuard: Guard = (_request, { openConnections, maxConnections }) =>
  openConnections < maxConnections ? undefined : { status: 503, reason: 'too-many-connections' };

/** Fairness: one allowed origin (one portal, one page) cannot hold every slot and lock the others out. */
const originShareGuard: Guard = (_request, { originConnections, maxConnectionsPerOrigin }) =>
  originConnections < maxConnectionsPerOrigin ? undefined : { status: 503, reason: 'too-many-from-origin' };

/** Order matters: Host and Origin first so an unknown page cannot probe paths or capacity. */
const GUARDS: readonly Guard[] = [hostGuard, originGuard, pathGuard, originShareGuard, capacityGuard];

/** The Host check alone, for plain HTTP requests: a refused one learns nothing about what listens here. */
export function hostAllowed(request: IncomingMessage, port: number): boolean {
  return hostGuard(request, { port } as GuardContext) === undefined;
}

export function checkUpgrade(request: IncomingMessage, context: GuardContext): Refusal | undefined {
  for (const guard of GUARDS) {
    const refusal = guard(request, context);
    if (refusal) return refusal;
  }
  return undefined;
}

/** Answers the upgrade with a plain HTTP status and closes the socket. No CORS headers, ever. */
export function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  const body = `${refusal.status} ${STATUS_CODES[refusal.status]}\n`;
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
      'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // end() flushes the answer; destroy afterwards so a client that keeps its side open cannot hold the socket.
  socket.once('finish', () => socket.destroy());
}
