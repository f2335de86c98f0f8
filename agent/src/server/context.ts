/**
 * What a method handler sees: its request id, a cancel signal, progress, the calling connection (origin,
 * blobs) and the agent-wide state (options, token queues, batches).
 */
import type { DocumentRef, Method, MethodResult, RequestParams } from '@kyso/shared';
import type { BatchRegistry } from './batches';
import type { ArrivalOrder, TokenQueues } from './queue';
import type { ProgressReporter, ServerOptions } from './types';

export interface AgentState {
  readonly options: ServerOptions;
  readonly queues: TokenQueues;
  /** Keeps requests entering a token's queue (or a batch's line) in arrival order though prepared first. */
  readonly arrivals: ArrivalOrder;
  readonly batches: BatchRegistry;
  /** Bytes of binary frames received but not yet taken by a request, over all connections. */
  readonly pendingBlobs: { bytes: number };
}

export interface ClientApi {
  /** Unique per connection, for binding batches to their owner. */
  readonly id: number;
  /** The Origin header that passed the guards: the journal's "who asked". */
  readonly origin: string;
  readonly handshake: { component: string; version: string } | undefined;
  completeHandshake(client: { component: string; version: string }): void;
  /** Removes and returns the bytes of a binary frame sent earlier; INVALID_REQUEST when unknown. */
  takeBlob(ref: { blob: string }): Uint8Array;
  /** Sends bytes as a binary frame and returns the reference to put in the result. */
  sendBlob(bytes: Uint8Array | readonly Uint8Array[], name: string): DocumentRef;
  /** Aborts another request of this connection; false when none with that id is running or queued. */
  cancel(requestId: string | number): boolean;
}

export interface MethodContext {
  readonly requestId: string | number;
  readonly signal: AbortSignal;
  readonly client: ClientApi;
  readonly agent: AgentState;
  readonly progress: ProgressReporter;
}

/** A method's handler, typed against the protocol's request and result schemas so the two cannot drift. */
export type MethodHandler<M extends Method> = (
  params: RequestParams<M>,
  context: MethodContext,
) => Promise<MethodResult<M>>;
