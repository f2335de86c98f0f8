/**
 * Chain completion from the certificate's AIA caIssuers address (RFC 5280 §4.2.2.1), as on most Vietnamese
 * tokens that hold only the signer's certificate: a real SoftHSM token without CA objects, the issuing CA served
 * as a certs-only PKCS#7 by an HTTP server on 127.0.0.1, independent validators (pdfsig, openssl) trusting only
 * the root. A second key's address is unreachable: the document is signed with a CHAIN_INCOMPLETE warning.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertificateSummary, SignResult } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuerFetcher } from '../../agent/src/signing/aia';
import { Pkcs11Backend } from '../../agent/src/signing/token-backend';
import { buildChain } from '../../agent/src/x509/path-building';
import { createTestToken, pemFileToDer, type TestToken } from '../fixtures/token';
import { extractContents, findByteRanges, validatePdf } from '../fixtures/validate';
import { ensureCliBuilt, runCliAsync } from './cli-helpers';
import { EXTENSION_ORIGIN, makePdf, startTestAgent, TestClient } from './server-harness';

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );

describe('issuer certificates from the AIA caIssuers address', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-aia-'));
  const hits: Record<string, number> = {};
  const routes: Record<string, () => { type: string; body: Buffer } | 'hang' | 'redirect'> = {};
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    hits[path] = (hits[path] ?? 0) + 1;
    const answer = routes[path]?.();
    if (answer === 'hang') return; // never answers: the client's 5 s bound must end it
    if (answer === 'redirect') return void res.writeHead(302, { Location: 'http://127.0.0.1:1/x' }).end();
    if (!answer) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': answer.type }).end(answer.body);
  });
  let port = 0;
  let token: TestToken;
  let pdf: string;
  const cacheDir = join(dir, 'cache');
  const env = (extra: NodeJS.ProcessEnv = {}) => ({
    SOFTHSM2_CONF: token.confPath,
    KYSO_PIN: token.pin,
    KYSO_AGENT_CACHE_DIR: cacheDir,
    ...extra,
  });

  beforeAll(async () => {
    ensureCliBuilt();
    port = await listen(server);
    // A port nothing listens on: taken, then released.
    const closed = createServer();
    const unreachable = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    token = await createTestToken({
      label: 'AIA test',
      caIssuers: {
        rsa: `http://127.0.0.1:${port}/issuing-ca.p7c`,
        ec: `http://127.0.0.1:${unreachable}/issuing-ca.crt`,
      },
    });
    // What CAs publish: a certs-only PKCS#7 (application/pkcs7-mime) holding the issuing CA.
    const p7c = execFileSync('openssl', [
      'crl2pkcs7',
      '-nocrl',
      '-certfile',
      token.intermediatePath,
      '-outform',
      'DER',
    ]);
    routes['/issuing-ca.p7c'] = () => ({ type: 'application/pkcs7-mime', body: p7c });
    await makePdf(dir, 'aia');
    pdf = join(dir, 'aia.pdf');
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await token?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('embeds the issuing CA downloaded from caIssuers, so validators trusting only the root accept it', async () => {
    const out = join(dir, 'signed-rsa.pdf');
    const r = await runCliAsync(
      ['sign', '--module', token.modulePath, '--cert', '01', '--in', pdf, '--out', out],
      env(),
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('CHAIN_INCOMPLETE');
    expect(hits['/issuing-ca.p7c']).toBe(1);
    const signed = readFileSync(out);
    const cms = extractContents(signed, findByteRanges(signed)[0]!);
    expect(cms.includes(await pemFileToDer(token.intermediatePath))).toBe(true);
    const verdict = await validatePdf(out, token);
    expect(verdict.allValid, verdict.pdfsigOutput + verdict.signatures[0]?.openssl.output).toBe(true);
    expect(verdict.signatures[0]!.pdfsig.certificateTrusted).toBe(true);
  });

  it('signs the next document from the on-disk cache without asking the server again', async () => {
    const out = join(dir, 'signed-rsa-again.pdf');
    const r = await runCliAsync(
      ['sign', '--module', token.modulePath, '--cert', '01', '--in', pdf, '--out', out],
      env(),
    );
    expect(r.status, r.stderr).toBe(0);
    expect(hits['/issuing-ca.p7c']).toBe(1);
    expect(readdirSync(join(cacheDir, 'issuers'))).toHaveLength(1);
    expect((await validatePdf(out, token)).allValid).toBe(true);
  });

  it('signs with a CHAIN_INCOMPLETE warning when the caIssuers address is unreachable', async () => {
    const out = join(dir, 'signed-ec.pdf');
    const r = await runCliAsync(
      ['sign', '--module', token.modulePath, '--cert', '02', '--in', pdf, '--out', out],
      env(),
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/CHAIN_INCOMPLETE: .*"KySo Test Issuing CA"/);
    expect(existsSync(out)).toBe(true);
    // The warning tells the truth: a validator that holds only the root cannot build the path.
    const verdict = await validatePdf(out, token);
    expect(verdict.signatures[0]!.openssl.valid).toBe(false);
    expect(verdict.signatures[0]!.pdfsig.signatureValid).toBe(true);
  });

  it('says so in the pdf.sign result as a coded warning, and lists certificates without any download', async () => {
    const fresh = join(dir, 'agent-cache');
    const backend = new Pkcs11Backend({
      modules: [token.modulePath],
      discover: false,
      fetchIssuer: issuerFetcher({ cacheDir: fresh }),
    });
    const agent = await startTestAgent({ override: { tokens: backend } });
    const client = await TestClient.connect(agent.server.url, EXTENSION_ORIGIN);
    try {
      const before = hits['/issuing-ca.p7c'];
      const { certificates } = await client.request<{ certificates: CertificateSummary[] }>('certificates.list', {});
      expect(hits['/issuing-ca.p7c']).toBe(before);
      const sign = async (id: string) => {
        const cert = certificates.find((c) => c.id === id)!;
        client.sendBlob(`doc-${id}`, readFileSync(pdf));
        return client.request<SignResult>('pdf.sign', {
          document: { blob: `doc-${id}`, name: `aia-${id}.pdf` },
          certificate: { token: cert.token, id: cert.id },
          pin: token.pin,
        });
      };
      const incomplete = await sign(token.keys.ec.idHex);
      expect(incomplete.warnings).toEqual([
        expect.objectContaining({
          code: 'CHAIN_INCOMPLETE',
          message: expect.stringContaining('KySo Test Issuing CA'),
          messageEn: expect.stringContaining('unknown issuer'),
          details: { issuer: 'KySo Test Issuing CA' },
        }),
      ]);
      const complete = await sign(token.keys.rsa.idHex);
      expect(complete.warnings).toEqual([]);
      expect(hits['/issuing-ca.p7c']).toBe(before! + 1); // a new cache folder: downloaded once for two builds
      // A batch says it for each document too.
      const ec = certificates.find((c) => c.id === token.keys.ec.idHex)!;
      const { batchId } = await client.request<{ batchId: string }>('batch.begin', {
        certificate: { token: ec.token, id: ec.id },
        pin: token.pin,
        count: 1,
      });
      client.sendBlob('doc-batch', readFileSync(pdf));
      const inBatch = await client.request<SignResult>('batch.sign', {
        batchId,
        document: { blob: 'doc-batch', name: 'aia-batch.pdf' },
      });
      expect(inBatch.warnings.map((w) => w.code)).toEqual(['CHAIN_INCOMPLETE']);
      await client.request('batch.end', { batchId });
      const path = join(dir, 'socket-rsa.pdf');
      writeFileSync(path, client.blobs.get(complete.document.blob)!);
      expect((await validatePdf(path, token)).allValid).toBe(true);
    } finally {
      await client.close();
      await agent.stop();
    }
  });

  it('reports each chain in doctor: complete for one key, CHAIN_INCOMPLETE for the other', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ modules: [token.modulePath], discoverModules: false }));
    const r = await runCliAsync(
      ['doctor', '--json', '--config', config],
      env({ KYSO_AGENT_STATE_DIR: join(dir, 'state'), KYSO_AGENT_MANAGED_CONFIG: join(dir, 'none.json') }),
    );
    const chains = JSON.parse(r.stdout).checks.filter((c: { id: string }) => c.id === 'chain');
    expect(chains).toHaveLength(2);
    const byToken = (key: 'rsa' | 'ec') =>
      chains.find((c: { details: { id: string } }) => c.details.id === token.keys[key].idHex);
    expect(byToken('rsa')).toMatchObject({ status: 'ok', details: { chainLength: 1 } });
    expect(byToken('ec')).toMatchObject({ status: 'warn', details: { code: 'CHAIN_INCOMPLETE' } });
    expect(byToken('ec').message.vi).toContain('KySo Test Issuing CA');
  });

  it('bounds what an address may answer: 64 KiB, 5 s, no redirects, only the real issuer', async () => {
    routes['/big.crt'] = () => ({ type: 'application/pkix-cert', body: Buffer.alloc(70 * 1024, 0x30) });
    routes['/slow.crt'] = () => 'hang';
    routes['/moved.crt'] = () => 'redirect';
    routes['/root.crt'] = () => ({ type: 'application/pkix-cert', body: token.chainDer[1]! });
    const fetch = issuerFetcher({ timeoutMs: 300 });
    const at = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);
    expect((await at('/big.crt')).error).toMatch(/exceeds 65536/);
    expect((await at('/slow.crt')).error).toMatch(/no answer in 300 ms/);
    expect((await at('/moved.crt')).certificates).toEqual([]);
    expect((await at('/missing.crt')).error).toMatch(/HTTP 404/);
    // A server answering another certificate (here the root) is not taken as the issuer.
    const built = await buildChain(token.keys.rsa.certDer, {
      candidates: [],
      fetchIssuer: () => at('/root.crt'),
    });
    expect(built.chain).toEqual([]);
    expect(built.incomplete?.reason).toMatch(/not the issuer/);
  });
});
