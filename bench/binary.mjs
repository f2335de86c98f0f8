#!/usr/bin/env node
// Single-binary figures: size of dist/kyso-agent-linux-x64, time from spawn to the `serve` listening
// line (median of 5, target < 300 ms) and idle RSS of the serving process (target < 70 MiB).
// Builds the binary first when it is stale. Prints figures; asserts nothing. Plain node, built-ins only.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const binary = join(root, 'dist', 'kyso-agent-linux-x64');
const RUNS = 5;
const MiB = 1024 * 1024;

/** Starts `serve` on a free port; resolves with the ms to the listening line and the running child. */
function startServe(env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(binary, ['serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('KySo Agent listening on '))
        resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, child });
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code} before listening`)));
  });
}

function rssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

function stop(child) {
  return new Promise((resolve) => {
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

execFileSync(process.execPath, [join(root, 'agent', 'sea', 'build.mjs'), '--target', 'linux', '--if-stale'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
const home = mkdtempSync(join(tmpdir(), 'kyso-bench-binary-'));
const env = {
  PATH: '/nonexistent',
  HOME: home,
  KYSO_AGENT_CONFIG: join(home, 'config.json'),
  KYSO_AGENT_MANAGED_CONFIG: join(home, 'managed.json'),
  KYSO_AGENT_STATE_DIR: join(home, 'state'),
};
try {
  const times = [];
  let idleRss = 0;
  for (let i = 0; i < RUNS; i++) {
    const { ms, child } = await startServe(env);
    times.push(ms);
    if (i === RUNS - 1) {
      await new Promise((r) => setTimeout(r, 2000)); // idle: after start-up garbage is collected
      idleRss = rssMiB(child.pid);
    }
    await stop(child);
  }
  const size = statSync(binary).size / MiB;
  const start = median(times);
  process.stdout.write(`binary size (linux-x64)      ${size.toFixed(1)} MiB\n`);
  const win = join(root, 'dist', 'kyso-agent-win-x64.exe');
  if (existsSync(win))
    process.stdout.write(`binary size (win-x64)        ${(statSync(win).size / MiB).toFixed(1)} MiB\n`);
  process.stdout.write(
    `start → listening (median 5) ${start.toFixed(0)} ms   target < 300 ms ${start < 300 ? 'OK' : 'MISSED'}\n`,
  );
  process.stdout.write(
    `idle RSS of serve            ${idleRss.toFixed(1)} MiB  target < 70 MiB ${idleRss < 70 ? 'OK' : 'MISSED'}\n`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
