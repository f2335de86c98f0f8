/**
 * The service commands as IT staff run them, from the built bundle: `serve` prints its one line and stops
 * cleanly on SIGTERM, a taken port is PORT_IN_USE naming the holder, `config`, `journal` and `doctor` report.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../agent/src/journal';
import { createTestToken, type TestToken } from '../fixtures/token';
import { EXTENSION_ORIGIN, TestClient } from './server-harness';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'agent', 'bin', 'kyso-agent.cjs');

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  await run(process.execPath, [join(ROOT, 'agent', 'build.mjs')]);
  dir = await mkdtemp(join(tmpdir(), 'kyso-cli-'));
  env = {
    ...process.env,
    KYSO_AGENT_CONFIG: join(dir, 'user.json'),
    KYSO_AGENT_MANAGED_CONFIG: join(dir, 'managed.json'),
    KYSO_AGENT_STATE_DIR: join(dir, 'state'),
  };
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return run(process.execPath, [BIN, ...args], { env: { ...env, ...extraEnv } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** Starts `serve`, resolves with the port once the listening line appears. */
function serve(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const listening = new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = /KySo Agent listening on ws:\/\/127\.0\.0\.1:(\d+) \(origins: (.*)\)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  listening.catch(() => undefined); // tests that expect a failed start await `exited` instead
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, listening, exited, stderr: () => stderr };
}

describe('kyso-agent serve', () => {
  it('prints one listening line, serves an allowed origin and stops cleanly on SIGTERM', async () => {
    const agent = serve(['--port', '0', '--allow-origin', EXTENSION_ORIGIN]);
    const port = await agent.listening;
    const client = await TestClient.connect(`ws://127.0.0.1:${port}`);
    expect(await client.request('tokens.list')).toHaveProperty('tokens');
    await client.close();
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
  });

  it('refuses a taken port with PORT_IN_USE naming the holder', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    const agent = serve(['--port', String(port), '--allow-origin', EXTENSION_ORIGIN]);
    expect(await agent.exited).toBe(1);
    expect(agent.stderr()).toContain('PORT_IN_USE');
    expect(agent.stderr()).toContain(`port ${port}`);
    blocker.close();
  });

  it('refuses an invalid configuration with CONFIG_INVALID and the file path', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ port: 'x' }));
    const result = await cli(['serve', '--config', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CONFIG_INVALID');
    expect(result.stderr).toContain(bad);
  });
});

describe('kyso-agent config and journal', () => {
  it('prints the effective config with the source of each value', async () => {
    await writeFile(
      join(dir, 'user.json'),
      JSON.stringify({ port: 9999, allowedOrigins: ['https://egov.example.gov.vn'] }),
    );
    await writeFile(join(dir, 'managed.json'), JSON.stringify({ port: 8765 }));
    const result = await cli(['config', '--json']);
    const loaded = JSON.parse(result.stdout);
    expect(loaded.config.port).toBe(8765);
    expect(loaded.sources).toMatchObject({ port: 'managed', allowedOrigins: 'user' });
    expect(loaded.locked).toEqual(['port']);
    const text = await cli(['config']);
    expect(text.stdout).toMatch(/port = 8765 {2}\[managed, locked\]/);
    await rm(join(dir, 'user.json'));
    await rm(join(dir, 'managed.json'));
  });

  it('lists journal entries since a date', async () => {
    const journal = new Journal(join(dir, 'state'));
    const base = { origin: EXTENSION_ORIGIN, sha256Before: 'a'.repeat(64), result: 'signed' as const };
    await journal.append({ ...base, time: '2026-01-01T00:00:00.000Z', document: 'old.pdf' });
    await journal.append({ ...base, time: '2026-06-01T00:00:00.000Z', document: 'new.pdf' });
    const result = await cli(['journal', '--since', '2026-03-01', '--json']);
    expect(JSON.parse(result.stdout).map((e: { document: string }) => e.document)).toEqual(['new.pdf']);
    expect((await cli(['journal'])).stdout).toContain('old.pdf');
  });
});

describe('kyso-agent doctor and tokens', () => {
  let token: TestToken;
  beforeAll(async () => {
    token = await createTestToken();
  });
  afterAll(async () => token?.cleanup());

  it('reports a healthy machine with the SoftHSM token, in English and as JSON', async () => {
    const extra = { SOFTHSM2_CONF: token.confPath };
    await writeFile(
      join(dir, 'user.json'),
      JSON.stringify({ allowedOrigins: [EXTENSION_ORIGIN], modules: [token.modulePath], discoverModules: false }),
    );
    const json = await cli(['doctor', '--json'], extra);
    const report = JSON.parse(json.stdout) as { healthy: boolean; checks: { id: string; status: string }[] };
    expect(report.healthy, json.stdout).toBe(true);
    expect(json.code).toBe(0);
    expect(report.checks.filter((c) => c.id === 'certificate')).toHaveLength(2);
    const english = await cli(['doctor', '--lang', 'en'], extra);
    expect(english.stdout).toContain('Result: the agent is ready.');
    const tokens = await cli(['tokens', '--json'], extra);
    expect(JSON.parse(tokens.stdout).tokens[0].label).toBe(token.label);
    await rm(join(dir, 'user.json'));
  });

  it('fails with exit 1 when the configured module does not exist', async () => {
    await writeFile(
      join(dir, 'user.json'),
      JSON.stringify({ modules: ['/nonexistent/libnothing.so'], discoverModules: false }),
    );
    const result = await cli(['doctor', '--json', '--lang', 'en']);
    expect(result.code).toBe(1);
    expect(
      JSON.parse(result.stdout).checks.some(
        (c: { id: string; status: string }) => c.id === 'module' && c.status === 'fail',
      ),
    ).toBe(true);
    await rm(join(dir, 'user.json'));
  });
});
