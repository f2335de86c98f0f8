/**
 * Garbage never crashes the agent and never breaks a connection: malformed JSON, unknown methods, wrong types,
 * bad binary frames and oversized frames all get JSON-RPC errors, and a normal request works afterwards.
 */

import { RPC_ERRORS } from '@kyso/shared';
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

// Malformed and mutated frames of every method are test/fuzz/protocol-fuzz.test.ts (seeded, stricter: no INTERNAL).
describe('oversized frames', () => {
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
