/**
 * The upgrade guards: only an allowed Origin on a loopback Host with our port reaches the protocol; everything
 * else is refused with an HTTP status before any WebSocket exists.
 */
import { PROTOCOL_VERSION, RPC_ERRORS } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentUnderTest,
  EXTENSION_ORIGIN,
  RpcFailure,
  startTestAgent,
  TestClient,
  upgradeStatus,
} from './server-harness';

let agent: AgentUnderTest;
let url: string;
let port: number;

beforeAll(async () => {
  agent = await startTestAgent({ limits: { maxConnections: 3 } });
  url = agent.server.url;
  port = agent.server.port;
});
afterAll(async () => agent?.stop());

describe('upgrade guards', () => {
  it('accepts the allowed extension origin on 127.0.0.1, localhost and [::1]', async () => {
    expect(await upgradeStatus(url, { origin: EXTENSION_ORIGIN })).toBe(101);
    expect(await upgradeStatus(url, { origin: EXTENSION_ORIGIN, host: `localhost:${port}` })).toBe(101);
    expect(await upgradeStatus(url, { origin: EXTENSION_ORIGIN, host: `[::1]:${port}` })).toBe(101);
  });

  it('refuses a forged, missing, null or page origin with 403 before the upgrade', async () => {
    expect(await upgradeStatus(url, { origin: 'chrome-extension://someotherextensionidaaaaaaaaaa' })).toBe(403);
    expect(await upgradeStatus(url, {})).toBe(403);
    expect(await upgradeStatus(url, { origin: 'null' })).toBe(403);
    expect(await upgradeStatus(url, { origin: 'https://evil.example' })).toBe(403);
    expect(await upgradeStatus(url, { origin: `${EXTENSION_ORIGIN}.evil.example` })).toBe(403);
  });

  it('refuses a rebinding Host (another name, another port) with 403 even with an allowed origin', async () => {
    expect(await upgradeStatus(url, { origin: EXTENSION_ORIGIN, host: `evil.example:${port}` })).toBe(403);
    expect(await upgradeStatus(url, { origin: EXTENSION_ORIGIN, host: `127.0.0.1:${port + 1}` })).toBe(403);
    expect(await upgradeStatus(url, { origin: EXTENSION_ORIGIN, host: '127.0.0.1' })).toBe(403);
  });

  it('answers 404 on another path and 503 when the connection limit is reached', async () => {
    expect(await upgradeStatus(`${url}/other`, { origin: EXTENSION_ORIGIN })).toBe(404);
    const clients = await Promise.all([0, 1, 2].map(() => TestClient.connect(url)));
    expect(await upgradeStatus(url, { origin: EXTENSION_ORIGIN })).toBe(503);
    await Promise.all(clients.map((c) => c.close()));
  });

  it('answers plain HTTP with 426 and no CORS header', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { Origin: 'https://evil.example' } });
    expect(response.status).toBe(426);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('listens on ::1 as well as 127.0.0.1 (where the machine has IPv6)', async () => {
    expect(agent.server.addresses).toContain('127.0.0.1');
    if (!agent.server.addresses.includes('::1')) return;
    expect(await upgradeStatus(`ws://[::1]:${port}`, { origin: EXTENSION_ORIGIN })).toBe(101);
  });
});

describe('handshake', () => {
  it('refuses any method before hello, telling the client to handshake', async () => {
    const client = await TestClient.connect(url, EXTENSION_ORIGIN, { hello: false });
    const error = await client.request('tokens.list', {}).catch((e: RpcFailure) => e);
    expect(error).toBeInstanceOf(RpcFailure);
    expect((error as RpcFailure).data.code).toBe('VERSION_MISMATCH');
    expect((error as RpcFailure).data.details).toMatchObject({ reason: 'hello-required' });
    await client.close();
  });

  it('names the component to update on a protocol mismatch', async () => {
    const client = await TestClient.connect(url, EXTENSION_ORIGIN, { hello: false });
    const older = await client
      .request('hello', { protocol: PROTOCOL_VERSION - 1, component: 'extension', version: '0.0.1' })
      .catch((e) => e);
    expect((older as RpcFailure).data).toMatchObject({ code: 'VERSION_MISMATCH', details: { update: 'extension' } });
    const newer = await client
      .request('hello', { protocol: PROTOCOL_VERSION + 1, component: 'extension', version: '9.0.0' })
      .catch((e) => e);
    expect((newer as RpcFailure).data).toMatchObject({ code: 'VERSION_MISMATCH', details: { update: 'agent' } });
    const ok = await client.request<{ protocol: number; limits: { maxDocumentBytes: number } }>('hello', {
      protocol: PROTOCOL_VERSION,
      component: 'extension',
      version: '0.1.0',
    });
    expect(ok.protocol).toBe(PROTOCOL_VERSION);
    expect(ok.limits.maxDocumentBytes).toBeGreaterThan(0);
    const listed = await client.request<{ tokens: unknown[] }>('tokens.list');
    expect(listed.tokens).toEqual([]);
    await client.close();
  });

  it('answers unknown methods with -32601 METHOD_NOT_FOUND', async () => {
    const client = await TestClient.connect(url);
    const error = (await client.request('pdf.explode', {}).catch((e) => e)) as RpcFailure;
    expect(error.rpcCode).toBe(RPC_ERRORS.METHOD_NOT_FOUND);
    expect(error.data.code).toBe('METHOD_NOT_FOUND');
    await client.close();
  });
});
