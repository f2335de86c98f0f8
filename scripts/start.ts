/**
 * `npm start` (after the bootstrap): the agent with a demo SoftHSM token, and the demo e-office portal.
 * The demo token lives under the user's data folder and is created on the first run. Ctrl-C stops both.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AGENT_PORT } from '@kyso/shared';
import { EXTENSION_ORIGIN } from '../extension/src/common/extension-id';
import { createTestToken } from '../test/fixtures/token';
import { DEMO_USER, startPortal } from '../test/portal/server';

const root = join(import.meta.dirname, '..');
const dataHome = process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share');
const demoDir = join(dataHome, 'kyso-bridge', 'demo');

interface DemoToken {
  confPath: string;
  modulePath: string;
  pin: string;
  label: string;
  intermediatePath: string;
  rootPath: string;
  nssDir: string;
}

/** The demo token: made once (keys on the token, certificates from a demo PKI), then reused. */
async function demoToken(): Promise<DemoToken> {
  const state = join(demoDir, 'token', 'state.json');
  if (existsSync(state)) return JSON.parse(readFileSync(state, 'utf8')) as DemoToken;
  mkdirSync(join(demoDir, 'token'), { recursive: true, mode: 0o700 });
  const t = await createTestToken({ dir: join(demoDir, 'token'), label: 'KySo Demo' });
  const saved: DemoToken = {
    confPath: t.confPath,
    modulePath: t.modulePath,
    pin: t.pin,
    label: t.label,
    intermediatePath: t.intermediatePath,
    rootPath: t.rootPath,
    nssDir: t.nssDir,
  };
  writeFileSync(state, JSON.stringify(saved, null, 2), { mode: 0o600 });
  return saved;
}

/** A config file of the agent's own format: the demo token's chain and root, journal and logs in the demo folder. */
function demoAgentConfig(token: DemoToken): string {
  const path = join(demoDir, 'agent-config.json');
  const config = {
    chainCertificates: [token.intermediatePath],
    trustedRoots: [token.rootPath],
    journal: { dir: join(demoDir, 'agent') },
    log: { dir: join(demoDir, 'agent') },
  };
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}

function startAgent(token: DemoToken, port: number): Promise<ChildProcess> {
  const agent = spawn(
    process.execPath,
    [
      join(root, 'agent', 'bin', 'kyso-agent.cjs'),
      'serve',
      '--port',
      String(port),
      '--allow-origin',
      EXTENSION_ORIGIN,
      '--module',
      token.modulePath,
      '--config',
      demoAgentConfig(token),
    ],
    { env: { ...process.env, SOFTHSM2_CONF: token.confPath }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    agent.stdout!.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      if (chunk.toString().includes('listening')) resolve(agent);
    });
    agent.on('exit', (code) => reject(new Error(`the agent stopped (exit ${code})`)));
  });
}

async function main(): Promise<void> {
  const token = await demoToken();
  const agentPort = Number(process.env.KYSO_AGENT_PORT ?? DEFAULT_AGENT_PORT);
  const agent = await startAgent(token, agentPort);
  const portal = await startPortal({
    port: Number(process.env.KYSO_PORTAL_PORT ?? 8080),
    dataDir: join(demoDir, 'portal'),
    nssDir: token.nssDir,
  });
  process.stdout.write(`
KySo Bridge demo
  Agent:   ws://127.0.0.1:${agentPort}  (demo token "${token.label}", PIN ${token.pin})
  Portal:  ${portal.url}  (đăng nhập / log in: ${DEMO_USER.username} / ${DEMO_USER.password})
  Extension: open chrome://extensions, turn on Developer mode, "Load unpacked" → ${join(root, 'extension', 'dist')}
  Demo data: ${demoDir}
Ctrl-C to stop.
`);
  const stop = () => {
    agent.kill('SIGTERM');
    void portal.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
