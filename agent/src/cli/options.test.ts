import { KysoError } from '@kyso/shared';
import { describe, expect, it } from 'vitest';
import { COMMANDS, SIGN } from './commands';
import { commandUsage, parseCommand, usageLine, wantsHelp } from './options';

/** A value the flag's parser accepts: the table says whether it takes one. */
const argsFor = (name: string, type: 'string' | 'boolean') => (type === 'string' ? [`--${name}`, 'x'] : [`--${name}`]);

describe('command option tables', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s: the usage lists exactly the flags its parser accepts',
    (_, spec) => {
      const usage = commandUsage(spec);
      const listed = new Set([...usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]));
      listed.delete('help');
      expect([...listed].sort()).toEqual(Object.keys(spec.options).sort());
      for (const [name, option] of Object.entries(spec.options)) {
        expect(() => parseCommand(spec, argsFor(name, option.type))).not.toThrow();
        expect(usageLine(spec)).toContain(`--${name}`);
      }
    },
  );

  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s: an unknown flag is INVALID_ARGUMENT naming the flag',
    (_, spec) => {
      const taken = (() => {
        try {
          parseCommand(spec, ['--no-such-flag']);
        } catch (error) {
          return error;
        }
      })();
      expect(taken).toBeInstanceOf(KysoError);
      expect((taken as KysoError).code).toBe('INVALID_ARGUMENT');
      expect(String((taken as KysoError).details.reason)).toContain('--no-such-flag');
    },
  );

  it('refuses a string flag without its value and a stray word where none is taken', () => {
    expect(() => parseCommand(SIGN, ['--in'])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => parseCommand(SIGN, ['extra.pdf'])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('sees --help and -h before "--" only', () => {
    expect(wantsHelp(['--in', 'a.pdf', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['--', '--help'])).toBe(false);
    expect(wantsHelp(['--in', 'a.pdf'])).toBe(false);
  });

  it('shows required flags without brackets and repeatable ones with an ellipsis', () => {
    const line = usageLine(SIGN);
    expect(line).toMatch(/^kyso-agent sign --in IN\.pdf --out OUT\.pdf \[/);
    expect(line).toContain('[--chain CERTS.pem…]');
    for (const row of line.split('\n')) expect(row.length).toBeLessThanOrEqual(116);
  });
});
