/**
 * The /Contents placeholder is sized by a dry run of the CMS (ISO 32000-1 §12.8.1: its size is fixed before the
 * ranges are hashed). Real parts: keys on a SoftHSM token, a nine-certificate RSA-4096 chain, the openssl TSA on
 * 127.0.0.1, and the signed files checked by pdfsig, openssl cms and qpdf. Each case signs without overflow and
 * leaves no more unused room than the stated margins.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CertificateSummary, SignatureScheme, SignResult } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSignatureTimeStamp } from '../../agent/src/cms';
import { isolatedPreparation } from '../../agent/src/server/isolation';
import { signingStages } from '../../agent/src/server/signing-stages';
import * as signingModule from '../../agent/src/signing';
import { finishSigning, prepareSigning, TIME_STAMP_MARGIN } from '../../agent/src/signing';
import { TokenSigner } from '../../agent/src/token';
import { appearanceFont } from '../fixtures/appearance-font';
import { createLongChain, type LongChain } from '../fixtures/long-chain';
import { createTestToken, type TestToken } from '../fixtures/token';
import { type OpenTestToken, openTokenInProcess } from '../fixtures/token-session';
import { startTestTsa, type TestTsa } from '../fixtures/tsa';
import { extractContents, findByteRanges, type TrustAnchors, validatePdf } from '../fixtures/validate';
import { EXTENSION_ORIGIN, makePdf, type RpcFailure, startTestAgent, TestClient } from './server-harness';

/** What an RSA key measured with the PSS identifier leaves over PKCS#1 v1.5 (its NULL parameters), rounded up. */
const ALGORITHM_SLACK = 64;

let token: TestToken;
let tsa: TestTsa;
let long: LongChain;
/** A TSA whose certificate sits under the nine-certificate chain: its tokens carry all of it. */
let longTsa: TestTsa;
/** The token opened in this process, after the long chain's key was added to it. */
let opened: OpenTestToken;
let pdf: Uint8Array;

interface Case {
  name: string;
  label: 'rsa' | 'ec' | 'long';
  chain: () => Uint8Array[];
  tsa?: () => TestTsa;
  scheme?: SignatureScheme;
  trust: () => TrustAnchors;
}

async function sign(c: Case) {
  const cert = opened.certificate(c.label);
  const chain = c.chain();
  const prepared = await prepareSigning(
    {
      document: pdf,
      signerCertificate: { certificate: cert.der, chain },
      placement: { pageIndex: 0 },
      timestamp: c.tsa ? { url: c.tsa().url, timeoutMs: 30_000 } : undefined,
    },
    appearanceFont,
  );
  const signed = await finishSigning(prepared, new TokenSigner(opened.session, cert, { chain, scheme: c.scheme }));
  const path = join(token.dir, `${c.name.replace(/\W+/g, '-')}.pdf`);
  const file = Buffer.concat(signed.parts);
  writeFileSync(path, file);
  const cms = extractContents(file, findByteRanges(file)[0]!);
  return { reserved: prepared.update.contentsHexLength / 2, cms, path, signed };
}

const tokenTrust = () => ({ rootPath: token.rootPath, nssDir: token.nssDir });
const longTrust = () => ({ rootPath: long.rootPath, nssDir: long.nssDir });

describe('placeholder sized by a dry run', () => {
  beforeAll(async () => {
    token = await createTestToken();
    long = await createLongChain(token, 8);
    [tsa, longTsa] = await Promise.all([startTestTsa(token), startTestTsa(long)]);
    opened = await openTokenInProcess(token);
    pdf = await makePdf(token.dir, 'placeholder');
  }, 300_000); // nine RSA-4096 keys: tens of seconds on two busy cores

  afterAll(async () => {
    await opened?.close();
    await Promise.all([tsa?.close(), longTsa?.close()]);
    await token?.cleanup();
  });

  it.each<Case>([
    { name: 'one RSA certificate', label: 'rsa', chain: () => [], trust: tokenTrust },
    { name: 'one EC certificate', label: 'ec', chain: () => [], trust: tokenTrust },
  ])('$name without a time-stamp: the reserve is the CMS, give or take its algorithm identifier', async (c) => {
    const { reserved, cms, path } = await sign(c);
    expect(cms.length).toBeLessThanOrEqual(reserved);
    expect(reserved - cms.length).toBeLessThanOrEqual(ALGORITHM_SLACK);
    // pdfsig cannot build a path without the intermediate: integrity is what this case is about.
    const verdict = await validatePdf(path, c.trust());
    expect(verdict.qpdf.ok, verdict.qpdf.output).toBe(true);
    expect(verdict.signatures[0]?.pdfsig.signatureValid, verdict.pdfsigOutput).toBe(true);
  });

  it.each<Case>([
    {
      name: 'the token chain and a time-stamp',
      label: 'rsa',
      chain: () => token.chainDer,
      tsa: () => tsa,
      trust: tokenTrust,
    },
    {
      name: 'nine RSA-4096 certificates and a time-stamp',
      label: 'long',
      chain: () => long.chainDer,
      tsa: () => tsa,
      trust: longTrust,
    },
    {
      // B-LTA-sized: the largest chain the agent builds (signer + 8 issuers), RSA-PSS, and a time-stamp token that
      // carries a nine-certificate chain of its own.
      name: 'nine RSA-4096 certificates, RSA-PSS and a time-stamp carrying nine more',
      label: 'long',
      chain: () => long.chainDer,
      tsa: () => longTsa,
      scheme: 'RSA-PSS',
      trust: longTrust,
    },
  ])('$name: fits, validates, and leaves at most the time-stamp margin unused', async (c) => {
    const { reserved, cms, path, signed } = await sign(c);
    expect(signed.timestamped).toBe(true);
    expect(cms.length).toBeLessThanOrEqual(reserved);
    expect(reserved - cms.length).toBeLessThanOrEqual(TIME_STAMP_MARGIN + ALGORITHM_SLACK);
    const stamp = await checkSignatureTimeStamp(new Uint8Array(cms));
    expect(stamp?.valid, stamp?.error).toBe(true);
    if (c.tsa?.() === longTsa) expect(stamp?.certificates.length).toBeGreaterThanOrEqual(9);
    const verdict = await validatePdf(path, c.trust());
    expect(verdict.allValid, verdict.pdfsigOutput + verdict.signatures[0]?.openssl.output).toBe(true);
  });

  it('asks the TSA for a sample once, then once per signature', async () => {
    const c: Case = {
      name: 'sample reused',
      label: 'ec',
      chain: () => token.chainDer,
      tsa: () => tsa,
      trust: tokenTrust,
    };
    await sign(c); // the sample for this TSA and hash may already be kept from the cases above
    const before = tsa.requests;
    await sign(c);
    await sign(c);
    expect(tsa.requests - before).toBe(2);
  });
});

describe('measured outside the parse worker', () => {
  it('a TSA slower than the worker deadline delays the signature but is not taken for a too complex PDF', async () => {
    // Deadline 8 s for parsing (a one-page PDF takes well under 1 s); the optional TSA hangs for its 10 s timeout,
    // twice (sample, then signature). Measured inside the worker, the sample alone would overrun the deadline.
    const isolated = isolatedPreparation({ deadlineMs: 8_000, maxHeapMb: 256 });
    const slowPki = await createTestToken({ label: 'Slow TSA PKI' });
    const slow = await startTestTsa(slowPki);
    slow.mode = 'hang';
    const agent = await startTestAgent({
      withToken: true,
      override: {
        timestamp: { url: slow.url, timeoutMs: 10_000, optional: true },
        signing: signingStages(async () => signingModule, isolated.draft),
      },
    });
    const client = await TestClient.connect(agent.server.url, EXTENSION_ORIGIN);
    try {
      const { certificates } = await client.request<{ certificates: CertificateSummary[] }>('certificates.list', {});
      const cert = certificates.find((c) => c.id === agent.token!.keys.ec.idHex)!;
      client.sendBlob('slow-tsa', await makePdf(agent.dir, 'slow-tsa'));
      const result = await client
        .request<SignResult>('pdf.sign', {
          document: { blob: 'slow-tsa', name: 'slow-tsa.pdf' },
          certificate: { token: cert.token, id: cert.id },
          pin: agent.token!.pin,
        })
        .catch((error: RpcFailure) => error.data?.code ?? String(error));
      if (typeof result === 'string') throw new Error(`pdf.sign failed with ${result}`);
      expect(result.timestamped).toBe(false);
      expect(result.warnings.map((w) => w.code)).toEqual(['TIMESTAMP_SKIPPED']);
      expect(slow.requests).toBe(2);
    } finally {
      await client.close();
      await agent.stop();
      await slow.close();
      await slowPki.cleanup();
    }
  });
});
