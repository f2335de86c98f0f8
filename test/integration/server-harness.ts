/**
 * Test harness for the agent service: an in-process server on 127.0.0.1 with a real SoftHSM token, and a real
 * `ws` client that speaks the protocol (requests, binary blobs, progress notifications).
 */

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import {
  DEFAULT_LIMITS,
  decodeBlobFrame,
  encodeBlobFrame,
  isMethod,
  PROTOCOL_VERSION,
  type ProgressParams,
  resultSchemas,
  type SerializedError,
} from '@kyso/shared';
import WebSocket from 'ws';
import { Journal } from '../../agent/src/journal';
import { type RunningServer, type ServerOptions, startServer } from '../../agent/src/server';
import { silentLogger } from '../../agent/src/server/logger';
import { signingStages } from '../../agent/src/server/signing-stages';
import * as signingModule from '../../agent/src/signing';
import { Pkcs11Backend } from '../../agent/src/signing/token-backend';
import { appearanceFont } from '../fixtures/appearance-font';
import { createTestToken, type TestToken } from '../fixtures/token';

export const EXTENSION_ORIGIN = 'chrome-extension://kysotestextensionidaaaaaaaaaaaaa';

export interface AgentUnderTest {
  server: RunningServer;
  token?: TestToken;
  backend?: Pkcs11Backend;
  journalDir: string;
  journal: Journal;
  dir: string;
  stop(): Promise<void>;
}

export interface TestAgentOptions {
  withToken?: boolean;
  /** Load the token through this module instead of SoftHSM itself (pkcs11-spy, to count calls). */
  modulePath?: string;
  limits?: Partial<ServerOptions['limits']>;
  override?: Partial<ServerOptions>;
}

export async function startTestAgent(options: TestAgentOptions = {}): Promise<AgentUnderTest> {
  const dir = await mkdtemp(join(tmpdir(), 'kyso-agent-test-'));
  const token = options.withToken ? await createTestToken() : undefined;
  const modulePath = options.modulePath ?? token?.modulePath;
  const backend =
    token && modulePath
      ? new Pkcs11Backend({ modules: [modulePath], discover: false, chainFiles: [token.intermediatePath] })
      : undefined;
  const journal = new Journal(join(dir, 'journal'));
  const server = await startServer({
    port: 0,
    allowedOrigins: [EXTENSION_ORIGIN],
    limits: {
      ...DEFAULT_LIMITS,
      maxConnections: 64,
      maxPendingBlobs: 16,
      batchIdleTimeoutMs: 60_000,
      ...options.limits,
    },
    tokens: backend ?? noTokens,
    journal,
    logger: silentLogger(),
    signing: signingStages(async () => signingModule, appearanceFont),
    planDocument: async (input) => signingModule.planDocument(input, appearanceFont),
    verifyDocument: (bytes, opts) => signingModule.verifyDocument(bytes, opts),
    ...options.override,
  });
  return {
    server,
    token,
    backend,
    journal,
    journalDir: join(dir, 'journal'),
    dir,
    stop: async () => {
      await server.close();
      await backend?.close();
      await token?.cleanup();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const noTokens: ServerOptions['tokens'] = {
  listTokens: async () => [],
  listCertificates: async () => [],
  signingCertificate: async () => undefined,
  openSession: async () => {
    throw new Error('no token in this test');
  },
  close: async () => undefined,
};

export class RpcFailure extends Error {
  constructor(
    readonly rpcCode: number,
    readonly data: SerializedError,
  ) {
    super(`${rpcCode} ${data?.code}`);
  }
}

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** A protocol client over a real WebSocket. */
export class TestClient {
  readonly progress: ProgressParams[] = [];
  readonly blobs = new Map<string, Uint8Array>();
  /** Errors answered with id null (frames the agent could not attribute to a request). */
  readonly orphanErrors: SerializedError[] = [];
  private readonly pending = new Map<string | number, Pending>();
  private nextId = 1;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('socket closed'));
      this.pending.clear();
    });
  }

  static async connect(url: string, origin = EXTENSION_ORIGIN, options: { hello?: boolean } = {}): Promise<TestClient> {
    const ws = new WebSocket(url, { origin });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
    const client = new TestClient(ws);
    if (options.hello !== false)
      await client.request('hello', { protocol: PROTOCOL_VERSION, component: 'extension', version: '0.1.0' });
    return client;
  }

  request<T = unknown>(method: string, params?: unknown, id: string | number = this.nextId++): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  sendBlob(blob: string, bytes: Uint8Array): void {
    this.ws.send(encodeBlobFrame(blob, bytes), { binary: true });
  }

  sendRaw(data: string | Buffer, binary = false): void {
    this.ws.send(data, { binary });
  }

  /** A ping the agent answers: it has read every frame sent before, and the socket is still open. */
  roundTrip(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onClose = (code: number) => reject(new Error(`socket closed with ${code} before the pong`));
      this.ws.once('close', onClose);
      this.ws.once('pong', () => {
        this.ws.off('close', onClose);
        resolve();
      });
      this.ws.ping();
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (isBinary) {
      const frame = decodeBlobFrame(new Uint8Array(data));
      this.blobs.set(frame.blob, new Uint8Array(frame.bytes));
      return;
    }
    const message = JSON.parse(data.toString('utf8'));
    if (message.method === 'progress') {
      this.progress.push(message.params);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) {
      if (message.error) this.orphanErrors.push(message.error.data);
      return;
    }
    this.pending.delete(message.id);
    if (message.error) pending.reject(new RpcFailure(message.error.code, message.error.data));
    else if (!matchesResultSchema(pending.method, message.result)) {
      pending.reject(
        new Error(`${pending.method} answered outside its result schema: ${JSON.stringify(message.result)}`),
      );
    } else pending.resolve(message.result);
  }
}

/**
 * Every answer of the real agent must be exactly what its method's result schema describes (no missing and no
 * undeclared fields), so the schemas the extension validates against cannot drift from what the agent sends.
 */
function matchesResultSchema(method: string, result: unknown): boolean {
  if (!isMethod(method)) return true;
  const parsed = resultSchemas[method].safeParse(result);
  return parsed.success && isDeepStrictEqual(JSON.parse(JSON.stringify(parsed.data)), result);
}

/** The HTTP status an upgrade attempt gets, or 101 when it is accepted. */
export function upgradeStatus(url: string, headers: { origin?: string; host?: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, {
      headers: { ...(headers.host ? { Host: headers.host } : {}) },
      ...(headers.origin ? { origin: headers.origin } : {}),
    });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (error) => reject(error));
  });
}

const run = promisify(execFile);

/** A small PDF made by Ghostscript from PostScript we write (pages of text), as test input. */
export async function makePdf(dir: string, name: string, pages = 1): Promise<Uint8Array> {
  const ps = join(dir, `${name}.ps`);
  const out = join(dir, `${name}.pdf`);
  const body = Array.from(
    { length: pages },
    (_, i) =>
      `/Times-Roman findfont 18 scalefont setfont 72 720 moveto (KySo test ${name} page ${i + 1}) show showpage`,
  ).join('\n');
  await writeFile(ps, `%!PS\n<< /PageSize [595 842] >> setpagedevice\n${body}\n`);
  await run('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-sDEVICE=pdfwrite', '-o', out, ps]);
  return new Uint8Array(await readFile(out));
}
