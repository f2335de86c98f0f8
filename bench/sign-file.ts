/**
 * One benchmark run in its own process (so peak RSS is this file's alone): sign FILE with the SoftHSM token and
 * compare the wall time, token time excluded, with SHA-256 over the same bytes in this process.
 * Prints one JSON line. Run through scripts/bench.mjs.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import type { HashAlgorithm, Signer } from '@kyso/shared';
import { completeChain, finishSigning, prepareSigning, writeFileAtomically } from '../agent/src/signing';
import { listCertificates, loadModule, TokenSigner } from '../agent/src/token';
import { appearanceFont } from '../test/fixtures/appearance-font';

const [file, warmup, modulePath, pin, intermediatePem] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];

async function main() {
  const module = loadModule(modulePath);
  const session = module.openToken();
  await session.login(pin);
  const cert = (await listCertificates(session)).find((c) => c.privateKey && c.keyType === 'RSA')!;
  const chain = completeChain(cert.der, [
    new Uint8Array(Buffer.from(intermediatePem.replace(/-----[^-]+-----|\s/g, ''), 'base64')),
  ]);
  const token = new TokenSigner(session, cert, { chain });
  let tokenMs = 0;
  const timed: Signer = {
    certificate: token.certificate,
    chain: token.chain,
    scheme: token.scheme,
    async signDigest(digest: Uint8Array, hash: HashAlgorithm) {
      const t = performance.now();
      try {
        return await token.signDigest(digest, hash);
      } finally {
        tokenMs += performance.now() - t;
      }
    },
  };
  const document = readFileSync(file);
  let writeMs = 0;
  const signOnce = async (input: Uint8Array, out: string) => {
    const prepared = await prepareSigning(
      {
        document: input,
        signerCertificate: { certificate: cert.der, chain },
        placement: process.env.BENCH_INVISIBLE ? { invisible: true } : { pageIndex: 0 },
      },
      appearanceFont,
    );
    const signed = await finishSigning(prepared, timed);
    const w = performance.now();
    writeFileAtomically(out, signed.parts);
    writeMs = performance.now() - w;
  };
  // Warm-up on a one-page file: font subsetting, pkijs and JIT start-up are paid once per agent run.
  let t = performance.now();
  await signOnce(readFileSync(warmup), `${file}.warm.pdf`);
  const coldMs = performance.now() - t - tokenMs;
  rmSync(`${file}.warm.pdf`);

  t = performance.now();
  createHash('sha256').update(document).digest();
  const hashMs = performance.now() - t;

  const out = `${file}.signed.pdf`;
  tokenMs = 0;
  t = performance.now();
  await signOnce(document, out);
  const signMs = performance.now() - t - tokenMs;
  rmSync(out);
  module.close();
  const maxRssMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ file, bytes: document.length, hashMs, signMs, writeMs, coldMs, tokenMs, maxRssMiB })}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
