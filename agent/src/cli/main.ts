/**
 * `kyso-agent` command line. A stable contract: IT scripts and external checks call it exactly as documented.
 * Failures print one line `CODE: message` on stderr and exit non-zero.
 */
import { KysoError } from '@kyso/shared';
import { AGENT_VERSION } from '../version';
import { COMMANDS } from './commands';
import { commandUsage, usageLine, wantsHelp } from './options';

type Command = (args: string[]) => Promise<number>;

/** Printed on `--help` and without a command: every command's synopsis, from the same tables the parsers use. */
function usage(): string {
  const lines = COMMANDS.map((spec) => usageLine(spec).replace(/^/gm, '  '));
  return `kyso-agent ${AGENT_VERSION} — ký số văn bản PDF bằng USB token (KySo Bridge)

Cách dùng / Usage:
  kyso-agent --version
${lines.join('\n')}

Chi tiết một lệnh / one command in detail: kyso-agent <command> --help
PIN: biến môi trường KYSO_PIN hoặc nhập ẩn trên terminal (never on the command line).
`;
}

/** Exit code of a command line that cannot be understood (other failures exit 1). */
const EXIT_BAD_ARGUMENTS = 2;

const commands: Record<string, () => Promise<Command>> = {};

/** Registers a command lazily so `--version` does not load PKCS#11 or PDF code. */
export function registerCommand(name: string, load: () => Promise<Command>): void {
  commands[name] = load;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${AGENT_VERSION}\n`);
    return 0;
  }
  const asked = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
  if (asked) {
    process.stdout.write(commandUsage(asked));
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : EXIT_BAD_ARGUMENTS;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(
      `${new KysoError('INVALID_ARGUMENT', { command: name }).toLine()} — unknown command '${name}'\n`,
    );
    return EXIT_BAD_ARGUMENTS;
  }
  const spec = COMMANDS.find((c) => c.name === name);
  if (spec && wantsHelp(rest)) {
    process.stdout.write(commandUsage(spec));
    return 0;
  }
  return (await load())(rest);
}

// Signing core commands.
registerCommand('sign', () => import('./sign').then((m) => m.run));
registerCommand('verify', () => import('./verify').then((m) => m.run));

// Agent service commands.
registerCommand('serve', () => import('./serve').then((m) => m.run));
registerCommand('tokens', () => import('./tokens').then((m) => m.run));
registerCommand('config', () => import('./config').then((m) => m.run));
registerCommand('journal', () => import('./journal').then((m) => m.run));
registerCommand('doctor', () => import('./doctor').then((m) => m.run));

// Installation.
registerCommand('autostart', () => import('./autostart').then((m) => m.run));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const e = error instanceof KysoError ? error : new KysoError('INTERNAL', { cause: String(error) });
    // The person who typed the command line needs to know which word was wrong.
    const reason =
      e.code === 'INVALID_ARGUMENT' && typeof e.details.reason === 'string' ? ` — ${e.details.reason}` : '';
    process.stderr.write(`${e.toLine()}${reason}\n`);
    if (process.env.KYSO_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
    process.exitCode = e.code === 'INVALID_ARGUMENT' ? EXIT_BAD_ARGUMENTS : 1;
  },
);
