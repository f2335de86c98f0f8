/**
 * Hostile documents against the real agent (agent/dist, one fresh `serve` process per document): each defect file
 * is sent as pdf.plan and pdf.verify while a second client measures `hello` round trips. Prints the answer codes,
 * the agent's peak RSS (VmHWM) and the hello latency under attack beside a reference run with an ordinary document.
 * Run through scripts/bench.mjs (`npm run bench`); figures only, nothing asserted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBlobFrame, encodeBlobFrame, PROTOCOL_VERSION } from '@kyso/shared';
import WebSocket from 'ws';
import { hostilePdfs, xrefStreamPdf } from '../test/fixtures/hostile-pdf';

const ORIGIN = 'chrome-extension://kysobenchextensionidaaaaaaaaaaa';
const [agentBundle, ordinaryPdf] = process.argv.slice(2) as [string, string];

class Client {
  private next = 1;
  private readonly pending = new Map<number, (m: { result?: unknown; error?: { data: { code: string } } }) => void>();
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, binary: boolean) => {
      if (binary) return void decodeBlobFrame(new Uint8Array(data));
      const m = JSON.parse(data.toString('utf8'));
      this.pending.get(m.id)?.(m);
      this.pending.delete(m.id);
    });
  }
  static async open(url: string): Promise<Client> {
    const ws = new WebSocket(url, { origin: ORIGIN });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const client = new Client(ws);
    await client.call('hello', { protocol: PROTOCOL_VERSION, component: 'extension', version: '0.1.0' });
    return client;
  }
  call(method: string, params: unknown): Promise<string> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, (m) => resolve(m.error ? m.error.data.code : 'OK'));
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }
  blob(id: string, bytes: Uint8Array): void {
    this.ws.send(encodeBlobFrame(id, bytes), { binary: true });
  }
}

async function startAgent(dir: string) {
  const child = spawn(process.execPath, [agentBundle, 'serve', '--port', '0', '--allow-origin', ORIGIN], {
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      KYSO_AGENT_CONFIG: join(dir, 'config.json'),
      KYSO_AGENT_MANAGED_CONFIG: join(dir, 'managed.json'),
      KYSO_AGENT_STATE_DIR: join(dir, 'state'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => child.stdout.on('data', (d) => resolve(String(d))));
  return { child, url: /ws:\/\/127\.0\.0\.1:\d+/.exec(line)![0] };
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)![1]) / 1024;
}

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;

/** Sends plan and verify of `bytes` on one client while another says hello in a loop until both are answered. */
async function attack(name: string, bytes: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-bench-hostile-'));
  const { child, url } = await startAgent(dir);
  try {
    const attacker = await Client.open(url);
    const bystander = await Client.open(url);
    await bystander.call('hello', { protocol: PROTOCOL_VERSION, component: 'extension', version: '0.1.0' }); // warm
    const started = performance.now();
    attacker.blob('p', bytes);
    attacker.blob('v', bytes);
    const answers = Promise.all([
      attacker.call('pdf.plan', { document: { blob: 'p' }, profile: 'leader', signerName: 'Nguyễn Văn An' }),
      attacker.call('pdf.verify', { document: { blob: 'v' } }),
    ]);
    let done = false;
    const codes = answers.finally(() => {
      done = true;
    });
    const latencies: number[] = [];
    while (!done) {
      const t = performance.now();
      await bystander.call('hello', { protocol: PROTOCOL_VERSION, component: 'extension', version: '0.1.0' });
      latencies.push(performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const [plan, verify] = await codes;
    const ms = performance.now() - started;
    const rss = peakRssMiB(child.pid!);
    console.log(
      `${name.padEnd(28)} ${(bytes.length / 1024).toFixed(0).padStart(7)} KiB  plan ${plan.padEnd(20)} verify ${verify.padEnd(16)} ${ms.toFixed(0).padStart(6)} ms  peak RSS ${rss.toFixed(0).padStart(5)} MiB  hello p50 ${percentile(latencies, 0.5).toFixed(1).padStart(6)} ms  p95 ${percentile(latencies, 0.95).toFixed(1).padStart(6)} ms  max ${Math.max(
        ...latencies,
      )
        .toFixed(1)
        .padStart(6)} ms  (${latencies.length} hellos)`,
    );
    attacker.ws.close();
    bystander.ws.close();
    return { rss, p95: percentile(latencies, 0.95) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const reference = await attack('reference (Ghostscript PDF)', readFileSync(ordinaryPdf));
  await attack('reference (hand-made xref)', xrefStreamPdf());
  const fixtures = hostilePdfs({ pages: 20_000 });
  let worst = { rss: 0, p95: 0 };
  for (const [name, bytes] of Object.entries(fixtures)) {
    const r = await attack(name, bytes);
    worst = { rss: Math.max(worst.rss, r.rss), p95: Math.max(worst.p95, r.p95) };
  }
  console.log(
    `worst under attack: peak RSS ${worst.rss.toFixed(0)} MiB (${(worst.rss / reference.rss).toFixed(2)}× the reference), hello p95 ${worst.p95.toFixed(1)} ms (${(worst.p95 / reference.p95).toFixed(2)}× the reference)`,
  );
}

void main();
