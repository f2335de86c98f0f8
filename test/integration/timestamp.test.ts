/**
 * PAdES B-T: `kyso-agent sign --tsa URL` puts an RFC 3161 time-stamp over the signature value, checked with
 * `openssl ts -verify` against the test PKI; a TSA that fails or hangs gives a clear error, or a signature without
 * a time-stamp and a warning when the time-stamp is optional.
 */

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertificateSummary, SignResult } from '@kyso/shared';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTimeStampRequest, timeStampTokenFrom } from '../../agent/src/cms';
import { httpTimeStampTransport } from '../../agent/src/signing';
import { ghostscriptTextPdf } from '../fixtures/pdf-tools';
import { createTestToken, type TestToken } from '../fixtures/token';
import { startTestTsa, type TestTsa } from '../fixtures/tsa';
import { extractContents, findByteRanges, validatePdf } from '../fixtures/validate';
import { ensureCliBuilt, runCliAsync } from './cli-helpers';
import { EXTENSION_ORIGIN, makePdf, startTestAgent, TestClient } from './server-harness';

const SIGNATURE_TIME_STAMP = '1.2.840.113549.1.9.16.2.14';

/** The signature value and the time-stamp token (if any) of the PDF's first signature. */
function signatureParts(pdf: Buffer): { signature: Uint8Array; token?: Uint8Array } {
  const cms = extractContents(pdf, findByteRanges(pdf)[0]!);
  const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(new Uint8Array(cms)).result });
  const signerInfo = new pkijs.SignedData({ schema: info.content }).signerInfos[0]!;
  const attr = signerInfo.unsignedAttrs?.attributes.find((a) => a.type === SIGNATURE_TIME_STAMP);
  const token = attr ? new Uint8Array(attr.values[0]!.toBER(false)) : undefined;
  return { signature: new Uint8Array(signerInfo.signature.valueBlock.valueHexView), token };
}

describe('time-stamped signatures (PAdES B-T)', () => {
  let token: TestToken;
  let tsa: TestTsa;
  const dir = mkdtempSync(join(tmpdir(), 'kyso-tsa-test-'));
  const input = join(dir, 'in.pdf');
  const env = () => ({ SOFTHSM2_CONF: token.confPath, KYSO_PIN: token.pin });
  const base = () => ['--module', token.modulePath, '--chain', token.intermediatePath, '--in', input];
  /** `openssl ts -verify` of a time-stamp token over the hex digest, against the test root and the TSA's chain. */
  const opensslTsVerify = (tokenPath: string, digestHex: string) =>
    execFileSync(
      'openssl',
      [
        'ts',
        '-verify',
        '-in',
        tokenPath,
        '-token_in',
        '-digest',
        digestHex,
        '-CAfile',
        token.rootPath,
        '-untrusted',
        tsa.chainPath,
      ],
      { encoding: 'utf8', stdio: 'pipe' },
    );

  beforeAll(async () => {
    ensureCliBuilt();
    token = await createTestToken();
    tsa = await startTestTsa(token);
    ghostscriptTextPdf(input, 'Cong van');
  });

  afterAll(async () => {
    await tsa?.close();
    if (!process.env.KYSO_KEEP_TEST_FILES) rmSync(dir, { recursive: true, force: true });
    await token?.cleanup();
  });

  it('time-stamps the signature value and the token verifies with openssl ts', async () => {
    tsa.mode = 'ok';
    const out = join(dir, 'stamped.pdf');
    const r = await runCliAsync(['sign', ...base(), '--out', out, '--tsa', tsa.url], env());
    expect(r.status, r.stderr).toBe(0);
    expect((await validatePdf(out, token)).allValid).toBe(true);
    const { signature, token: stamp } = signatureParts(readFileSync(out));
    expect(stamp).toBeDefined();
    const tokenPath = join(dir, 'stamp.tst');
    writeFileSync(tokenPath, stamp!);
    const digest = createHash('sha256').update(signature).digest('hex');
    expect(opensslTsVerify(tokenPath, digest)).toContain('Verification: OK');
    const report = await runCliAsync(['verify', out, '--trust', token.rootPath, '--json']);
    expect(report.status, report.stdout).toBe(0);
    const sig = JSON.parse(report.stdout).signatures[0];
    expect(sig.timestamp.valid).toBe(true);
    expect(sig.timestamp.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    // The imprint is over the signature value, not over anything else: another digest must fail.
    expect(() => opensslTsVerify(tokenPath, '00'.repeat(32))).toThrow();
  });

  it.each([0x00, 0x01].flatMap((first) => [0x00, 0x7f, 0x80, 0xff].map((second) => [first, second])))(
    'the OpenSSL TSA grants a request whose random nonce starts %i, %i (minimal DER, was refused 1 in 256)',
    async (first, second) => {
      tsa.mode = 'ok';
      const random = new Uint8Array([first!, second!, 0x63, 0xc8, 0x5a, 0x5a, 0x5a, 0x5a]);
      const request = buildTimeStampRequest(new Uint8Array([first!, second!]), 'SHA-256', random);
      const reply = await httpTimeStampTransport({ url: tsa.url, timeoutMs: 30_000 })(request.der);
      // Status granted, our imprint and our nonce echoed back: otherwise this throws TSA_INVALID_RESPONSE.
      expect(timeStampTokenFrom(reply, request).length).toBeGreaterThan(500);
    },
  );

  it('reports a time-stamp whose TSA signature was altered as invalid (unsigned, so the signature itself stays intact)', async () => {
    tsa.mode = 'ok';
    const signed = join(dir, 'stamp-for-tamper.pdf');
    expect((await runCliAsync(['sign', ...base(), '--out', signed, '--tsa', tsa.url], env())).status).toBe(0);
    const pdf = readFileSync(signed);
    const range = findByteRanges(pdf)[0]!;
    const cms = extractContents(pdf, range);
    const stamp = signatureParts(pdf).token!;
    // The token ends with its SignerInfo's signature value: change its last byte inside the /Contents hex.
    const at = range[0] + range[1] + 1 + 2 * (cms.indexOf(Buffer.from(stamp)) + stamp.length - 1);
    pdf[at + 1] = pdf[at + 1] === 0x30 ? 0x31 : 0x30;
    const tampered = join(dir, 'stamp-tampered.pdf');
    writeFileSync(tampered, pdf);
    const report = await runCliAsync(['verify', tampered, '--trust', token.rootPath, '--json']);
    expect(report.status).toBe(1);
    const sig = JSON.parse(report.stdout).signatures[0];
    expect(sig.integrity).toBe(true);
    expect(sig.timestamp.valid).toBe(false);
  });

  it('fails with TSA_UNAVAILABLE and writes nothing when the TSA errors and the time-stamp is required', async () => {
    tsa.mode = 'http-error';
    const out = join(dir, 'required.pdf');
    const r = await runCliAsync(['sign', ...base(), '--out', out, '--tsa', tsa.url], env());
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^TSA_UNAVAILABLE: /);
    expect(existsSync(out)).toBe(false);
  });

  it('signs without a time-stamp, with a warning, when an optional TSA does not answer in time', async () => {
    // The TSA never answers: the signature finishes at all only because the 800 ms timeout fired.
    tsa.mode = 'hang';
    const out = join(dir, 'optional.pdf');
    const r = await runCliAsync(
      ['sign', ...base(), '--out', out, '--tsa', tsa.url, '--tsa-timeout', '800', '--tsa-optional'],
      env(),
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/TSA_UNAVAILABLE/);
    expect((await validatePdf(out, token)).allValid).toBe(true);
    expect(signatureParts(readFileSync(out)).token).toBeUndefined();
  });

  it('refuses a TSA address that is not http(s)', async () => {
    const r = await runCliAsync(['sign', ...base(), '--out', join(dir, 'x.pdf'), '--tsa', 'file:///etc/passwd'], env());
    expect(r.stderr).toMatch(/^INVALID_ARGUMENT: /);
  });
});

describe('time-stamps configured for the agent service', () => {
  it('time-stamps what pdf.sign signs when IT configured a TSA, and says so in the result', async () => {
    // The TSA has its own PKI, as a national TSA would: only the agent's configuration names it.
    const tsaPki = await createTestToken({ label: 'TSA PKI' });
    const tsa = await startTestTsa(tsaPki);
    const agent = await startTestAgent({
      withToken: true,
      override: { timestamp: { url: tsa.url, timeoutMs: 10_000 } },
    });
    const client = await TestClient.connect(agent.server.url, EXTENSION_ORIGIN);
    try {
      const pdf = await makePdf(agent.dir, 'to-stamp');
      const { certificates } = await client.request<{ certificates: CertificateSummary[] }>('certificates.list', {});
      const cert = certificates.find((c) => c.id === agent.token!.keys.rsa.idHex)!;
      client.sendBlob('doc-ts', pdf);
      const result = await client.request<SignResult>('pdf.sign', {
        document: { blob: 'doc-ts', name: 'to-stamp.pdf' },
        certificate: { token: cert.token, id: cert.id },
        pin: agent.token!.pin,
      });
      expect(result).toMatchObject({ timestamped: true, warnings: [] });
      // One sample for sizing the placeholder (prepare), one over the signature value.
      expect(tsa.requests).toBe(2);
      const path = join(agent.dir, 'stamped-over-socket.pdf');
      writeFileSync(path, client.blobs.get(result.document.blob)!);
      expect((await validatePdf(path, agent.token!)).allValid).toBe(true);
      expect(signatureParts(readFileSync(path)).token).toBeDefined();
    } finally {
      await client.close();
      await agent.stop();
      await tsa.close();
      await tsaPki.cleanup();
    }
  });
});
