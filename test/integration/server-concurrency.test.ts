/**
 * 20 clients × 5 signatures on one token at once: every output is valid, nothing crashes, and the token's
 * queue keeps arrival order (each client's requests finish in the order it sent them; positions only shrink).
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertificateSummary, ProgressParams, SignResult } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../agent/src/journal';
import { validatePdf } from '../fixtures/validate';
import { type AgentUnderTest, makePdf, startTestAgent, TestClient } from './server-harness';

const CLIENTS = 20;
const PER_CLIENT = 5;

let agent: AgentUnderTest;

beforeAll(async () => {
  agent = await startTestAgent({ withToken: true });
});
afterAll(async () => agent?.stop());

/** Runs `work` over `items` with at most `limit` at a time (pdfsig + openssl per file are processes). */
async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

describe('concurrent clients on one token', () => {
  it(`signs ${CLIENTS}×${PER_CLIENT} documents, all valid, in queue order per client`, async () => {
    const pdf = await makePdf(agent.dir, 'concurrent');
    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => TestClient.connect(agent.server.url)));
    const { certificates } = await clients[0]!.request<{ certificates: CertificateSummary[] }>('certificates.list', {});
    const cert = certificates.find((c) => c.keyType === 'EC')!;
    const requests = clients.flatMap((client, c) =>
      Array.from({ length: PER_CLIENT }, (_, d) => {
        const name = `c${c}-d${d}.pdf`;
        client.sendBlob(name, pdf);
        return client.request<SignResult>(
          'pdf.sign',
          { document: { blob: name, name }, certificate: { token: cert.token, id: cert.id }, pin: agent.token!.pin },
          `req-${d}`,
        );
      }),
    );
    const results = await Promise.all(requests);
    expect(results).toHaveLength(CLIENTS * PER_CLIENT);

    // Each client's requests arrived in order on one socket: the queue must finish them in that order.
    const journal = (await readJournal(agent.journalDir)).filter((e) => e.result === 'signed');
    expect(journal).toHaveLength(CLIENTS * PER_CLIENT);
    for (let c = 0; c < CLIENTS; c++) {
      const mine = journal.filter((e) => e.document.startsWith(`c${c}-`)).map((e) => e.document);
      expect(mine).toEqual(Array.from({ length: PER_CLIENT }, (_, d) => `c${c}-d${d}.pdf`));
    }
    // A waiting request only ever moves forward.
    for (const client of clients) assertPositionsShrink(client.progress);

    const files = results.map((result, i) => ({
      i,
      bytes: clients[Math.floor(i / PER_CLIENT)]!.blobs.get(result.document.blob)!,
    }));
    const verdicts = await inPool(files, 8, async ({ i, bytes }) => {
      const path = join(agent.dir, `out-${i}.pdf`);
      await writeFile(path, bytes);
      return validatePdf(path, { rootPath: agent.token!.rootPath, nssDir: agent.token!.nssDir });
    });
    expect(verdicts.filter((v) => !v.allValid).map((v) => v.pdfsigOutput)).toEqual([]);
    await Promise.all(clients.map((c) => c.close()));
  });
});

function assertPositionsShrink(progress: ProgressParams[]): void {
  const byRequest = new Map<string | number, number[]>();
  for (const p of progress) {
    if (p.stage !== 'queued' || p.position === undefined) continue;
    byRequest.set(p.requestId, [...(byRequest.get(p.requestId) ?? []), p.position]);
  }
  for (const positions of byRequest.values()) {
    for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeLessThan(positions[i - 1]!);
  }
}
