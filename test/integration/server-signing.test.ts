/**
 * Signing over the socket with a real SoftHSM token: an allowed client signs a PDF and pdfsig + openssl accept
 * it; a wrong PIN is reported once and never retried; every attempt is journaled without PIN or content.
 */

import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CertificateSummary, SignResult, TokenInfo, VerifyResult } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal } from '../../agent/src/journal';
import { validatePdf } from '../fixtures/validate';
import { type AgentUnderTest, makePdf, type RpcFailure, startTestAgent, TestClient } from './server-harness';

let agent: AgentUnderTest;
let client: TestClient;
let pdf: Uint8Array;

beforeAll(async () => {
  agent = await startTestAgent({ withToken: true });
  client = await TestClient.connect(agent.server.url);
  pdf = await makePdf(agent.dir, 'letter');
});
afterAll(async () => {
  await client?.close();
  await agent?.stop();
});

async function certificate(kind: 'rsa' | 'ec'): Promise<CertificateSummary> {
  const { certificates } = await client.request<{ certificates: CertificateSummary[] }>('certificates.list', {});
  const found = certificates.find((c) => c.id === agent.token!.keys[kind].idHex);
  if (!found) throw new Error(`no ${kind} certificate in ${JSON.stringify(certificates)}`);
  return found;
}

describe('tokens and certificates', () => {
  it('lists the SoftHSM token with its PIN flags', async () => {
    const { tokens } = await client.request<{ tokens: TokenInfo[] }>('tokens.list', {});
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ label: agent.token!.label, pinLocked: false, module: agent.token!.modulePath });
  });

  it('lists both certificates with subject, issuer, validity and key usage', async () => {
    const rsa = await certificate('rsa');
    expect(rsa).toMatchObject({ keyType: 'RSA', commonName: 'Nguyễn Văn An' });
    expect(rsa.issuer).toContain('KySo Test Issuing CA');
    expect(rsa.keyUsage).toEqual(expect.arrayContaining(['digitalSignature', 'nonRepudiation']));
    expect(Date.parse(rsa.notAfter)).toBeGreaterThan(Date.now());
    expect(rsa.warning).toBeUndefined();
    expect((await certificate('ec')).keyType).toBe('EC');
  });
});

describe('pdf.sign over the socket', () => {
  it('signs a PDF that pdfsig and openssl validate, and journals it', async () => {
    const cert = await certificate('rsa');
    client.sendBlob('doc-1', pdf);
    const result = await client.request<SignResult>('pdf.sign', {
      document: { blob: 'doc-1', name: 'letter.pdf' },
      certificate: { token: cert.token, id: cert.id },
      placement: { page: 1 },
      pin: agent.token!.pin,
    });
    const signed = client.blobs.get(result.document.blob);
    expect(signed).toBeDefined();
    expect(Buffer.from(signed!.subarray(0, pdf.length)).equals(Buffer.from(pdf))).toBe(true);
    const path = join(agent.dir, 'signed.pdf');
    await writeFile(path, signed!);
    const verdict = await validatePdf(path, { rootPath: agent.token!.rootPath, nssDir: agent.token!.nssDir });
    expect(verdict.allValid, verdict.pdfsigOutput).toBe(true);

    const entries = await readJournal(agent.journalDir);
    const entry = entries.find((e) => e.sha256After === result.sha256After);
    expect(entry).toMatchObject({ result: 'signed', document: 'letter.pdf', sha256Before: result.sha256Before });
    expect(entry?.certificate?.serial).toBe(cert.serial);
    const raw = await readFile(join(agent.journalDir, 'journal.jsonl'), 'utf8');
    expect(raw).not.toContain(agent.token!.pin);
  });

  it('signs with the EC key too', async () => {
    const cert = await certificate('ec');
    client.sendBlob('doc-ec', pdf);
    const result = await client.request<SignResult>('pdf.sign', {
      document: { blob: 'doc-ec', name: 'ec.pdf' },
      certificate: { token: cert.token, id: cert.id },
      pin: agent.token!.pin,
    });
    const path = join(agent.dir, 'signed-ec.pdf');
    await writeFile(path, client.blobs.get(result.document.blob)!);
    expect((await validatePdf(path, { rootPath: agent.token!.rootPath, nssDir: agent.token!.nssDir })).allValid).toBe(
      true,
    );
  });

  it('reports a wrong PIN once (no retry) and journals the failure', async () => {
    const cert = await certificate('rsa');
    client.sendBlob('doc-bad-pin', pdf);
    const error = (await client
      .request('pdf.sign', {
        document: { blob: 'doc-bad-pin', name: 'bad.pdf' },
        certificate: { token: cert.token, id: cert.id },
        pin: '000000',
      })
      .catch((e) => e)) as RpcFailure;
    expect(error.data.code).toBe('PIN_INCORRECT');
    const { tokens } = await client.request<{ tokens: TokenInfo[] }>('tokens.list', {});
    expect(tokens[0]?.pinLocked).toBe(false);
    const entries = await readJournal(agent.journalDir);
    expect(entries.at(-1)).toMatchObject({ result: 'failed', error: 'PIN_INCORRECT', document: 'bad.pdf' });
    // The right PIN still works afterwards: the failed login left nothing behind.
    client.sendBlob('doc-after', pdf);
    const ok = await client.request<SignResult>('pdf.sign', {
      document: { blob: 'doc-after' },
      certificate: { token: cert.token, id: cert.id },
      pin: agent.token!.pin,
    });
    expect(ok.sha256After).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies a signed document with pdf.verify', async () => {
    const cert = await certificate('rsa');
    client.sendBlob('doc-v', pdf);
    const result = await client.request<SignResult>('pdf.sign', {
      document: { blob: 'doc-v' },
      certificate: { token: cert.token, id: cert.id },
      pin: agent.token!.pin,
    });
    client.sendBlob('verify-me', client.blobs.get(result.document.blob)!);
    const report = await client.request<VerifyResult>('pdf.verify', { document: { blob: 'verify-me' } });
    expect(report.signatures).toHaveLength(1);
    expect(report.signatures[0]?.integrity).toBe(true);
  });
});
