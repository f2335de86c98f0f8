/**
 * Applies an autostart plan on this machine: install writes the files then runs the commands, uninstall runs
 * the commands then removes the files, status reports what is in place. Every step is reported, none hidden.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { seaApi } from '../native/addon';
import {
  type AutostartMethod,
  type AutostartPlan,
  autostartPlan,
  defaultMethod,
  type PlanContext,
  RUN_KEY,
  RUN_VALUE,
  SERVICE_NAME,
} from './plan';

export * from './plan';

export interface StepResult {
  step: string;
  ok: boolean;
  detail?: string;
}

/** The command line that starts this very agent: the single binary, or node and the CLI script. */
export function agentCommand(): string[] {
  if (seaApi()) return [process.execPath, 'serve'];
  return [process.execPath, realpathSync(process.argv[1] ?? ''), 'serve'];
}

/** A systemd user manager answers (it does not in containers, over plain SSH, or on non-systemd distributions). */
export function systemdUserAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  const r = spawnSync('systemctl', ['--user', 'show-environment'], { env, stdio: 'ignore', timeout: 5000 });
  return r.status === 0;
}

export function planContext(env: NodeJS.ProcessEnv = process.env): PlanContext {
  const platform = process.platform;
  return {
    platform,
    env,
    home: env.HOME ?? env.USERPROFILE ?? homedir(),
    command: agentCommand(),
    systemdUser: platform === 'linux' && systemdUserAvailable(env),
  };
}

function runStep(argv: string[], env: NodeJS.ProcessEnv): StepResult {
  const [cmd, ...args] = argv as [string, ...string[]];
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 30_000 });
  const detail = r.error ? r.error.message : `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() || undefined;
  return { step: argv.join(' '), ok: !r.error && r.status === 0, detail };
}

export function installAutostart(plan: AutostartPlan, env: NodeJS.ProcessEnv = process.env): StepResult[] {
  const results: StepResult[] = [];
  for (const file of plan.files) {
    mkdirSync(dirname(file.path), { recursive: true });
    const temp = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temp, file.content, { mode: 0o644 });
    renameSync(temp, file.path);
    results.push({ step: `write ${file.path}`, ok: true });
  }
  for (const argv of plan.install) results.push(runStep(argv, env));
  return results;
}

export function uninstallAutostart(plan: AutostartPlan, env: NodeJS.ProcessEnv = process.env): StepResult[] {
  const results: StepResult[] = [];
  for (const argv of plan.uninstall) {
    if (plan.files.length > 0 && !plan.files.some((f) => existsSync(f.path))) continue; // nothing to undo
    results.push(runStep(argv, env));
  }
  for (const file of plan.files) {
    if (!existsSync(file.path)) continue;
    rmSync(file.path, { force: true });
    results.push({ step: `remove ${file.path}`, ok: true });
  }
  return results;
}

/** The methods that apply to this OS (Linux: both, so an uninstall removes whichever was installed). */
export function methodsFor(platform: NodeJS.Platform): AutostartMethod[] {
  if (platform === 'win32') return ['run-key'];
  if (platform === 'darwin') return ['launch-agent'];
  return ['systemd', 'xdg'];
}

export interface AutostartStatus {
  method: AutostartMethod;
  installed: boolean;
  detail?: string;
}

export function autostartStatus(ctx: PlanContext): AutostartStatus[] {
  return methodsFor(ctx.platform).map((method) => {
    const plan = autostartPlan(ctx, method);
    if (method === 'run-key') {
      const r = runStep(['reg', 'query', RUN_KEY, '/v', RUN_VALUE], ctx.env);
      return { method, installed: r.ok, detail: r.detail };
    }
    const installed = plan.files.every((f) => existsSync(f.path));
    if (method === 'systemd' && installed && ctx.systemdUser) {
      const r = runStep(['systemctl', '--user', 'is-active', `${SERVICE_NAME}.service`], ctx.env);
      return { method, installed, detail: r.detail };
    }
    return { method, installed, detail: installed ? plan.files.map((f) => f.path).join(', ') : undefined };
  });
}

export { defaultMethod };
