/**
 * `kyso-agent autostart install|uninstall|status [--method systemd|xdg|run-key|launch-agent] [--dry-run] [--json]`
 * Starts the agent at logon for the current user (no administrator rights). Exit codes: 0 done / installed,
 * 1 a step failed, 2 bad arguments, 3 (`status`) not installed.
 */

import { KysoError } from '@kyso/shared';
import {
  type AutostartMethod,
  type AutostartPlan,
  autostartPlan,
  autostartStatus,
  installAutostart,
  methodsFor,
  planContext,
  type StepResult,
  uninstallAutostart,
} from '../autostart';
import { AUTOSTART } from './commands';
import { parseCommand } from './options';

const METHODS: AutostartMethod[] = ['systemd', 'xdg', 'run-key', 'launch-agent'];

function printPlan(plan: AutostartPlan, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    return;
  }
  process.stdout.write(`# method: ${plan.method}\n`);
  for (const file of plan.files) process.stdout.write(`# file ${file.path}\n${file.content}\n`);
  for (const argv of plan.install) process.stdout.write(`# run: ${argv.join(' ')}\n`);
}

function report(steps: StepResult[], json: boolean): number {
  if (json) process.stdout.write(`${JSON.stringify(steps, null, 2)}\n`);
  else
    for (const s of steps)
      process.stdout.write(`${s.ok ? 'OK  ' : 'FAIL'} ${s.step}${s.detail ? ` — ${s.detail}` : ''}\n`);
  return steps.every((s) => s.ok) ? 0 : 1;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(AUTOSTART, args);
  const [action] = positionals;
  const method = values.method as AutostartMethod | undefined;
  if (!action || !['install', 'uninstall', 'status'].includes(action) || positionals.length > 1) {
    throw new KysoError('INVALID_ARGUMENT', { autostart: positionals.join(' '), expected: 'install|uninstall|status' });
  }
  if (method !== undefined && !METHODS.includes(method)) {
    throw new KysoError('INVALID_ARGUMENT', { method, expected: METHODS });
  }
  const ctx = planContext();
  const json = values.json ?? false;
  if (action === 'install') {
    const plan = autostartPlan(ctx, method);
    if (!values['dry-run']) return report(installAutostart(plan), json);
    printPlan(plan, json);
    return 0;
  }
  if (action === 'uninstall') {
    const plans = (method ? [method] : methodsFor(ctx.platform)).map((m) => autostartPlan(ctx, m));
    if (!values['dry-run'])
      return report(
        plans.flatMap((p) => uninstallAutostart(p)),
        json,
      );
    for (const plan of plans) printPlan(plan, json);
    return 0;
  }
  const status = autostartStatus(ctx);
  if (json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
  else
    for (const s of status)
      process.stdout.write(
        `${s.method}: ${s.installed ? 'installed' : 'not installed'}${s.detail ? ` (${s.detail})` : ''}\n`,
      );
  return status.some((s) => s.installed) ? 0 : 3;
}
