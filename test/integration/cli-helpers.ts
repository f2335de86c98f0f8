/**
 * Running the built `kyso-agent` CLI the way IT scripts do, for integration tests.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'agent', 'bin', 'kyso-agent.cjs');
const BUNDLE = join(ROOT, 'agent', 'dist', 'kyso-agent.cjs');

/** Builds the bundle when it is missing (a plain `vitest` run without the bootstrap). */
export function ensureCliBuilt(): void {
  if (!existsSync(BUNDLE) || statSync(BUNDLE).size === 0)
    execFileSync('npm', ['run', 'build', '-w', 'agent'], { cwd: ROOT });
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, KYSO_PIN: undefined, ...env },
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same, without blocking this process: needed when the test itself serves something the CLI calls
 * (a TSA on 127.0.0.1), which a synchronous spawn would starve.
 */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { encoding: 'utf8', env: { ...process.env, KYSO_PIN: undefined, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}
