/**
 * The Linux single binary on a machine without Node: every documented command works and its signatures validate
 * independently (qpdf, pdfsig, openssl through validatePdf).
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  linkSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostilePdfs } from '../fixtures/hostile-pdf';
import { createTestToken, SOFTHSM_MODULE, type TestToken } from '../fixtures/token';
import { validatePdf } from '../fixtures/validate';
import { buildBinary, cleanEnv, LINUX_BINARY, ROOT, runBinary, serveBinary } from './binary-harness';
import { EXTENSION_ORIGIN, makePdf, type RpcFailure, TestClient } from './server-harness';

const AGENT_VERSION = JSON.parse(readFileSync(join(ROOT, 'agent', 'package.json'), 'utf8')).version as string;

let dir: string;
let token: TestToken;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  buildBinary('linux');
  dir = mkdtempSync(join(tmpdir(), 'kyso-binary-'));
  token = await createTestToken({ label: 'KySo Binary' });
  env = cleanEnv(dir, { SOFTHSM2_CONF: token.confPath });
}, 600_000);

afterAll(async () => {
  await token?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('dist/kyso-agent-linux-x64 without Node on PATH', () => {
  it('has no node to find on its PATH', async () => {
    expect(existsSync(join(env.PATH as string, 'node'))).toBe(false);
    const r = await runBinary(LINUX_BINARY, ['--version'], env);
    expect(r).toMatchObject({ code: 0, stdout: `${AGENT_VERSION}\n` });
  });

  it('lists the SoftHSM token and extracts pkcs11.node to a private per-user cache', async () => {
    const r = await runBinary(LINUX_BINARY, ['tokens', '--module', SOFTHSM_MODULE, '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('KySo Binary');
    const cache = join(env.HOME as string, '.cache', 'kyso-agent', 'native');
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    const addon = readFileSync(join(ROOT, 'node_modules', 'pkcs11js', 'build', 'Release', 'pkcs11.node'));
    const hash = createHash('sha256').update(addon).digest('hex');
    expect(readFileSync(join(cache, hash.slice(0, 32), 'pkcs11.node')).equals(addon)).toBe(true);
  });

  it('replaces a tampered cached addon before loading it', async () => {
    const cache = join(dir, 'tamper-cache');
    const first = await runBinary(LINUX_BINARY, ['tokens', '--module', SOFTHSM_MODULE], {
      ...env,
      KYSO_AGENT_CACHE_DIR: cache,
    });
    expect(first.code).toBe(0);
    const file = join(cache, readdirSync(cache)[0] as string, 'pkcs11.node');
    writeFileSync(file, 'not a shared library');
    const again = await runBinary(LINUX_BINARY, ['tokens', '--module', SOFTHSM_MODULE], {
      ...env,
      KYSO_AGENT_CACHE_DIR: cache,
    });
    expect(again.code).toBe(0);
    expect(readFileSync(file).length).toBeGreaterThan(1000);
  });

  it('signs a PDF with the token PIN from KYSO_PIN; the output validates', async () => {
    const input = join(dir, 'in.pdf');
    writeFileSync(input, await makePdf(dir, 'binary-in'));
    const output = join(dir, 'signed.pdf');
    const args = ['sign', '--in', input, '--out', output, '--module', SOFTHSM_MODULE, '--token', token.label];
    args.push('--cert', token.keys.rsa.idHex, '--chain', token.intermediatePath, '--reason', 'Binary test');
    const r = await runBinary(LINUX_BINARY, args, { ...env, KYSO_PIN: token.pin });
    expect(r.stderr).not.toContain(token.pin);
    expect(r.code, r.stderr).toBe(0);
    const verdict = await validatePdf(output, { rootPath: token.rootPath, nssDir: token.nssDir });
    expect(verdict.signatures).toHaveLength(1);
    expect(verdict.allValid, JSON.stringify(verdict, null, 1)).toBe(true);
    const verify = await runBinary(LINUX_BINARY, ['verify', output, '--trust', token.rootPath], env);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it('serves: prints the listening line and stops on SIGTERM', async () => {
    const { child, listening } = serveBinary(LINUX_BINARY, ['--port', '0', '--module', SOFTHSM_MODULE], env);
    try {
      expect(await listening).toMatch(/^KySo Agent listening on ws:\/\/127\.0\.0\.1:\d+ /);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise((resolve) => child.once('exit', (c, s) => resolve(c ?? s)));
    expect([0, 'SIGTERM']).toContain(code);
  });

  it('prepares documents in its worker thread: a defect file answers its code, a signed file verifies', async () => {
    const { child, listening } = serveBinary(
      LINUX_BINARY,
      ['--port', '0', '--module', SOFTHSM_MODULE, '--allow-origin', EXTENSION_ORIGIN],
      env,
    );
    try {
      const url = /ws:\/\/127\.0\.0\.1:\d+/.exec(await listening)![0];
      const client = await TestClient.connect(url);
      client.sendBlob('bad', hostilePdfs()['predictor-columns-negative']);
      const refused = (await client
        .request('pdf.verify', { document: { blob: 'bad' } })
        .catch((error) => error)) as RpcFailure;
      expect(refused.data?.code).toBe('PDF_MALFORMED');
      client.sendBlob('plain', await makePdf(dir, 'binary-worker'));
      const verdict = await client.request<{ signatures: unknown[]; valid: boolean }>('pdf.verify', {
        document: { blob: 'plain' },
      });
      expect(verdict).toEqual({ signatures: [], valid: false });
      await client.close();
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('runs doctor and reports on the token module', async () => {
    const r = await runBinary(LINUX_BINARY, ['doctor', '--json', '--module', SOFTHSM_MODULE], env);
    expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    expect(r.stderr).not.toMatch(/INTERNAL/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    expect(r.stdout).toContain(SOFTHSM_MODULE);
  });

  it('refuses to start when NODE_OPTIONS is set', async () => {
    const r = await runBinary(LINUX_BINARY, ['--version'], { ...env, NODE_OPTIONS: '--max-old-space-size=200' });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('CONFIG_INVALID');
    expect(r.stderr).toContain('NODE_OPTIONS');
  });

  it('prefers a pkcs11.node placed beside the executable', async () => {
    const side = mkdtempSync(join(tmpdir(), 'kyso-beside-'));
    try {
      const copy = join(side, 'kyso-agent');
      try {
        linkSync(LINUX_BINARY, copy); // a hard link: process.execPath is the link's path, no 90 MB copy
      } catch {
        copyFileSync(LINUX_BINARY, copy);
      }
      writeFileSync(join(side, 'pkcs11.node'), 'an IT-supplied addon that is broken');
      const r = await runBinary(copy, ['tokens', '--module', SOFTHSM_MODULE], env);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/^INTERNAL: /);
      rmSync(join(side, 'pkcs11.node'));
      expect((await runBinary(copy, ['tokens', '--module', SOFTHSM_MODULE], env)).code).toBe(0);
    } finally {
      rmSync(side, { recursive: true, force: true });
    }
  });
});
