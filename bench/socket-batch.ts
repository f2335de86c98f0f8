/**
 * Batch of N one-page documents over the socket with one login, against signing the same documents in-process
 * with the same logged-in key. Prints one JSON line: documents per second both ways and their ratio
 * (target: ratio ≥ 0.8 and ≥ 50 documents/s on SoftHSM). Run through scripts/bench.mjs:
 *   node socket-batch.cjs MODULE PIN INTERMEDIATE.pem ONE-PAGE.pdf [N]   (SOFTHSM2_CONF set)
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchBeginResult, CertificateSummary, SignResult } from '@kyso/shared';
import { Journal } from '../agent/src/journal';
import { startServer } from '../agent/src/server';
import { silentLogger } from '../agent/src/server/logger';
import { signingStages } from '../agent/src/server/signing-stages';
import {
  completePreparation,
  draftSignature,
  finishSigning,
  measurePlaceholder,
  planDocument,
  signData,
  signDocument,
  verifyDocument,
} from '../agent/src/signing';
import { Pkcs11Backend } from '../agent/src/signing/token-backend';
import { appearanceFont } from '../test/fixtures/appearance-font';
import { EXTENSION_ORIGIN, TestClient } from '../test/integration/server-harness';

const [modulePath, pin, intermediatePath, pdfPath, countArg] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string?,
];
const COUNT = Number(countArg ?? 100);
/** Requests in flight on the socket: the per-connection operation limit of the default configuration. */
const WINDOW = Number(process.env.BENCH_WINDOW ?? 8);

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-bench-socket-'));
  const pdf = new Uint8Array(readFileSync(pdfPath));
  const tokens = new Pkcs11Backend({ modules: [modulePath], discover: false, chainFiles: [intermediatePath] });
  const server = await startServer({
    port: 0,
    allowedOrigins: [EXTENSION_ORIGIN],
    limits: {
      maxDocumentBytes: 100 << 20,
      maxTextFrameBytes: 1 << 20,
      maxMessagesPerSecond: 10_000,
      maxConcurrentOperations: WINDOW,
      idleTimeoutMs: 600_000,
      maxConnections: 8,
      maxPendingBlobs: 2 * WINDOW,
      batchIdleTimeoutMs: 600_000,
    },
    tokens,
    journal: new Journal(join(dir, 'journal')),
    logger: silentLogger(),
    signing: signingStages(
      async () => ({ draftSignature, finishSigning, signData, completePreparation, measurePlaceholder }),
      appearanceFont,
    ),
    verifyDocument,
    planDocument: async (input) => planDocument(input, appearanceFont),
  });
  const client = await TestClient.connect(server.url);
  const { certificates } = await client.request<{ certificates: CertificateSummary[] }>('certificates.list', {});
  const cert = certificates.find((c) => c.keyType === 'RSA') ?? certificates[0];
  if (!cert) throw new Error('no certificate on the token');
  const ref = { token: cert.token, id: cert.id };

  // Warm-up outside the measurement (fonts, pkijs, JIT are paid once per agent run), over both paths.
  const warm = await tokens.openSession(ref, Buffer.from(pin));
  for (let i = 0; i < 20; i++)
    await signDocument({ document: pdf, signer: warm.signer(), placement: { pageIndex: 0 } }, appearanceFont);
  await warm.close();
  client.sendBlob('warm', pdf);
  await client.request<SignResult>('pdf.sign', {
    document: { blob: 'warm' },
    certificate: ref,
    pin,
    placement: { page: 1 },
  });

  const inProcess = async () => {
    const session = await tokens.openSession(ref, Buffer.from(pin));
    const t = performance.now();
    for (let i = 0; i < COUNT; i++) {
      await signDocument({ document: pdf, signer: session.signer(), placement: { pageIndex: 0 } }, appearanceFont);
    }
    const ms = performance.now() - t;
    await session.close();
    return ms;
  };
  const overSocket = async () => {
    const t = performance.now();
    const { batchId } = await client.request<BatchBeginResult>('batch.begin', { certificate: ref, pin, count: COUNT });
    let next = 0;
    const worker = async () => {
      while (next < COUNT) {
        const i = next++;
        client.sendBlob(`d${i}`, pdf);
        const result = await client.request<SignResult>('batch.sign', {
          batchId,
          document: { blob: `d${i}` },
          placement: { page: 1 },
        });
        client.blobs.delete(result.document.blob);
      }
    };
    await Promise.all(Array.from({ length: WINDOW }, worker));
    await client.request('batch.end', { batchId });
    return performance.now() - t;
  };
  // Alternating rounds, best of each: heap growth and JIT make whichever runs first look slower.
  const rounds = { inProcess: [] as number[], socket: [] as number[] };
  for (let round = 0; round < 2; round++) {
    rounds.inProcess.push(await inProcess());
    rounds.socket.push(await overSocket());
  }
  const inProcessMs = Math.min(...rounds.inProcess);
  const socketMs = Math.min(...rounds.socket);
  await client.close();

  await server.close();
  await tokens.close();
  rmSync(dir, { recursive: true, force: true });
  const socketDocsPerSecond = (COUNT * 1000) / socketMs;
  const inProcessDocsPerSecond = (COUNT * 1000) / inProcessMs;
  const ratio = socketDocsPerSecond / inProcessDocsPerSecond;
  process.stdout.write(
    `${JSON.stringify({ documents: COUNT, window: WINDOW, socketMs, inProcessMs, socketDocsPerSecond, inProcessDocsPerSecond, ratio })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
