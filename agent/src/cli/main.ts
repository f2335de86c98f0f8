/**
 * `kyso-agent` command line. A stable contract: IT scripts and external checks call it exactly as documented.
 * Failures print one line `CODE: message` on stderr and exit non-zero.
 */
import { KysoError } from '@kyso/shared';
import { AGENT_VERSION } from '../version';

type Command = (args: string[]) => Promise<number>;

const USAGE = `kyso-agent ${AGENT_VERSION} — ký số văn bản PDF bằng USB token (KySo Bridge)

Cách dùng / Usage:
  kyso-agent --version
  kyso-agent tokens [--module PATH] [--json]
  kyso-agent sign --in IN.pdf --out OUT.pdf [--module PATH] [--token LABEL] [--cert CKA_ID_HEX] [--page N]
                  [--rect X,Y,W,H] [--image PNG] [--text TEXT] [--invisible] [--reason TEXT] [--location TEXT]
                  [--profile leader|organization|appendix|copy|custom] [--seal-mm N] [--number TEXT]
                  [--date YYYY-MM-DD] [--copy-type "SAO Y"|"SAO LỤC"|"TRÍCH SAO"]
  kyso-agent verify IN.pdf [--trust ROOT.pem] [--json]
  kyso-agent serve [--port N] [--config FILE] [--allow-origin ORIGIN]… [--module PATH]… [--verbose]
  kyso-agent config [--config FILE] [--json]
  kyso-agent journal [--since ISO-DATE] [--json]
  kyso-agent doctor [--json] [--lang vi|en] [--module PATH]…
  kyso-agent autostart install|uninstall|status [--method systemd|xdg|run-key|launch-agent] [--dry-run] [--json]

PIN: biến môi trường KYSO_PIN hoặc nhập ẩn trên terminal (never on the command line).
`;

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
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(
      `${new KysoError('INVALID_ARGUMENT', { command: name }).toLine()} — unknown command '${name}'\n`,
    );
    return 2;
  }
  return (await load())(rest);
}

// Signing core commands (issue 3).
registerCommand('sign', () => import('./sign').then((m) => m.run));
registerCommand('verify', () => import('./verify').then((m) => m.run));

// Agent service commands (issue 4).
registerCommand('serve', () => import('./serve').then((m) => m.run));
registerCommand('tokens', () => import('./tokens').then((m) => m.run));
registerCommand('config', () => import('./config').then((m) => m.run));
registerCommand('journal', () => import('./journal').then((m) => m.run));
registerCommand('doctor', () => import('./doctor').then((m) => m.run));

// Installation (issue 7).
registerCommand('autostart', () => import('./autostart').then((m) => m.run));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const e = error instanceof KysoError ? error : new KysoError('INTERNAL', { cause: String(error) });
    process.stderr.write(`${e.toLine()}\n`);
    if (process.env.KYSO_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
