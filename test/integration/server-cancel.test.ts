/**
 * `cancel` of one queued request: three signatures from one client wait on one token (another client's batch
 * holds it); cancelling the second by id answers it CANCELLED, journals it as cancelled, returns nothing for it,
 * and the first and third still sign, in order, and validate.
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchBeginResult, CancelResult, CertificateSummary, SignResult } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../agent/src/journal';
import { validatePdf } from '../fixtures/validate';
import { type AgentUnderTest, makePdf, type RpcFailure, startTestAgent, TestClient } from './server-harness';

let agent: AgentUnderTest;

beforeAll(async () => {
  agent = await startTestAgent({ withToken: true });
});
afterAll(async () => agent?.stop());

/** Resolves once every given request has reported progress `queued`. */
async function allQueued(client: TestClient, ids: string[]): Promise<void> {
  const queued = () => ids.every((id) => client.progress.some((p) => p.requestId === id && p.stage === 'queued'));
  await expect.poll(queued, { timeout: 10_000 }).toBe(true);
}

describe('cancel', () => {
  it('cancels the second of three queued signatures; the first and third sign and validate', async () => {
    const pdf = await makePdf(agent.dir, 'cancel', 2);
    const holder = await TestClient.connect(agent.server.url);
    const client = await TestClient.connect(agent.server.url);
    const { certificates } = await client.request<{ certificates: CertificateSummary[] }>('certificates.list', {});
    const cert = certificates.find((c) => c.keyType === 'RSA')!;
    const certificate = { token: cert.token, id: cert.id };
    const { batchId } = await holder.request<BatchBeginResult>('batch.begin', {
      certificate,
      pin: agent.token!.pin,
      count: 1,
    });

    const ids = ['sign-1', 'sign-2', 'sign-3'];
    const requests = ids.map((id) => {
      client.sendBlob(id, pdf);
      const params = { document: { blob: id, name: `${id}.pdf` }, certificate, placement: { page: 1 } };
      return client.request<SignResult>('pdf.sign', { ...params, pin: agent.token!.pin }, id).then(
        (result) => ({ result }),
        (error: RpcFailure) => ({ error }),
      );
    });
    await allQueued(client, ids);
    expect(await client.request<CancelResult>('cancel', { requestId: 'sign-2' })).toEqual({ cancelled: true });
    await holder.request('batch.end', { batchId });

    const [first, second, third] = await Promise.all(requests);
    expect(second).toMatchObject({ error: { data: { code: 'CANCELLED' } } });
    for (const [name, outcome] of [
      ['first', first],
      ['third', third],
    ] as const) {
      if (!outcome || !('result' in outcome)) throw new Error(`${name} failed: ${JSON.stringify(outcome)}`);
      const path = join(agent.dir, `${name}.pdf`);
      await writeFile(path, client.blobs.get(outcome.result.document.blob)!);
      const verdict = await validatePdf(path, { rootPath: agent.token!.rootPath, nssDir: agent.token!.nssDir });
      expect(verdict.allValid, verdict.pdfsigOutput).toBe(true);
    }
    expect(client.blobs.size).toBe(2);

    const journal = await readJournal(agent.journalDir);
    const outcomes = journal.filter((e) => e.document.startsWith('sign-')).map((e) => [e.document, e.result]);
    expect(outcomes).toEqual([
      ['sign-2.pdf', 'cancelled'],
      ['sign-1.pdf', 'signed'],
      ['sign-3.pdf', 'signed'],
    ]);
    expect(await client.request<CancelResult>('cancel', { requestId: 'sign-2' })).toEqual({ cancelled: false });
    await Promise.all([holder.close(), client.close()]);
  });
});
