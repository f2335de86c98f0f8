/**
 * The one channel to the local agent (web-eid's service pattern): connect → `hello` with a timeout → requests
 * with size-capped binary frames. Reconnects on the next call after any close, so a worker restart or an agent
 * started late recovers without reloading anything. Only the background worker talks to the agent.
 */
import {
  compareVersions,
  decodeBlobFrame,
  deserializeError,
  encodeBlobFrame,
  type HelloResult,
  isErrorCode,
  KysoError,
  type Method,
  type MethodResult,
  PROTOCOL_VERSION,
  type ProgressParams,
  progressParams,
  type RequestParams,
  resultSchemas,
} from '@kyso/shared';

const CONNECT_TIMEOUT_MS = 3_000;
const HELLO_TIMEOUT_MS = 5_000;
const BLOB_TIMEOUT_MS = 30_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: KysoError): void;
  onProgress?: (progress: ProgressParams) => void;
}

export interface CallOptions {
  blobs?: { id: string; bytes: Uint8Array }[];
  onProgress?: (progress: ProgressParams) => void;
}

export class AgentClient {
  private socket?: WebSocket;
  private hello?: HelloResult;
  private connecting?: Promise<HelloResult>;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly blobWaiters = new Map<string, (bytes: Uint8Array) => void>();

  constructor(
    private readonly port: () => Promise<number>,
    private readonly extensionVersion: string,
  ) {}

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN && this.hello !== undefined;
  }

  /** Connects (or reuses the connection) and returns the agent's hello. */
  async connect(): Promise<HelloResult> {
    if (this.connected && this.hello) return this.hello;
    this.connecting ??= this.open().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async open(): Promise<HelloResult> {
    const port = await this.port();
    const socket = await openSocket(`ws://127.0.0.1:${port}/`, port);
    this.socket = socket;
    socket.binaryType = 'arraybuffer';
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = () => this.dropConnection(socket, port);
    const hello = await withTimeout(
      this.send('hello', { protocol: PROTOCOL_VERSION, component: 'extension', version: this.extensionVersion }),
      HELLO_TIMEOUT_MS,
      () => new KysoError('AGENT_NOT_RUNNING', { port, reason: 'no hello answer' }),
    );
    if (hello.protocol !== PROTOCOL_VERSION) {
      socket.close();
      const update = hello.protocol < PROTOCOL_VERSION ? 'agent' : 'extension';
      throw new KysoError('VERSION_MISMATCH', { update, agentProtocol: hello.protocol, ours: PROTOCOL_VERSION });
    }
    if (hello.minExtensionVersion && compareVersions(this.extensionVersion, hello.minExtensionVersion) < 0) {
      socket.close();
      throw new KysoError('VERSION_MISMATCH', { update: 'extension', required: hello.minExtensionVersion });
    }
    this.hello = hello;
    return hello;
  }

  private dropConnection(socket: WebSocket, port: number): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.hello = undefined;
    this.blobs.clear();
    for (const pending of this.pending.values()) {
      pending.reject(new KysoError('AGENT_NOT_RUNNING', { port, reason: 'connection closed' }));
    }
    this.pending.clear();
  }

  /**
   * A request on the open connection; blob frames go first so the agent has them when the request arrives.
   * The answer is checked against the method's result schema: AGENT_INVALID_RESPONSE instead of a wrong shape.
   */
  async call<M extends Method>(
    method: M,
    params: RequestParams<M>,
    options: CallOptions = {},
  ): Promise<MethodResult<M>> {
    const hello = await this.connect();
    for (const blob of options.blobs ?? []) {
      if (blob.bytes.length > hello.limits.maxDocumentBytes) {
        throw new KysoError('PAYLOAD_TOO_LARGE', { bytes: blob.bytes.length, limit: hello.limits.maxDocumentBytes });
      }
      this.socket?.send(encodeBlobFrame(blob.id, blob.bytes) as Uint8Array<ArrayBuffer>);
    }
    return this.send(method, params, options.onProgress);
  }

  private async send<M extends Method>(
    method: M,
    params: unknown,
    onProgress?: Pending['onProgress'],
  ): Promise<MethodResult<M>> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      throw new KysoError('AGENT_NOT_RUNNING', { reason: 'not connected' });
    }
    const id = this.nextId++;
    const answer = await new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
    return parseResult(method, answer);
  }

  /** The bytes of a blob the agent sent (it may arrive just before or after the JSON result naming it). */
  takeBlob(id: string): Promise<Uint8Array> {
    const bytes = this.blobs.get(id);
    if (bytes) {
      this.blobs.delete(id);
      return Promise.resolve(bytes);
    }
    return withTimeout(
      new Promise<Uint8Array>((resolve) => this.blobWaiters.set(id, resolve)),
      BLOB_TIMEOUT_MS,
      () => new KysoError('INTERNAL', { reason: `blob ${id} never arrived` }),
    );
  }

  private receive(data: unknown): void {
    if (data instanceof ArrayBuffer) {
      let frame: { blob: string; bytes: Uint8Array };
      try {
        frame = decodeBlobFrame(new Uint8Array(data));
      } catch {
        // A frame we cannot read names no blob: whoever waits for one times out with its own error.
        return;
      }
      const { blob, bytes } = frame;
      const waiter = this.blobWaiters.get(blob);
      this.blobWaiters.delete(blob);
      if (waiter) waiter(bytes);
      else this.blobs.set(blob, bytes);
      return;
    }
    if (typeof data !== 'string') return;
    let message: { id?: unknown; method?: string; params?: unknown; result?: unknown; error?: RpcError };
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (message.method === 'progress') {
      const progress = progressParams.safeParse(message.params);
      if (progress.success) this.progress(progress.data);
      return;
    }
    const pending = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (!pending || typeof message.id !== 'number') return;
    this.pending.delete(message.id);
    if (message.error) pending.reject(rpcErrorToKyso(message.error));
    else pending.resolve(message.result);
  }

  private progress(params: ProgressParams): void {
    const pending = typeof params.requestId === 'number' ? this.pending.get(params.requestId) : undefined;
    pending?.onProgress?.(params);
  }
}

interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

/** The agent puts a serialised KysoError in `data`; the same deserializer reads it as everywhere else. */
function rpcErrorToKyso(error: RpcError): KysoError {
  const data = error.data as { code?: unknown; details?: unknown } | undefined;
  if (isErrorCode(data?.code)) {
    const details = typeof data.details === 'object' && data.details !== null ? data.details : {};
    return deserializeError({
      code: data.code,
      message: '',
      messageEn: '',
      details: details as Record<string, unknown>,
    });
  }
  return new KysoError('INTERNAL', { rpcCode: error.code, rpcMessage: error.message });
}

function parseResult<M extends Method>(method: M, answer: unknown): MethodResult<M> {
  const parsed = resultSchemas[method].safeParse(answer);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new KysoError('AGENT_INVALID_RESPONSE', { method, path: issue?.path.join('.'), reason: issue?.message });
  }
  return parsed.data as MethodResult<M>;
}

/** Opens a WebSocket or fails with AGENT_NOT_RUNNING (refused, closed before open, or timed out). */
function openSocket(url: string, port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(url);
    } catch (cause) {
      reject(new KysoError('AGENT_NOT_RUNNING', { port, reason: String(cause) }));
      return;
    }
    const fail = (reason: string) => {
      clearTimeout(timer);
      socket.onopen = socket.onerror = socket.onclose = null;
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close();
      reject(new KysoError('AGENT_NOT_RUNNING', { port, reason }));
    };
    const timer = setTimeout(() => fail('timeout'), CONNECT_TIMEOUT_MS);
    socket.onerror = () => fail('refused');
    socket.onclose = () => fail('closed');
    socket.onopen = () => {
      clearTimeout(timer);
      socket.onopen = socket.onerror = socket.onclose = null;
      resolve(socket);
    };
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, error: () => Error): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(error()), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (reason: unknown) => {
        clearTimeout(timer);
        reject(reason);
      },
    );
  });
}
