/**
 * The server's limits and their defaults. The configuration fills every one (defaults < files), the server
 * enforces them; the protocol's part (announced in `hello`, also used by the extension) is shared's DEFAULT_LIMITS.
 */
import { DEFAULT_LIMITS } from '@kyso/shared';

/** A client has this long to complete `hello` before its socket is closed (it holds a connection slot). */
export const DEFAULT_HELLO_TIMEOUT_MS = 10_000;
/** Frames waiting for their request, all connections together: a few documents at the largest size. */
export const DEFAULT_PENDING_BLOB_BYTES = 512 * 1024 * 1024;
/** Nothing running and nothing said for this long: the slot goes back (the extension reconnects on its next call). */
export const DEFAULT_QUIET_IDLE_MS = 2 * 60 * 1000;
/** One document's preparation (parse, plan, verify) in its worker: deadline and heap limit. */
export const DEFAULT_PREPARATION_TIMEOUT_MS = 60_000;
export const DEFAULT_PREPARATION_HEAP_MB = 512;

export interface ServerLimits {
  maxDocumentBytes: number;
  maxTextFrameBytes: number;
  maxMessagesPerSecond: number;
  maxConcurrentOperations: number;
  idleTimeoutMs: number;
  /** Open WebSocket connections across all clients; one more gets HTTP 503. */
  maxConnections: number;
  /** Binary frames received but not yet used by a request, per connection. */
  maxPendingBlobs: number;
  /** Bytes of such frames over all connections together; one more frame gets PAYLOAD_TOO_LARGE. */
  maxPendingBlobBytes?: number;
  /** A connection with nothing running, no open batch and no message for this long is closed (the extension reconnects). */
  quietIdleTimeoutMs?: number;
  /** Connections one origin may hold of `maxConnections`, so one page cannot take every slot. */
  maxConnectionsPerOrigin?: number;
  /** A batch that sees no request for this long logs out and ends. */
  batchIdleTimeoutMs: number;
  /** A connection that has not completed `hello` this long after the upgrade is closed; absent → 10 s. */
  helloTimeoutMs?: number;
  /** A document's preparation (parse, plan, verify) still running after this is stopped: PDF_TOO_COMPLEX. */
  preparationTimeoutMs?: number;
  /** Heap limit of the worker that prepares one document; over it: PDF_TOO_COMPLEX. */
  preparationHeapMb?: number;
}

/** The server's limits, every one set (the defaults fill what files leave out). */
export type AgentLimits = Required<ServerLimits>;

export function defaultAgentLimits(): AgentLimits {
  return {
    ...DEFAULT_LIMITS,
    maxConnections: 32,
    maxPendingBlobs: 16,
    maxPendingBlobBytes: DEFAULT_PENDING_BLOB_BYTES,
    quietIdleTimeoutMs: DEFAULT_QUIET_IDLE_MS,
    maxConnectionsPerOrigin: 16,
    batchIdleTimeoutMs: 5 * 60 * 1000,
    helloTimeoutMs: DEFAULT_HELLO_TIMEOUT_MS,
    preparationTimeoutMs: DEFAULT_PREPARATION_TIMEOUT_MS,
    preparationHeapMb: DEFAULT_PREPARATION_HEAP_MB,
  };
}
