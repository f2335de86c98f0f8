/**
 * What IT reads in a terminal: `tokens` in Vietnamese (English in brackets) with Vietnamese dates, and `verify`
 * saying "HỢP LỆ" only when the signer chains to a trusted root — an intact signature from an unknown CA says
 * what IT can do instead. The real CLI on the SoftHSM token.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken, type TestToken } from '../fixtures/token';
import { CLI, ensureCliBuilt, runCli, runCliAsync } from './cli-helpers';
import { EXTENSION_ORIGIN, makePdf } from './server-harness';

let t: TestToken;
let dir: string;
let signed: string;

beforeAll(async () => {
  ensureCliBuilt();
  t = await createTestToken();
  dir = await mkdtemp(join(tmpdir(), 'kyso-cli-wording-'));
  const input = join(dir, 'in.pdf');
  await writeFile(input, await makePdf(dir, 'plain'));
  signed = join(dir, 'signed.pdf');
  const env = { SOFTHSM2_CONF: t.confPath, KYSO_PIN: t.pin };
  const r = runCli(
    [
      'sign',
      '--in',
      input,
      '--out',
      signed,
      '--module',
      t.modulePath,
      '--cert',
      t.keys.rsa.idHex,
      '--chain',
      t.intermediatePath,
    ],
    env,
  );
  expect(r.status, r.stderr).toBe(0);
});

afterAll(async () => {
  await t?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('CLI wording for IT', () => {
  it('tokens: Vietnamese lines with the validity as dd/MM/yyyy', () => {
    const r = runCli(['tokens', '--module', t.modulePath], { SOFTHSM2_CONF: t.confPath });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Token "${t.label}"`);
    expect(r.stdout).toMatch(/hiệu lực đến \(valid until\) \d{2}\/\d{2}\/\d{4}/);
    expect(r.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('verify: intact but untrusted is not "HỢP LỆ", and says what IT can do', () => {
    const r = runCli(['verify', signed]);
    expect(r.stdout).not.toContain('HỢP LỆ / VALID');
    expect(r.stdout).toContain('NGƯỜI KÝ CHƯA ĐƯỢC TIN CẬY TRÊN MÁY NÀY');
    expect(r.stdout).toContain('--trust ROOT.pem');
    expect(r.stdout).toMatch(/Nguyễn Văn An, \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);
  });

  it('verify: "HỢP LỆ" with the issuing root trusted', () => {
    const r = runCli(['verify', signed, '--trust', t.rootPath]);
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('HỢP LỆ / VALID');
    expect(r.stdout).not.toContain('CHƯA ĐƯỢC TIN CẬY');
  });

  it('doctor: reads the running agent\'s origins and folders instead of warning "no origin configured"', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const env = {
      ...process.env,
      SOFTHSM2_CONF: t.confPath,
      KYSO_AGENT_STATE_DIR: join(dir, 'state'),
      KYSO_AGENT_CONFIG: join(dir, 'doctor-user.json'),
      KYSO_AGENT_MANAGED_CONFIG: join(dir, 'managed.json'),
    };
    // doctor's own files name the port only; the agent got its origin and journal on its command line / --config.
    await writeFile(join(dir, 'doctor-user.json'), JSON.stringify({ port, discoverModules: false }));
    await writeFile(join(dir, 'serve.json'), JSON.stringify({ journal: { dir: join(dir, 'serve-journal') } }));
    const agent = spawn(
      process.execPath,
      [CLI, 'serve', '--port', String(port), '--allow-origin', EXTENSION_ORIGIN, '--config', join(dir, 'serve.json')],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        agent.stdout.on('data', (d) => {
          out += d;
          if (out.includes('listening')) resolve();
        });
        agent.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const r = await runCliAsync(['doctor', '--json', '--module', t.modulePath], env);
      const checks = JSON.parse(r.stdout).checks as { id: string; status: string; message: { en: string } }[];
      const config = checks.find((c) => c.id === 'config');
      expect(config?.status, JSON.stringify(config)).toBe('ok');
      expect(config?.message.en).toContain(EXTENSION_ORIGIN);
      expect(checks.find((c) => c.id === 'journal')?.message.en).toContain(join(dir, 'serve-journal'));
    } finally {
      agent.kill('SIGTERM');
    }
  });
});
