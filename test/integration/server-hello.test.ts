/**
 * The `hello` deadline: a connection that has not completed `hello` within `helloTimeoutMs` is closed with
 * WebSocket status 4408 and a reason that says so; a client that says hello in time keeps its connection.
 * The agent runs in this process, so the deadline is driven by fake timers, not by waiting for it.
 */
import { PROTOCOL_VERSION } from '@kyso/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_HELLO_TIMEOUT_MS } from '../../agent/src/config/limits';
import { HELLO_TIMEOUT_CLOSE_CODE } from '../../agent/src/server/connection';
import { type AgentUnderTest, type RpcFailure, startTestAgent, TestClient } from './server-harness';

let agent: AgentUnderTest;

// The default deadline (10 s): were the timers not fake, these tests would time out instead of passing.
beforeAll(async () => {
  agent = await startTestAgent();
});
afterAll(async () => agent?.stop());
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => {
  vi.useRealTimers();
});

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe('hello deadline', () => {
  it('closes a connection that never sends hello with 4408 and a clear reason, at the deadline', async () => {
    const client = await TestClient.connect(agent.server.url, undefined, { hello: false });
    const closed = closeOf(client.ws);
    await vi.advanceTimersByTimeAsync(DEFAULT_HELLO_TIMEOUT_MS - 1);
    await client.roundTrip();
    await vi.advanceTimersByTimeAsync(1);
    const { code, reason } = await closed;
    expect(code).toBe(HELLO_TIMEOUT_CLOSE_CODE);
    expect(code).toBe(4408);
    expect(reason).toMatch(/hello timeout/);
  });

  it('closes a connection whose hello was refused (VERSION_MISMATCH) and that sent no good one', async () => {
    const client = await TestClient.connect(agent.server.url, undefined, { hello: false });
    const closing = closeOf(client.ws);
    const refused = await client
      .request('hello', { protocol: PROTOCOL_VERSION + 1, component: 'sdk', version: '9.0.0' })
      .catch((e: RpcFailure) => e);
    expect((refused as RpcFailure).data.code).toBe('VERSION_MISMATCH');
    await vi.advanceTimersByTimeAsync(DEFAULT_HELLO_TIMEOUT_MS);
    expect((await closing).code).toBe(4408);
  });

  it('keeps a connection that said hello in time', async () => {
    const client = await TestClient.connect(agent.server.url);
    await vi.advanceTimersByTimeAsync(DEFAULT_HELLO_TIMEOUT_MS * 2);
    await client.roundTrip();
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    expect(await client.request<{ tokens: unknown[] }>('tokens.list')).toEqual({ tokens: [] });
    await client.close();
  });
});
