/**
 * Garbage never crashes the agent and never breaks a connection: malformed JSON, unknown methods, wrong types,
 * bad binary frames and oversized frames all get JSON-RPC errors, and a normal request works afterwards.
 */

import { randomBytes } from 'node:crypto';
import { encodeBlobFrame, RPC_ERRORS } from '@kyso/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AgentUnderTest, type RpcFailure, startTestAgent, TestClient } from './server-harness';

let agent: AgentUnderTest;

beforeAll(async () => {
  agent = await startTestAgent({
    limits: { maxMessagesPerSecond: 1_000_000, maxTextFrameBytes: 64 * 1024, maxDocumentBytes: 256 * 1024 },
  });
});
afterAll(async () => agent?.stop());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: RpcFailure) => e,
  );
/** 'ok' or the error code a request was answered with. */
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: RpcFailure) => e.data.code,
  );

describe('JSON-RPC errors', () => {
  it('answers malformed JSON with -32700 and keeps the connection usable', async () => {
    const client = await TestClient.connect(agent.server.url);
    client.sendRaw('{"jsonrpc": "2.0", "id": 1, "method": ');
    const listed = await client.request<{ tokens: unknown[] }>('tokens.list');
    expect(listed.tokens).toEqual([]);
    await client.close();
  });

  it('answers a schema violation with -32602 INVALID_REQUEST and the zod issues', async () => {
    const client = await TestClient.connect(agent.server.url);
    const error = await failure(
      client.request('pdf.sign', { document: { blob: 42 }, certificate: { token: '', id: 'zz' }, pin: 123456 }),
    );
    expect(error?.rpcCode).toBe(RPC_ERRORS.INVALID_PARAMS);
    expect(error?.data.code).toBe('INVALID_REQUEST');
    const issues = (error?.data.details as { issues: { path: string; message: string }[] } | undefined)?.issues ?? [];
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['document.blob', 'certificate.token', 'pin']));
    // The PIN value must not be echoed back, even when it has the wrong type.
    expect(JSON.stringify(error?.data)).not.toContain('123456');
    await client.close();
  });

  it('refuses a reference to a blob that was never sent', async () => {
    const client = await TestClient.connect(agent.server.url);
    const error = await failure(client.request('pdf.verify', { document: { blob: 'missing' } }));
    expect(error?.data).toMatchObject({ code: 'INVALID_REQUEST', details: { reason: 'blob-not-found' } });
    await client.close();
  });

  it('answers an oversized text frame with PAYLOAD_TOO_LARGE', async () => {
    const client = await TestClient.connect(agent.server.url);
    client.sendRaw(`{"jsonrpc":"2.0","id":"big","method":"hello","params":{"x":"${'a'.repeat(100 * 1024)}"}}`);
    await expect.poll(() => client.orphanErrors.map((e) => e.code)).toContain('PAYLOAD_TOO_LARGE');
    expect((await client.request<{ tokens: unknown[] }>('tokens.list')).tokens).toEqual([]);
    await client.close();
  });

  it('answers cancel of an unknown request with cancelled: false', async () => {
    const client = await TestClient.connect(agent.server.url);
    expect(await client.request('cancel', { requestId: 'nothing' })).toEqual({ cancelled: false });
    await client.close();
  });
});

describe('rate limits', () => {
  // The window is one second of the agent's clock (Date.now), which runs in this process: fake it, do not wait.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers RATE_LIMITED above the message rate until the window ends, then recovers', async () => {
    const limited = await startTestAgent({ limits: { maxMessagesPerSecond: 20 } });
    try {
      const client = await TestClient.connect(limited.server.url);
      const results = await Promise.all(Array.from({ length: 60 }, () => outcome(client.request('tokens.list'))));
      expect(results).toContain('RATE_LIMITED');
      vi.advanceTimersByTime(998);
      expect(await outcome(client.request('tokens.list'))).toBe('RATE_LIMITED');
      vi.advanceTimersByTime(2);
      expect(await client.request('tokens.list')).toEqual({ tokens: [] });
      await client.close();
    } finally {
      await limited.stop();
    }
  });
});

/** A deterministic generator so a failing run can be replayed. */
function* fuzzMessages(count: number): Generator<{ data: string | Buffer; binary: boolean }> {
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed;
  };
  const methods = [
    'hello',
    'tokens.list',
    'certificates.list',
    'pdf.sign',
    'pdf.verify',
    'batch.begin',
    'batch.sign',
    'batch.end',
    'batch.cancel',
    'cancel',
    'nope',
    '__proto__',
    'constructor',
    '',
  ];
  const values: unknown[] = [
    null,
    0,
    -1,
    1e308,
    'x',
    '',
    [],
    {},
    { blob: 'b' },
    true,
    { __proto__: { polluted: true } },
    'a'.repeat(300),
  ];
  for (let i = 0; i < count; i++) {
    const kind = next() % 8;
    const method = methods[next() % methods.length];
    const value = values[next() % values.length];
    if (kind === 0) yield { data: randomBytes(next() % 64).toString('latin1'), binary: false };
    else if (kind === 1)
      yield { data: JSON.stringify({ jsonrpc: '2.0', id: i, method, params: value }), binary: false };
    else if (kind === 2) yield { data: JSON.stringify({ jsonrpc: '1.0', id: value, method: value }), binary: false };
    else if (kind === 3) yield { data: randomBytes(next() % 300), binary: true };
    else if (kind === 4)
      yield { data: Buffer.from(encodeBlobFrame(`b${i % 40}`, randomBytes(next() % 2048))), binary: true };
    else if (kind === 5) yield { data: JSON.stringify(value), binary: false };
    else if (kind === 6)
      yield {
        data: JSON.stringify({
          jsonrpc: '2.0',
          id: `x${i}`,
          method,
          params: { document: value, certificate: value, pin: value, count: value, batchId: value, requestId: value },
        }),
        binary: false,
      };
    else
      yield {
        data: `{"jsonrpc":"2.0","id":${i},"method":"hello","params":{"protocol":${'['.repeat(next() % 5000)}`,
        binary: false,
      };
  }
}

describe('fuzzing', () => {
  it('survives 10 000 fuzzed messages, then answers a normal request', async () => {
    const client = await TestClient.connect(agent.server.url);
    let sent = 0;
    for (const message of fuzzMessages(10_000)) {
      client.sendRaw(message.data, message.binary);
      sent++;
      // Let the agent catch up now and then so the test does not buffer megabytes.
      if (sent % 500 === 0) await client.roundTrip();
    }
    expect(sent).toBe(10_000);
    // Oversized frames close a socket (1009) by design; the agent itself must still serve new clients.
    const fresh = await TestClient.connect(agent.server.url);
    expect(await fresh.request('tokens.list')).toEqual({ tokens: [] });
    // No fuzzed frame exceeds the limits, so the fuzzed connection itself must still work, after all of them.
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    expect(await client.request('tokens.list')).toEqual({ tokens: [] });
    expect(client.orphanErrors.length).toBeGreaterThan(1000);
    await Promise.all([client.close(), fresh.close()]);
  });

  it('closes a socket that sends a frame above maxPayload, without harming others', async () => {
    const other = await TestClient.connect(agent.server.url);
    const client = await TestClient.connect(agent.server.url);
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    client.sendRaw(Buffer.alloc(2 * 1024 * 1024), true);
    expect(await closed).toBe(1009);
    expect(await other.request('tokens.list')).toEqual({ tokens: [] });
    await other.close();
  });
});
