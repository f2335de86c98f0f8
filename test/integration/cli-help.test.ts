/**
 * `kyso-agent <command> --help` for every command, through the built CLI as IT scripts call it: the usage of that
 * command on stdout with exit 0, and an unknown flag answered INVALID_ARGUMENT with exit 2 (never INTERNAL).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../agent/src/cli/commands';
import { ensureCliBuilt, runCli } from './cli-helpers';

describe('kyso-agent --help and bad flags', () => {
  beforeAll(() => ensureCliBuilt());

  it.each(COMMANDS.map((c) => [c.name, Object.keys(c.options)] as const))(
    '%s --help prints its usage with every flag and exits 0',
    (name, flags) => {
      const r = runCli([name, '--help']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`kyso-agent ${name}`);
      for (const flag of flags) expect(r.stdout).toContain(`--${flag}`);
      expect(r.stderr).toBe('');
      expect(runCli(['help', name]).stdout).toBe(r.stdout);
    },
  );

  it.each(COMMANDS.map((c) => [c.name] as const))('%s --no-such-flag is INVALID_ARGUMENT, exit 2', (name) => {
    const r = runCli([name, '--no-such-flag']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^INVALID_ARGUMENT: .*--no-such-flag/);
    expect(r.stderr).not.toContain('INTERNAL');
    expect(r.stdout).toBe('');
  });

  it('lists every command in the overall usage', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`kyso-agent ${c.name}`);
    expect(r.stdout).toContain('--tsa-optional');
  });
});
