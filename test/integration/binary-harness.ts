/**
 * Builds the single binary once per test run (reusing dist/ when it is newer than every input) and runs it the way
 * a workstation without Node does: by absolute path, with a PATH holding no `node`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const LINUX_BINARY = join(ROOT, 'dist', 'kyso-agent-linux-x64');
export const WIN_BINARY = join(ROOT, 'dist', 'kyso-agent-win-x64.exe');

/** `npm run build:binary` for one target, skipped by the build script itself when dist/ is up to date. */
export function buildBinary(target: 'linux' | 'win'): string {
  return execFileSync(process.execPath, [join(ROOT, 'agent', 'sea', 'build.mjs'), '--target', target, '--if-stale'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 600_000,
  });
}

/** An empty folder to use as PATH: nothing, Node least of all, can be found through it. */
export function nodelessPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-nopath-'));
  if (readdirSync(dir).length !== 0) throw new Error('expected an empty PATH folder');
  return dir;
}

/** A fresh environment: no inherited variables, a private HOME, config and state in `dir`. */
export function cleanEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  return {
    PATH: nodelessPath(),
    HOME: home,
    LANG: 'C.UTF-8',
    KYSO_AGENT_CONFIG: join(dir, 'user-config.json'),
    KYSO_AGENT_MANAGED_CONFIG: join(dir, 'managed-config.json'),
    KYSO_AGENT_STATE_DIR: join(dir, 'state'),
    ...extra,
  };
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBinary(binary: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `serve` and resolves with its listening line; the caller kills the process. */
export function serveBinary(binary: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(binary, ['serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const listening = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('KySo Agent listening on '));
      if (line) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { child, listening };
}
