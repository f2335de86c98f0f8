/**
 * A request is prepared before it waits for the token: a document that cannot be signed (damaged, page out of
 * range) is answered at once, without a place in the queue and without the PIN ever reaching C_Login. The
 * token is loaded through pkcs11-spy, whose log counts the PKCS#11 calls the agent really makes.
 */

import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchBeginResult, BatchEndResult, CertificateSummary, SignResult } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../agent/src/journal';
import { SOFTHSM_MODULE } from '../fixtures/token';
import { type AgentUnderTest, makePdf, type RpcFailure, startTestAgent, TestClient } from './server-harness';

const SPY_MODULE = '/usr/lib/x86_64-linux-gnu/pkcs11/pkcs11-spy.so';
const spyLog = join(tmpdir(), `kyso-pkcs11-spy-${process.pid}.log`);

let agent: AgentUnderTest;
let client: TestClient;
let pdf: Uint8Array;
let cert: CertificateSummary;

beforeAll(async () => {
  // pkcs11-spy reads these when the agent loads the module (first token request), in this process.
  process.env.PKCS11SPY = SOFTHSM_MODULE;
  process.env.PKCS11SPY_OUTPUT = spyLog;
  agent = await startTestAgent({ withToken: true, modulePath: SPY_MODULE });
  client = await TestClient.connect(agent.server.url);
  pdf = await makePdf(agent.dir, 'one-page');
  const { certificates } = await client.request<{ certificates: CertificateSummary[] }>('certificates.list', {});
  cert = certificates.find((c) => c.id === agent.token!.keys.rsa.idHex)!;
});
afterAll(async () => {
  await client?.close();
  await agent?.stop();
  delete process.env.PKCS11SPY;
  delete process.env.PKCS11SPY_OUTPUT;
  await rm(spyLog, { force: true });
});

async function logins(): Promise<number> {
  if (!existsSync(spyLog)) return 0;
  return (await readFile(spyLog, 'latin1')).match(/C_Login\b/g)?.length ?? 0;
}

function sign(who: TestClient, id: string, bytes: Uint8Array, extra: Record<string, unknown>): Promise<SignResult> {
  who.sendBlob(id, bytes);
  return who.request<SignResult>(
    'pdf.sign',
    { document: { blob: id, name: `${id}.pdf` }, certificate: { token: cert.token, id: cert.id }, ...extra },
    id,
  );
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: RpcFailure) => e,
  );

describe('pdf.sign prepares the document before the token and the PIN', () => {
  it('loads the token through pkcs11-spy', () => {
    expect(cert.token.endsWith(`@${SPY_MODULE}`)).toBe(true);
  });

  it('answers a damaged PDF sent with a wrong PIN with the PDF error and makes no C_Login', async () => {
    const before = await logins();
    const damaged = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n');
    const error = await failureOf(sign(client, 'damaged', damaged, { placement: { page: 1 }, pin: '000000' }));
    expect(error?.data.code).toBe('PDF_MALFORMED');
    expect(await logins()).toBe(before);
    const entry = (await readJournal(agent.journalDir)).find((e) => e.document === 'damaged.pdf');
    expect(entry).toMatchObject({ result: 'failed', error: 'PDF_MALFORMED' });
  });

  it('answers PAGE_OUT_OF_RANGE at once while another client holds the token, without queueing', async () => {
    const holder = await TestClient.connect(agent.server.url);
    const { batchId } = await holder.request<BatchBeginResult>('batch.begin', {
      certificate: { token: cert.token, id: cert.id },
      pin: agent.token!.pin,
      count: 1,
    });
    const before = await logins();
    const error = await failureOf(sign(client, 'page-9', pdf, { placement: { page: 9 }, pin: '000000' }));
    expect(error?.data.code).toBe('PAGE_OUT_OF_RANGE');
    expect(client.progress.filter((p) => p.requestId === 'page-9').map((p) => p.stage)).not.toContain('queued');
    expect(await logins()).toBe(before);
    await holder.request('batch.end', { batchId });
    await holder.close();
  });

  it('still logs in exactly once for a good document (the spy log counts)', async () => {
    const before = await logins();
    const result = await sign(client, 'good', pdf, { placement: { page: 1 }, pin: agent.token!.pin });
    expect(result.signer).toBe(agent.token!.keys.rsa.commonName);
    expect(await logins()).toBe(before + 1);
    const stages = client.progress.filter((p) => p.requestId === 'good').map((p) => p.stage);
    expect(stages.indexOf('preparing')).toBeLessThan(stages.indexOf('waiting-for-token'));
  });

  it('answers a wrong PIN with a good document after one C_Login, never retried', async () => {
    const before = await logins();
    const error = await failureOf(sign(client, 'wrong-pin', pdf, { placement: { page: 1 }, pin: '000000' }));
    expect(error?.data.code).toBe('PIN_INCORRECT');
    expect(await logins()).toBe(before + 1);
  });

  it('answers a damaged PDF in a batch at once and counts it as failed; the batch goes on', async () => {
    const batcher = await TestClient.connect(agent.server.url);
    const { batchId } = await batcher.request<BatchBeginResult>('batch.begin', {
      certificate: { token: cert.token, id: cert.id },
      pin: agent.token!.pin,
      count: 2,
    });
    const inBatch = (id: string, bytes: Uint8Array) => {
      batcher.sendBlob(id, bytes);
      return batcher.request<SignResult>('batch.sign', { batchId, document: { blob: id }, placement: { page: 1 } }, id);
    };
    const damaged = inBatch('b-damaged', Buffer.from('%PDF-1.7\nnot a pdf\n%%EOF\n'));
    const good = inBatch('b-good', pdf);
    expect((await failureOf(damaged))?.data.code).toBe('PDF_MALFORMED');
    expect((await good).signer).toBe(agent.token!.keys.rsa.commonName);
    expect(await batcher.request<BatchEndResult>('batch.end', { batchId })).toMatchObject({ signed: 1, failed: 1 });
    await batcher.close();
  });
});
