/**
 * What a connection may make the agent hold: no blobs before `hello`, one memory budget for pending blobs over
 * all connections (given back when a connection closes), quiet connections closed sooner, a share of the slots
 * per origin, and nothing about the agent in the answer to a plain HTTP request with a foreign Host.
 */
import { request as httpRequest } from 'node:http';
import { PROTOCOL_VERSION } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentUnderTest,
  EXTENSION_ORIGIN,
  type RpcFailure,
  startTestAgent,
  TestClient,
  upgradeStatus,
} from './server-harness';

const PORTAL_ORIGIN = 'https://egov.thanhhoa.gov.vn';
const MIB = 1024 * 1024;

let agent: AgentUnderTest;
let url: string;

beforeAll(async () => {
  agent = await startTestAgent({
    limits: { maxPendingBlobBytes: 3 * MIB, maxConnectionsPerOrigin: 3 },
    override: { allowedOrigins: [EXTENSION_ORIGIN, PORTAL_ORIGIN] },
  });
  url = agent.server.url;
});
afterAll(async () => agent?.stop());

/** The next error answered with id null (frames that belong to no request). */
async function nextOrphan(client: TestClient) {
  const seen = client.orphanErrors.length;
  // A round trip: the agent answers frames in order, so the orphan error (if any) has arrived after it.
  await client
    .request('hello', { protocol: PROTOCOL_VERSION, component: 'extension', version: '0.1.0' })
    .catch(() => 0);
  return client.orphanErrors[seen];
}

async function codeOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'answered',
    (error: RpcFailure) => error.data,
  );
}

describe('pending blobs', () => {
  it('refuses blobs before hello: nothing is held for a client that has not said who it is', async () => {
    const client = await TestClient.connect(url, EXTENSION_ORIGIN, { hello: false });
    client.sendBlob('early', new Uint8Array(1024));
    const refused = await nextOrphan(client); // this round trip is the hello
    expect(refused).toMatchObject({ code: 'INVALID_REQUEST', details: { reason: 'hello-first' } });
    expect(await codeOf(client.request('pdf.verify', { document: { blob: 'early' } }))).toMatchObject({
      code: 'INVALID_REQUEST',
      details: { reason: 'blob-not-found' },
    });
    await client.close();
  });

  it('keeps one budget over all connections and gives a closed connection’s share back', async () => {
    const first = await TestClient.connect(url);
    const second = await TestClient.connect(url, PORTAL_ORIGIN);
    first.sendBlob('a', new Uint8Array(2 * MIB));
    expect(await nextOrphan(first)).toBeUndefined();
    second.sendBlob('b', new Uint8Array(2 * MIB));
    expect(await nextOrphan(second)).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: { reason: 'agent-memory-budget', max: 3 * MIB },
    });
    await first.close();
    await upgradeStatus(url, { origin: EXTENSION_ORIGIN }); // one more round trip through the server
    second.sendBlob('b', new Uint8Array(2 * MIB));
    expect(await nextOrphan(second)).toBeUndefined();
    // A blob taken by a request leaves the budget too.
    await codeOf(second.request('pdf.verify', { document: { blob: 'b' } }));
    second.sendBlob('c', new Uint8Array(2 * MIB));
    expect(await nextOrphan(second)).toBeUndefined();
    await second.close();
  });
});

describe('connection slots', () => {
  it('closes a connection with nothing running after the quiet timeout', async () => {
    const quiet = await startTestAgent({ limits: { quietIdleTimeoutMs: 1000 } });
    try {
      const client = await TestClient.connect(quiet.server.url);
      const reason = await new Promise<string>((resolve) =>
        client.ws.once('close', (_code, why) => resolve(why.toString())),
      );
      expect(reason).toBe('idle timeout');
    } finally {
      await quiet.stop();
    }
  });

  it('gives one origin at most its share of the slots; another origin still gets in', async () => {
    const held = await Promise.all([0, 1, 2].map(() => TestClient.connect(url, PORTAL_ORIGIN)));
    expect(await upgradeStatus(url, { origin: PORTAL_ORIGIN })).toBe(503);
    expect(await upgradeStatus(url, { origin: EXTENSION_ORIGIN })).toBe(101);
    await held[0]!.close();
    const again = await TestClient.connect(url, PORTAL_ORIGIN);
    await Promise.all([again, ...held].map((c) => c.close()));
  });
});

function plainGet(host: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: agent.server.port, path: '/', headers: { Host: host } },
      (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('plain HTTP', () => {
  it('checks Host first: a rebinding name gets a bare 403 that names neither the agent nor its version', async () => {
    const refused = await plainGet(`evil.example:${agent.server.port}`);
    expect(refused.status).toBe(403);
    expect(refused.headers['x-kyso-agent']).toBeUndefined();
    expect(refused.body).not.toMatch(/kyso/i);
    const local = await plainGet(`127.0.0.1:${agent.server.port}`);
    expect(local.status).toBe(426);
  });
});
