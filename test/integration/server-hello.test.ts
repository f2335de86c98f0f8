/**
 * The `hello` deadline: a connection that has not completed `hello` within `helloTimeoutMs` is closed with
 * WebSocket status 4408 and a reason that says so; a client that says hello in time keeps its connection.
 */
import { PROTOCOL_VERSION } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { HELLO_TIMEOUT_CLOSE_CODE } from '../../agent/src/server/connection';
import { type AgentUnderTest, type RpcFailure, startTestAgent, TestClient } from './server-harness';

const HELLO_TIMEOUT_MS = 300;
let agent: AgentUnderTest;

beforeAll(async () => {
  agent = await startTestAgent({ limits: { helloTimeoutMs: HELLO_TIMEOUT_MS } });
});
afterAll(async () => agent?.stop());

function closeOf(ws: WebSocket): Promise<{ code: number; reason: string; afterMs: number }> {
  const started = Date.now();
  return new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString(), afterMs: Date.now() - started })),
  );
}

describe('hello deadline', () => {
  it('closes a connection that never sends hello with 4408 and a clear reason', async () => {
    const client = await TestClient.connect(agent.server.url, undefined, { hello: false });
    const closed = await closeOf(client.ws);
    expect(closed.code).toBe(HELLO_TIMEOUT_CLOSE_CODE);
    expect(closed.code).toBe(4408);
    expect(closed.reason).toMatch(/hello timeout/);
    expect(closed.afterMs).toBeGreaterThanOrEqual(HELLO_TIMEOUT_MS - 50);
  });

  it('closes a connection whose hello was refused (VERSION_MISMATCH) and that sent no good one', async () => {
    const client = await TestClient.connect(agent.server.url, undefined, { hello: false });
    const closing = closeOf(client.ws);
    const refused = await client
      .request('hello', { protocol: PROTOCOL_VERSION + 1, component: 'sdk', version: '9.0.0' })
      .catch((e: RpcFailure) => e);
    expect((refused as RpcFailure).data.code).toBe('VERSION_MISMATCH');
    expect((await closing).code).toBe(4408);
  });

  it('keeps a connection that said hello in time', async () => {
    const client = await TestClient.connect(agent.server.url);
    await new Promise((resolve) => setTimeout(resolve, HELLO_TIMEOUT_MS * 2));
    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    expect(await client.request<{ tokens: unknown[] }>('tokens.list')).toEqual({ tokens: [] });
    await client.close();
  });
});
