/**
 * Protocol fuzzing in the style of the PDF fuzzer: seeded and deterministic. Connections send malformed text
 * frames, mutated requests of every method, binary frames with lying headers, blobs without requests, and all of
 * it before `hello` as well as after. The agent must answer every error with a stable code (never INTERNAL),
 * keep each connection usable (a round trip after every burst) unless it closed it with a defined close code, and
 * serve a new client's `hello` at the end.
 */
import { encodeBlobFrame, isErrorCode, PROTOCOL_VERSION } from '@kyso/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hostilePdfs } from '../fixtures/hostile-pdf';
import { type AgentUnderTest, EXTENSION_ORIGIN, startTestAgent, TestClient } from '../integration/server-harness';
import { prng } from './mutate';

let agent: AgentUnderTest;
beforeAll(async () => {
  agent = await startTestAgent({
    limits: { maxMessagesPerSecond: 1_000_000, maxTextFrameBytes: 64 * 1024, maxDocumentBytes: 256 * 1024 },
  });
});
afterAll(async () => agent?.stop());

const METHODS = [
  'hello',
  'tokens.list',
  'certificates.list',
  'pdf.plan',
  'pdf.sign',
  'pdf.verify',
  'batch.begin',
  'batch.sign',
  'batch.end',
  'batch.cancel',
  'cancel',
  'data.sign',
  'nope',
  '__proto__',
  'constructor',
];
const VALUES: unknown[] = [
  null,
  0,
  -1,
  1e308,
  '',
  'x'.repeat(300),
  [],
  {},
  { blob: 'b1' },
  { blob: 'b1', name: '../../etc/passwd' },
  true,
  { __proto__: { polluted: 1 } },
  [[[[[]]]]],
  { page: -5 },
  { invisible: true },
  { token: '', id: 'zz' },
];

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function params(random: Random): unknown {
  if (random() < 0.2) return pick(random, VALUES);
  const keys = [
    'document',
    'certificate',
    'placement',
    'pin',
    'profile',
    'batch',
    'requestId',
    'protocol',
    'text',
    'appearance',
  ];
  const out: Record<string, unknown> = {};
  for (let i = 0, n = Math.floor(random() * 5); i < n; i++) out[pick(random, keys)] = pick(random, VALUES);
  return out;
}

/** One frame: [data, binary]. */
function frame(random: Random, pdf: Uint8Array): [string | Buffer, boolean] {
  const id = pick(random, [1, 'a', null, -1, 1.5, 'x'.repeat(200), {}, [], 2 ** 53]);
  switch (Math.floor(random() * 9)) {
    case 0:
      return [
        Buffer.from(Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256))).toString(
          'latin1',
        ),
        false,
      ];
    case 1:
      return [`{"jsonrpc":"2.0","id":1,"method":"hello","params":${'['.repeat(5000)}`, false];
    case 2:
      return [
        JSON.stringify({
          jsonrpc: pick(random, ['2.0', '1.0', 2]),
          id,
          method: pick(random, METHODS),
          params: params(random),
        }),
        false,
      ];
    case 3:
      return [JSON.stringify(pick(random, VALUES)), false];
    case 4: {
      const bytes = Buffer.from(Array.from({ length: Math.floor(random() * 32) }, () => Math.floor(random() * 256)));
      return [bytes, true];
    }
    case 5: {
      const header = Buffer.alloc(4);
      header.writeUInt32BE(pick(random, [0, 3, 257, 2 ** 32 - 1]));
      return [Buffer.concat([header, Buffer.from('{"blob":"b1"}')]), true];
    }
    case 6:
      return [
        Buffer.from(
          encodeBlobFrame(
            pick(random, ['b1', 'b2', '', 'x'.repeat(100)]),
            random() < 0.5 ? pdf : new Uint8Array(300 * 1024),
          ),
        ),
        true,
      ];
    case 7:
      return [
        JSON.stringify({ jsonrpc: '2.0', id, method: 'pdf.verify', params: { document: { blob: 'b1' } } }),
        false,
      ];
    default:
      return [
        JSON.stringify({
          jsonrpc: '2.0',
          id: 'h',
          method: 'hello',
          params: { protocol: PROTOCOL_VERSION, component: 'extension', version: '0.1.0' },
        }),
        false,
      ];
  }
}

it('600 malformed frames over 6 connections, before and after hello: stable codes, usable connections', async () => {
  const random = prng(20261201);
  const pdf = hostilePdfs()['predictor-columns-negative'];
  const errors: unknown[] = [];
  const closes: number[] = [];
  for (let c = 0; c < 6; c++) {
    const client = await TestClient.connect(agent.server.url, EXTENSION_ORIGIN, { hello: c % 2 === 0 });
    client.ws.on('message', (data: Buffer, binary: boolean) => {
      if (binary) return;
      const message = JSON.parse(data.toString('utf8'));
      if (message.error) errors.push(message.error.data);
    });
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    let open = true;
    void closed.then((code) => {
      open = false;
      closes.push(code);
    });
    for (let burst = 0; burst < 10 && open; burst++) {
      for (let i = 0; i < 10; i++) {
        const [data, binary] = frame(random, pdf);
        client.sendRaw(data, binary);
      }
      // A round trip: the connection still answers (hello is allowed again and always answers).
      const answer = await Promise.race([
        client.request('hello', { protocol: PROTOCOL_VERSION, component: 'extension', version: '0.1.0' }).then(
          () => 'answered',
          () => 'answered',
        ),
        closed.then(() => 'closed'),
      ]);
      expect(answer === 'answered' || !open).toBe(true);
    }
    await client.close();
  }
  expect(errors.length).toBeGreaterThan(100);
  for (const error of errors) {
    const code = (error as { code?: string })?.code;
    expect(isErrorCode(code), JSON.stringify(error)).toBe(true);
    expect(code, JSON.stringify(error)).not.toBe('INTERNAL');
  }
  // The agent closes a connection only with a defined code (1000 after the client's close, 1009 for a too big frame).
  for (const code of closes) expect([1000, 1005, 1009, 4408]).toContain(code);
  const fresh = await TestClient.connect(agent.server.url);
  await fresh.close();
}, 120_000);
