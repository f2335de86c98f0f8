/**
 * Command-line option tables: one per command, read by both the parser (node:util parseArgs) and the usage text,
 * so `--help` always lists exactly the flags the command accepts. A command line the parser refuses is
 * INVALID_ARGUMENT (exit 2), never INTERNAL.
 */
import { parseArgs } from 'node:util';
import { KysoError } from '@kyso/shared';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  default?: string | boolean;
  /** The value's placeholder in the usage line (PATH, N, TEXT…); string options only. */
  value?: string;
  /** One line: what the flag does (Vietnamese / English). */
  help: string;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

export interface CommandSpec<O extends OptionTable = OptionTable> {
  name: string;
  /** What the command does, one line. */
  summary: string;
  /** Positional words after the command (`IN.pdf`, `install|uninstall|status`); absent → none accepted. */
  positionals?: string;
  /** Options that must be given (shown without brackets). */
  required?: readonly string[];
  options: O;
}

/** `-h`/`--help` anywhere before `--`: the caller prints the command's usage instead of running it. */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

type Parsed<O extends OptionTable> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/** parseArgs over the command's table; its refusals (unknown flag, missing value, stray word) → INVALID_ARGUMENT. */
export function parseCommand<O extends OptionTable>(spec: CommandSpec<O>, args: string[]): Parsed<O> {
  try {
    return parseArgs({
      args,
      options: spec.options,
      allowPositionals: spec.positionals !== undefined,
      strict: true,
    }) as Parsed<O>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!code.startsWith('ERR_PARSE_ARGS')) throw error;
    throw new KysoError('INVALID_ARGUMENT', {
      reason: (error as Error).message,
      help: `kyso-agent ${spec.name} --help`,
    });
  }
}

function flag(name: string, option: OptionSpec): string {
  const word = option.type === 'string' ? `--${name} ${option.value ?? 'VALUE'}` : `--${name}`;
  return option.multiple ? `${word}…` : word;
}

/** The synopsis: `kyso-agent sign --in IN.pdf --out OUT.pdf [--module PATH]… …`, wrapped at `width`. */
export function usageLine(spec: CommandSpec, width = 116): string {
  const words = [
    `kyso-agent ${spec.name}`,
    ...(spec.positionals ? [spec.positionals] : []),
    ...Object.entries(spec.options).map(([name, option]) =>
      spec.required?.includes(name) ? flag(name, option) : `[${flag(name, option)}]`,
    ),
  ];
  const indent = ' '.repeat(`kyso-agent ${spec.name} `.length);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines.join('\n');
}

/** `kyso-agent <command> --help`: synopsis, then every flag with its help line. */
export function commandUsage(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, option]) => [flag(name, option), option.help] as const);
  rows.push(['--help, -h', 'In hướng dẫn này / print this help']);
  const pad = Math.max(...rows.map(([f]) => f.length)) + 2;
  const options = rows.map(([f, help]) => `  ${f.padEnd(pad)}${help}`).join('\n');
  const synopsis = usageLine(spec).replace(/^/gm, '  ');
  return `${spec.summary}\n\nCách dùng / Usage:\n${synopsis}\n\nTuỳ chọn / Options:\n${options}\n`;
}
