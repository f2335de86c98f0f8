/**
 * The agent's WebSocket server: loopback only, guards on the HTTP upgrade (Host, Origin, path, capacity),
 * JSON-RPC dispatch per connection, one queue per token, batches. `ws` runs with `noServer` so every check
 * happens in our upgrade handler (ws's own recommendation over `verifyClient`).
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AGENT_VERSION } from '../version';
import { BatchRegistry } from './batches';
import { ClientConnection } from './connection';
import type { AgentState } from './context';
import { checkUpgrade, hostAllowed, refuseUpgrade } from './guards';
import { LOOPBACK_ADDRESSES, listenLoopback } from './listen';
import { ArrivalOrder, TokenQueues } from './queue';
import type { ServerOptions } from './types';

export { findPortHolder } from './listen';
export type { ServerLimits, ServerOptions, SigningSession, TokenBackend } from './types';

export interface RunningServer {
  readonly port: number;
  readonly addresses: string[];
  readonly url: string;
  /** Closes connections (cancelling their work), ends batches and stops listening. Tokens stay to the caller. */
  close(): Promise<void>;
}

/** Header frame bytes a binary frame may carry on top of the document (see decodeBlobFrame). */
const BLOB_HEADER_ALLOWANCE = 4 + 256;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { limits, logger } = options;
  const agent: AgentState = {
    options,
    queues: new TokenQueues(),
    arrivals: new ArrivalOrder(),
    batches: new BatchRegistry(limits.batchIdleTimeoutMs, logger),
    pendingBlobs: { bytes: 0 },
  };
  const perOrigin = new Map<string, number>();
  const allowedOrigins = new Set(options.allowedOrigins);
  const wss = new WebSocketServer({
    noServer: true,
    // The biggest legal frame is one document in a binary frame; ws closes the socket (1009) above it.
    maxPayload: Math.max(limits.maxDocumentBytes + BLOB_HEADER_ALLOWANCE, limits.maxTextFrameBytes),
    perMessageDeflate: false,
    clientTracking: true,
  });
  let port = options.port;

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const refusal = checkUpgrade(request, {
      port,
      allowedOrigins,
      openConnections: wss.clients.size,
      maxConnections: limits.maxConnections,
      originConnections: perOrigin.get(request.headers.origin ?? '') ?? 0,
      maxConnectionsPerOrigin: limits.maxConnectionsPerOrigin ?? limits.maxConnections,
    });
    if (refusal) {
      logger.warn(
        { status: refusal.status, reason: refusal.reason, origin: request.headers.origin, host: request.headers.host },
        'upgrade refused',
      );
      return refuseUpgrade(socket, refusal);
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      const origin = request.headers.origin ?? '';
      perOrigin.set(origin, (perOrigin.get(origin) ?? 0) + 1);
      ws.once('close', () => {
        const left = (perOrigin.get(origin) ?? 1) - 1;
        if (left > 0) perOrigin.set(origin, left);
        else perOrigin.delete(origin);
      });
      const connection = new ClientConnection(ws, origin, agent);
      logger.info({ conn: connection.id, origin }, 'client connected');
    });
  };

  const servers: Server[] = LOOPBACK_ADDRESSES.map(() => {
    const server = createServer((request, response) => answerPlainHttp(request, response, port));
    server.on('upgrade', onUpgrade);
    server.on('clientError', (_error, socket) => socket.destroy());
    return server;
  });
  const bound = await listenLoopback(servers, options.port);
  port = bound.port;

  return {
    port,
    addresses: bound.addresses,
    url: `ws://127.0.0.1:${port}`,
    close: async () => {
      for (const client of wss.clients) client.close(1001, 'agent stopping');
      await agent.batches.closeAll();
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections?.();
              server.close(() => resolve());
            }),
        ),
      );
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/**
 * Plain HTTP gets 426 and no CORS headers. Host is checked first: a DNS-rebinding page (Host: its own name) gets
 * a bare 403 that names neither the agent nor its version.
 */
function answerPlainHttp(request: IncomingMessage, response: ServerResponse, port: number): void {
  if (!hostAllowed(request, port)) {
    response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
    response.end('403 Forbidden\n');
    return;
  }
  response.writeHead(426, {
    'Content-Type': 'text/plain; charset=utf-8',
    Connection: 'close',
    'X-Kyso-Agent': AGENT_VERSION,
  });
  response.end('KySo Agent: WebSocket only\n');
}
