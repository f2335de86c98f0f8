/**
 * Documents are prepared in worker threads (agent/src/server/isolation.ts): the defect fixtures answer a stable
 * code over the socket, a preparation over its deadline or heap limit is stopped with PDF_TOO_COMPLEX, and another
 * client's `hello` is answered while a heavy document is still being prepared.
 */
import { isErrorCode, type SignResult, type VerifyResult } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedPreparation } from '../../agent/src/server/isolation';
import { signingStages } from '../../agent/src/server/signing-stages';
import * as signingModule from '../../agent/src/signing';
import { hostilePdfs, manyPagesManyFields } from '../fixtures/hostile-pdf';
import { type AgentUnderTest, makePdf, type RpcFailure, startTestAgent, TestClient } from './server-harness';

function isolatedAgent(limits: { deadlineMs: number; maxHeapMb: number }, withToken = false) {
  const isolated = isolatedPreparation(limits);
  return startTestAgent({
    withToken,
    override: {
      planDocument: isolated.plan,
      verifyDocument: isolated.verify,
      signing: signingStages(async () => signingModule, isolated.draft),
    },
  });
}

let agent: AgentUnderTest;
let client: TestClient;
let blobs = 0;

beforeAll(async () => {
  agent = await isolatedAgent({ deadlineMs: 120_000, maxHeapMb: 512 }, true);
  client = await TestClient.connect(agent.server.url);
});
afterAll(async () => {
  await client?.close();
  await agent?.stop();
});

function send(target: TestClient, bytes: Uint8Array): { blob: string; name: string } {
  const blob = `doc-${++blobs}`;
  target.sendBlob(blob, bytes);
  return { blob, name: 'van-ban.pdf' };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'answered';
  } catch (error) {
    return (error as RpcFailure).data?.code ?? String(error);
  }
}

const plan = (target: TestClient, bytes: Uint8Array) =>
  target.request('pdf.plan', { document: send(target, bytes), profile: 'leader', signerName: 'Nguyễn Văn An' });

describe('defect fixtures over the socket, prepared in a worker', () => {
  const expected: Record<string, string> = {
    'predictor-columns-negative': 'PDF_MALFORMED',
    'predictor-columns-zero': 'PDF_MALFORMED',
    'flate-bomb-xref': 'PDF_TOO_COMPLEX',
    'xref-w-zero-huge-index': 'PDF_MALFORMED',
    'xrefstm-points-at-own-table': 'PDF_MALFORMED',
    'xref-prev-loops': 'PDF_MALFORMED',
    'many-pages-many-fields': 'PLACEMENT_NOT_FOUND',
  };

  it('pdf.plan and pdf.verify answer each with its stable code', async () => {
    const fixtures = hostilePdfs({ pages: 2000 });
    for (const [name, bytes] of Object.entries(fixtures)) {
      expect(await codeOf(plan(client, bytes)), name).toBe(expected[name]);
      const verify = client.request<VerifyResult>('pdf.verify', { document: send(client, bytes) });
      const code = await codeOf(verify);
      if (name === 'many-pages-many-fields') {
        const result = await verify;
        expect(result.valid).toBe(false);
        expect(result.signatures).toHaveLength(2000);
      } else expect(code, name).toBe(expected[name]);
    }
  });

  it('pdf.sign refuses the predictor file before any login, and still signs a normal PDF through the worker', async () => {
    const { certificates } = await client.request<{ certificates: { token: string; id: string }[] }>(
      'certificates.list',
      {},
    );
    const certificate = { token: certificates[0]!.token, id: certificates[0]!.id };
    const bad = client.request('pdf.sign', {
      document: send(client, hostilePdfs()['predictor-columns-negative']),
      certificate,
      placement: { page: 1 },
      pin: agent.token!.pin,
    });
    expect(await codeOf(bad)).toBe('PDF_MALFORMED');
    const pdf = await makePdf(agent.dir, 'isolated-sign');
    const result = await client.request<SignResult>('pdf.sign', {
      document: send(client, pdf),
      certificate,
      placement: { page: 1 },
      pin: agent.token!.pin,
    });
    const signed = client.blobs.get(result.document.blob)!;
    const verdict = await client.request<VerifyResult>('pdf.verify', { document: send(client, signed) });
    expect(verdict.signatures).toHaveLength(1);
    expect(verdict.signatures[0]!.integrity).toBe(true);
  });

  it("answers another client's hello while a heavy document is being prepared", async () => {
    const heavy = manyPagesManyFields(8000);
    let settled = false;
    const pending = plan(client, heavy).finally(() => {
      settled = true;
    });
    // The request is in preparation once its progress arrives.
    await waitFor(() => client.progress.some((p) => p.stage === 'preparing'));
    const other = await TestClient.connect(agent.server.url); // connect() completes hello
    expect(settled).toBe(false);
    await other.close();
    const answer = await codeOf(pending);
    expect(answer === 'answered' || isErrorCode(answer)).toBe(true);
    expect(answer).not.toBe('INTERNAL');
  });
});

describe('limits of a preparation', () => {
  it('a preparation over its deadline is stopped: PDF_TOO_COMPLEX', async () => {
    const strict = await isolatedAgent({ deadlineMs: 100, maxHeapMb: 512 });
    const other = await TestClient.connect(strict.server.url);
    try {
      expect(await codeOf(plan(other, manyPagesManyFields(20_000)))).toBe('PDF_TOO_COMPLEX');
    } finally {
      await other.close();
      await strict.stop();
    }
  });

  it('a preparation over its heap limit is stopped: PDF_TOO_COMPLEX', async () => {
    const small = await isolatedAgent({ deadlineMs: 120_000, maxHeapMb: 32 });
    const other = await TestClient.connect(small.server.url);
    try {
      expect(await codeOf(plan(other, manyPagesManyFields(60_000)))).toBe('PDF_TOO_COMPLEX');
    } finally {
      await other.close();
      await small.stop();
    }
  });
});

/** Resolves once `check` holds, re-checking on each turn of the event loop (messages arrive between turns). */
async function waitFor(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setImmediate(resolve));
}
