/**
 * Batches over the socket: one login for many documents, a fixed certificate, a declared count, an owner
 * connection and a sliding expiry; a client that disconnects mid-batch keeps what was signed (journaled)
 * and the rest is cancelled, and the token is free again afterwards.
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchBeginResult, BatchEndResult, CertificateSummary, SignResult } from '@kyso/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readJournal } from '../../agent/src/journal';
import { validatePdf } from '../fixtures/validate';
import { type AgentUnderTest, makePdf, type RpcFailure, startTestAgent, TestClient } from './server-harness';

/** Long enough that no other test here reaches it; the expiry test advances fake timers past it. */
const BATCH_IDLE_MS = 60_000;
let agent: AgentUnderTest;
let pdf: Uint8Array;
let cert: CertificateSummary;

beforeAll(async () => {
  agent = await startTestAgent({ withToken: true, limits: { batchIdleTimeoutMs: BATCH_IDLE_MS } });
  pdf = await makePdf(agent.dir, 'batch', 2);
  const client = await TestClient.connect(agent.server.url);
  const { certificates } = await client.request<{ certificates: CertificateSummary[] }>('certificates.list', {});
  cert = certificates.find((c) => c.keyType === 'RSA')!;
  await client.close();
});
afterAll(async () => agent?.stop());
afterEach(() => {
  vi.useRealTimers();
});

const certificateRef = () => ({ token: cert.token, id: cert.id });

function signInBatch(client: TestClient, batchId: string, name: string): Promise<SignResult> {
  client.sendBlob(name, pdf);
  return client.request<SignResult>('batch.sign', { batchId, document: { blob: name, name }, placement: { page: -1 } });
}

async function isValid(bytes: Uint8Array, name: string): Promise<boolean> {
  const path = join(agent.dir, name);
  await writeFile(path, bytes);
  return (await validatePdf(path, { rootPath: agent.token!.rootPath, nssDir: agent.token!.nssDir })).allValid;
}

describe('batch signing', () => {
  it('signs the declared documents with one PIN and reports a summary', async () => {
    const client = await TestClient.connect(agent.server.url);
    const begun = await client.request<BatchBeginResult>('batch.begin', {
      certificate: certificateRef(),
      pin: agent.token!.pin,
      count: 3,
    });
    expect(begun.batchId).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(begun.pinPerDocument).toBe(false);
    const results = [];
    for (const name of ['b1.pdf', 'b2.pdf', 'b3.pdf']) results.push(await signInBatch(client, begun.batchId, name));
    for (const [i, r] of results.entries())
      expect(await isValid(client.blobs.get(r.document.blob)!, `batch-${i}.pdf`)).toBe(true);
    const extra = (await signInBatch(client, begun.batchId, 'b4.pdf').catch((e) => e)) as RpcFailure;
    expect(extra.data.code).toBe('BATCH_NOT_FOUND');
    const summary = await client.request<BatchEndResult>('batch.end', { batchId: begun.batchId });
    expect(summary).toMatchObject({ declared: 3, signed: 3, failed: 0, notSigned: 0 });
    await client.close();
  });

  it('keeps a batch to the connection that began it', async () => {
    const owner = await TestClient.connect(agent.server.url);
    const stranger = await TestClient.connect(agent.server.url);
    const { batchId } = await owner.request<BatchBeginResult>('batch.begin', {
      certificate: certificateRef(),
      pin: agent.token!.pin,
      count: 2,
    });
    const error = (await signInBatch(stranger, batchId, 'x.pdf').catch((e) => e)) as RpcFailure;
    expect(error.data.code).toBe('BATCH_NOT_FOUND');
    expect(await owner.request<BatchEndResult>('batch.cancel', { batchId })).toMatchObject({ signed: 0, notSigned: 2 });
    await Promise.all([owner.close(), stranger.close()]);
  });

  it('queues another client on the same token until the batch ends', async () => {
    const batcher = await TestClient.connect(agent.server.url);
    const other = await TestClient.connect(agent.server.url);
    const { batchId } = await batcher.request<BatchBeginResult>('batch.begin', {
      certificate: certificateRef(),
      pin: agent.token!.pin,
      count: 5,
    });
    other.sendBlob('waiting.pdf', pdf);
    let otherDone = false;
    const waiting = other
      .request<SignResult>(
        'pdf.sign',
        { document: { blob: 'waiting.pdf' }, certificate: certificateRef(), pin: agent.token!.pin },
        'w',
      )
      .finally(() => {
        otherDone = true;
      });
    await expect
      .poll(() => other.progress.some((p) => p.requestId === 'w' && p.stage === 'queued' && p.position === 1))
      .toBe(true);
    await signInBatch(batcher, batchId, 'during.pdf');
    expect(otherDone).toBe(false);
    await batcher.request('batch.end', { batchId });
    const result = await waiting;
    expect(await isValid(other.blobs.get(result.document.blob)!, 'after-batch.pdf')).toBe(true);
    await Promise.all([batcher.close(), other.close()]);
  });

  it('expires an idle batch and frees the token', async () => {
    const client = await TestClient.connect(agent.server.url);
    // The agent runs in this process: its idle timer is driven by fake timers instead of waiting it out.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { batchId } = await client.request<BatchBeginResult>('batch.begin', {
      certificate: certificateRef(),
      pin: agent.token!.pin,
      count: 2,
    });
    await vi.advanceTimersByTimeAsync(BATCH_IDLE_MS);
    vi.useRealTimers();
    const error = (await signInBatch(client, batchId, 'late.pdf').catch((e) => e)) as RpcFailure;
    expect(error.data.code).toBe('BATCH_NOT_FOUND');
    client.sendBlob('free.pdf', pdf);
    const ok = await client.request<SignResult>('pdf.sign', {
      document: { blob: 'free.pdf' },
      certificate: certificateRef(),
      pin: agent.token!.pin,
    });
    expect(ok.sha256After).toMatch(/^[0-9a-f]{64}$/);
    await client.close();
  });

  it('on disconnect mid-batch keeps the signed documents (journaled) and cancels the rest', async () => {
    const client = await TestClient.connect(agent.server.url);
    const { batchId } = await client.request<BatchBeginResult>('batch.begin', {
      certificate: certificateRef(),
      pin: agent.token!.pin,
      count: 8,
    });
    const names = Array.from({ length: 8 }, (_, i) => `mid-${i}.pdf`);
    const pending = names.map((name) => signInBatch(client, batchId, name).catch(() => undefined));
    await expect.poll(() => client.blobs.size, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    client.ws.terminate();
    await Promise.all(pending);
    const received = [...client.blobs.values()];
    for (const [i, bytes] of received.entries()) expect(await isValid(bytes, `mid-out-${i}.pdf`)).toBe(true);

    await expect
      .poll(async () => (await readJournal(agent.journalDir)).filter((e) => e.batchId === batchId).length, {
        timeout: 10_000,
      })
      .toBe(8);
    const entries = (await readJournal(agent.journalDir)).filter((e) => e.batchId === batchId);
    const signed = entries.filter((e) => e.result === 'signed');
    expect(signed.length).toBeGreaterThanOrEqual(received.length);
    expect(signed.length).toBeLessThan(8);
    expect(
      entries.filter((e) => e.result !== 'signed').every((e) => e.result === 'cancelled' && e.error === 'CANCELLED'),
    ).toBe(true);

    // The batch logged out and released the token: a new client signs at once.
    const next = await TestClient.connect(agent.server.url);
    next.sendBlob('next.pdf', pdf);
    const ok = await next.request<SignResult>('pdf.sign', {
      document: { blob: 'next.pdf' },
      certificate: certificateRef(),
      pin: agent.token!.pin,
    });
    expect(await isValid(next.blobs.get(ok.document.blob)!, 'next.pdf')).toBe(true);
    await next.close();
  });
});
