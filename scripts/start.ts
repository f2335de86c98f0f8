/**
 * `npm start` (after the bootstrap): the agent with a demo SoftHSM token, and the demo e-office portal whose
 * clerk's list ("Văn bản chờ phát hành", /van-thu) holds decisions the leader has already signed, so the batch
 * issuance can be tried at once. The demo token and those files live under the user's data folder and are made on
 * the first run. Ctrl-C or a plain `kill` of this process stops the agent and the portal too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_AGENT_PORT } from '@kyso/shared';
import { EXTENSION_ORIGIN } from '../extension/src/common/extension-id';
import { createTestToken } from '../test/fixtures/token';
import { buildIssuanceQueue } from '../test/portal/issuance-queue';
import { type IssuanceFile, issuanceDocuments } from '../test/portal/issuance-seed';
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
  /** The leader's key (CKA_ID) and the name on its certificate; absent in state files of older demos. */
  leaderKeyId?: string;
  leaderName?: string;
}

const CLERK_QUEUE_SIZE = 5;

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
    leaderKeyId: t.keys.rsa.idHex,
    leaderName: t.keys.rsa.commonName,
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

/**
 * The clerk's list: decisions signed by the demo leader (before the agent starts, so only one process uses the
 * token at a time), made once and reused.
 */
async function clerkQueue(token: DemoToken): Promise<IssuanceFile[]> {
  const state = join(demoDir, 'queue', 'queue.json');
  if (existsSync(state)) {
    const files = JSON.parse(readFileSync(state, 'utf8')) as IssuanceFile[];
    if (files.every((f) => existsSync(f.path))) return files;
  }
  process.stdout.write(`Ký duyệt sẵn ${CLERK_QUEUE_SIZE} quyết định cho danh sách của văn thư…\n`);
  const files = await buildIssuanceQueue({
    dir: join(demoDir, 'queue'),
    count: CLERK_QUEUE_SIZE,
    brokenIndex: -1,
    signer: {
      modulePath: token.modulePath,
      confPath: token.confPath,
      pin: token.pin,
      keyId: token.leaderKeyId ?? '01',
      commonName: token.leaderName ?? 'Nguyễn Văn An',
      intermediatePath: token.intermediatePath,
    },
  });
  writeFileSync(state, JSON.stringify(files, null, 2));
  return files;
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
  const queue = await clerkQueue(token);
  const agentPort = Number(process.env.KYSO_AGENT_PORT ?? DEFAULT_AGENT_PORT);
  const agent = await startAgent(token, agentPort);
  const stopAgent = () => {
    if (agent.exitCode === null && agent.signalCode === null) agent.kill('SIGTERM');
  };
  // However this process ends (an error included), the agent does not stay behind.
  process.on('exit', stopAgent);
  const portal = await startPortal({
    port: Number(process.env.KYSO_PORTAL_PORT ?? 8080),
    dataDir: join(demoDir, 'portal'),
    nssDir: token.nssDir,
    extraDocuments: issuanceDocuments(queue),
  });
  process.stdout.write(`
KySo Bridge demo
  Agent:   ws://127.0.0.1:${agentPort}  (demo token "${token.label}", PIN ${token.pin})
  Portal:  ${portal.url}  (đăng nhập / log in: ${DEMO_USER.username} / ${DEMO_USER.password})
           văn thư / clerk: ${portal.url}/van-thu (${queue.length} quyết định chờ phát hành / awaiting issuance)
  Extension: open chrome://extensions, turn on Developer mode, "Load unpacked" → ${join(root, 'extension', 'dist')}
             then choose the leader's signature image in the extension's options (a blue PNG) — or in the dialog.
  Demo data: ${demoDir}
  CLI against the demo token (doctor, tokens, sign) needs its SoftHSM configuration:
    export SOFTHSM2_CONF=${token.confPath}
Ctrl-C (or kill ${process.pid}) stops the agent and the portal.
`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stopAgent();
    void portal.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  // The agent going away (a crash, a kill) ends the demo too, instead of a portal that cannot sign.
  agent.on('exit', (code) => {
    if (stopping) return;
    process.stderr.write(`the agent stopped (exit ${code}); stopping the demo\n`);
    stop();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
