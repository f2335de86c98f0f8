/**
 * 200 RFC 3161 time-stamps in a row through the signing path's time-stamp stage (request → HTTP → token checks)
 * against the real `openssl ts -reply` TSA of the tests. A nonce that is not minimal DER made 1 request in 256
 * fail; here every one must be granted. Prints one JSON line. Run through scripts/bench.mjs.
 */
import { randomBytes } from 'node:crypto';
import { signatureTimeStamp } from '../agent/src/cms';
import { httpTimeStampTransport } from '../agent/src/signing';
import { createTestToken } from '../test/fixtures/token';
import { startTestTsa } from '../test/fixtures/tsa';

const COUNT = Number(process.argv[2] ?? 200);

async function main() {
  const pki = await createTestToken({ label: 'TSA bench' });
  const tsa = await startTestTsa(pki);
  const failures: string[] = [];
  let granted = 0;
  const started = performance.now();
  try {
    const stamp = signatureTimeStamp(httpTimeStampTransport({ url: tsa.url, timeoutMs: 30_000 }));
    for (let i = 0; i < COUNT; i++) {
      try {
        const attribute = await stamp.provide(randomBytes(256), 'SHA-256');
        if (attribute) granted++;
      } catch (error) {
        failures.push(
          `${(error as { code?: string }).code ?? 'ERROR'} ${JSON.stringify((error as { details?: unknown }).details)}`,
        );
      }
    }
  } finally {
    await tsa.close();
    await pki.cleanup();
  }
  const totalMs = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({ requests: COUNT, granted, failed: failures.length, totalMs, msPerStamp: totalMs / COUNT, tsaRequests: tsa.requests, failures: failures.slice(0, 5) })}\n`,
  );
  if (failures.length > 0) process.exitCode = 1;
}

main();
