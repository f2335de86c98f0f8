/**
 * One WebSocket client: rate limit, idle timeout, pending blobs, running operations, and the wiring from
 * frames to handlers. Everything a client can do wrong ends in an error message, never in a crash.
 */

import { randomBytes } from 'node:crypto';
import {
  type DocumentRef,
  decodeBlobFrame,
  encodeBlobFrame,
  KysoError,
  type ProgressParams,
  RPC_ERRORS,
} from '@kyso/shared';
import type { WebSocket } from 'ws';
import { DEFAULT_HELLO_TIMEOUT_MS, DEFAULT_PENDING_BLOB_BYTES, DEFAULT_QUIET_IDLE_MS } from '../config/limits';
import type { AgentState, ClientApi, MethodContext } from './context';
import { type ParsedRequest, parseRequest, RequestError } from './dispatch';
import { METHOD_HANDLERS } from './methods';
import { errorMessage, progressMessage, RpcError, type RpcId, resultMessage } from './rpc';

let nextConnectionId = 1;

/**
 * Close code for a client that never completed `hello` (application range 4000–4999 of RFC 6455 §7.4.2; 408 as
 * in HTTP's Request Timeout). A socket that only sits open costs a connection slot of `maxConnections`.
 */
export const HELLO_TIMEOUT_CLOSE_CODE = 4408;

export class ClientConnection implements ClientApi {
  readonly id = nextConnectionId++;
  handshake: { component: string; version: string } | undefined;
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly operations = new Map<string | number, AbortController>();
  private windowStart = 0;
  private windowCount = 0;
  private readonly idleTimer: NodeJS.Timeout;
  private readonly helloTimer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    readonly origin: string,
    private readonly agent: AgentState,
  ) {
    const { limits, logger } = agent.options;
    this.idleTimer = setTimeout(() => this.onIdle(), this.quietIdleMs);
    const helloMs = limits.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS;
    this.helloTimer = setTimeout(() => this.onHelloTimeout(helloMs), helloMs);
    socket.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    socket.on('close', () => this.onClose());
    socket.on('error', (error) => logger.debug({ conn: this.id, err: error.message }, 'socket error'));
  }

  completeHandshake(client: { component: string; version: string }): void {
    this.handshake = client;
    clearTimeout(this.helloTimer);
  }

  takeBlob(ref: { blob: string }): Uint8Array {
    const bytes = this.blobs.get(ref.blob);
    if (!bytes) throw new KysoError('INVALID_REQUEST', { reason: 'blob-not-found', blob: ref.blob });
    this.dropBlob(ref.blob);
    return bytes;
  }

  private dropBlob(id: string): void {
    const bytes = this.blobs.get(id);
    if (!bytes) return;
    this.blobs.delete(id);
    this.agent.pendingBlobs.bytes -= bytes.length;
  }

  private get quietIdleMs(): number {
    const { limits } = this.agent.options;
    return Math.min(limits.quietIdleTimeoutMs ?? DEFAULT_QUIET_IDLE_MS, limits.idleTimeoutMs);
  }

  sendBlob(bytes: Uint8Array | readonly Uint8Array[], name: string): DocumentRef {
    const blob = `out-${randomBytes(12).toString('base64url')}`;
    if (!this.closed) this.socket.send(encodeBlobFrame(blob, bytes), { binary: true });
    return { blob, name };
  }

  /** Cancels a running or queued request of this connection. */
  cancel(requestId: string | number): boolean {
    const controller = this.operations.get(requestId);
    if (!controller) return false;
    controller.abort(new KysoError('CANCELLED', { requestId }));
    return true;
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    this.idleTimer.refresh();
    try {
      if (!this.withinRate()) {
        this.refuseRate(data, isBinary);
        return;
      }
      if (isBinary) {
        this.onBinary(data);
        return;
      }
      this.onText(data);
    } catch (error) {
      // Handlers run asynchronously; anything thrown here is a bug in the framing code, never a reason to die.
      this.agent.options.logger.error({ conn: this.id, err: String(error) }, 'message handling failed');
      this.send(errorMessage(null, error));
    }
  }

  /** Fixed one-second window: cheap, and enough to stop a page flooding the agent. */
  private withinRate(): boolean {
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowCount = 0;
    }
    this.windowCount++;
    return this.windowCount <= this.agent.options.limits.maxMessagesPerSecond;
  }

  private refuseRate(data: Buffer, isBinary: boolean): void {
    let id: RpcId = null;
    if (!isBinary && data.length < 4096) {
      try {
        const value = JSON.parse(data.toString('utf8')) as { id?: unknown };
        if (typeof value.id === 'string' || typeof value.id === 'number') id = value.id;
      } catch {
        // unparseable: answer with id null
      }
    }
    const limit = this.agent.options.limits.maxMessagesPerSecond;
    this.send(errorMessage(id, new KysoError('RATE_LIMITED', { maxMessagesPerSecond: limit })));
  }

  private onBinary(data: Buffer): void {
    // Blobs are held for a request; before `hello` there can be none, so nothing is held for a stranger.
    if (this.handshake === undefined) {
      this.send(errorMessage(null, new KysoError('INVALID_REQUEST', { reason: 'hello-first' })));
      return;
    }
    let frame: { blob: string; bytes: Uint8Array };
    try {
      frame = decodeBlobFrame(data);
    } catch (error) {
      const reason = { reason: 'bad-binary-frame', cause: String((error as Error).message ?? error).slice(0, 200) };
      this.send(errorMessage(null, new RpcError(RPC_ERRORS.INVALID_REQUEST, 'INVALID_REQUEST', reason)));
      return;
    }
    const refusal = this.blobRefusal(frame);
    if (refusal) {
      this.send(errorMessage(null, new KysoError('PAYLOAD_TOO_LARGE', refusal)));
      return;
    }
    this.dropBlob(frame.blob);
    this.blobs.set(frame.blob, frame.bytes);
    this.agent.pendingBlobs.bytes += frame.bytes.length;
  }

  /** Per frame, per connection (count) and for the whole agent (bytes): why this frame cannot be kept. */
  private blobRefusal(frame: { blob: string; bytes: Uint8Array }): Record<string, unknown> | undefined {
    const { limits } = this.agent.options;
    if (frame.bytes.length > limits.maxDocumentBytes) return { blob: frame.blob, max: limits.maxDocumentBytes };
    if (this.blobs.size >= limits.maxPendingBlobs && !this.blobs.has(frame.blob)) {
      return { reason: 'too-many-pending-blobs', max: limits.maxPendingBlobs };
    }
    const budget = limits.maxPendingBlobBytes ?? DEFAULT_PENDING_BLOB_BYTES;
    const replaced = this.blobs.get(frame.blob)?.length ?? 0;
    if (this.agent.pendingBlobs.bytes - replaced + frame.bytes.length > budget) {
      return { reason: 'agent-memory-budget', max: budget };
    }
    return undefined;
  }

  private onText(data: Buffer): void {
    const { limits } = this.agent.options;
    if (data.length > limits.maxTextFrameBytes) {
      this.send(errorMessage(null, new KysoError('PAYLOAD_TOO_LARGE', { max: limits.maxTextFrameBytes })));
      return;
    }
    let request: ParsedRequest;
    try {
      request = parseRequest(data.toString('utf8'), this.handshake !== undefined);
    } catch (error) {
      if (error instanceof RequestError) {
        this.send(errorMessage(error.id, error.error));
        return;
      }
      throw error;
    } finally {
      // The frame may hold a PIN in clear: zero our copy as soon as it is parsed.
      data.fill(0);
    }
    this.start(request);
  }

  private start(request: ParsedRequest): void {
    const { id, method } = request;
    if (this.operations.has(id)) {
      this.send(errorMessage(id, new KysoError('INVALID_REQUEST', { reason: 'duplicate-id', id })));
      return;
    }
    const max = this.agent.options.limits.maxConcurrentOperations;
    if (method !== 'cancel' && this.operations.size >= max) {
      this.send(errorMessage(id, new KysoError('RATE_LIMITED', { reason: 'too-many-operations', max })));
      return;
    }
    const controller = new AbortController();
    this.operations.set(id, controller);
    const context: MethodContext = {
      requestId: id,
      signal: controller.signal,
      client: this,
      agent: this.agent,
      progress: (stage, extra) => this.notify({ requestId: id, stage, ...extra }),
    };
    const handler = METHOD_HANDLERS[method] as (params: unknown, context: MethodContext) => Promise<unknown>;
    const started = Date.now();
    handler(request.params, context)
      .then(
        (result) => this.send(resultMessage(id, result)),
        (error: unknown) => {
          this.logFailure(method, error);
          this.send(errorMessage(id, error));
        },
      )
      .finally(() => {
        this.operations.delete(id);
        this.agent.options.logger.debug({ conn: this.id, method, ms: Date.now() - started }, 'request done');
      });
  }

  private logFailure(method: string, error: unknown): void {
    const { logger } = this.agent.options;
    if (error instanceof KysoError && error.code !== 'INTERNAL') {
      logger.info({ conn: this.id, method, code: error.code }, 'request failed');
    } else {
      logger.error(
        { conn: this.id, method, err: String((error as Error)?.stack ?? error) },
        'request failed unexpectedly',
      );
    }
  }

  private notify(params: ProgressParams): void {
    this.send(progressMessage(params));
  }

  private send(text: string): void {
    if (!this.closed && this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }

  /**
   * Idle means no message and nothing running: a long signing or an open batch keeps the connection, looked at
   * again after each quiet period. Blobs sent without a request do not count as work.
   */
  private onIdle(): void {
    const busy = this.operations.size > 0 || this.agent.batches.hasOpen(this.id);
    if (busy) {
      this.idleTimer.refresh();
      return;
    }
    this.socket.close(1000, 'idle timeout');
  }

  /** A client that connects and never says `hello` (or only with the wrong version) holds a slot for nothing. */
  private onHelloTimeout(ms: number): void {
    if (this.handshake !== undefined || this.closed) return;
    this.agent.options.logger.info({ conn: this.id, origin: this.origin, ms }, 'closed: no hello');
    this.socket.close(HELLO_TIMEOUT_CLOSE_CODE, `hello timeout: no successful hello within ${ms} ms`);
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.idleTimer);
    clearTimeout(this.helloTimer);
    for (const id of [...this.blobs.keys()]) this.dropBlob(id);
    // A client that left cannot receive results: its queued and running work is cancelled.
    for (const controller of this.operations.values())
      controller.abort(new KysoError('CANCELLED', { reason: 'disconnected' }));
    this.agent.batches.dropOwner(this.id, 'disconnected');
    this.agent.options.logger.debug({ conn: this.id }, 'connection closed');
  }
}
