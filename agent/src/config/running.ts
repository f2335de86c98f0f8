/**
 * What the running agent actually uses — its port, allowed origins, journal and log folders, configuration files
 * — written to the state folder while it listens, so `kyso-agent doctor` checks that agent rather than guessing from
 * the files it would read itself (the agent may run with `--config` / `--allow-origin` that doctor was not given).
 * Nothing secret: no PIN, no key material. Removed when the agent stops; a file whose process is gone is ignored.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type AgentPaths, agentPaths } from './paths';

export interface RunningAgentState {
  pid: number;
  port: number;
  allowedOrigins: string[];
  journalDir: string;
  logDir: string;
  configFiles: string[];
  startedAt: string;
}

export function runningStatePath(port: number, paths: AgentPaths = agentPaths()): string {
  return join(paths.stateDir, `running-${port}.json`);
}

/** Written atomically (temp file + rename), readable by the user only. */
export function writeRunningState(state: RunningAgentState, paths: AgentPaths = agentPaths()): () => void {
  const path = runningStatePath(state.port, paths);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state, null, 2), { mode: 0o600 });
  renameSync(temp, path);
  return () => rmSync(path, { force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The state of the agent listening on `port`, when one wrote it and its process still runs. */
export function readRunningState(port: number, paths: AgentPaths = agentPaths()): RunningAgentState | undefined {
  try {
    const state = JSON.parse(readFileSync(runningStatePath(port, paths), 'utf8')) as RunningAgentState;
    const wellFormed =
      Number.isInteger(state.pid) && state.port === port && Array.isArray(state.allowedOrigins) && !!state.journalDir;
    return wellFormed && alive(state.pid) ? state : undefined;
  } catch {
    return undefined;
  }
}
