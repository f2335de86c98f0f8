/**
 * `kyso-agent autostart`: Linux for real (files written, commands run, status, uninstall; the systemd unit checked
 * by `systemd-analyze verify`), Windows and macOS artefacts generated and checked as text.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  autostartPlan,
  launchAgentPlist,
  type PlanContext,
  runKeyRegFile,
  systemdUnit,
  windowsCommandLine,
  xdgDesktopEntry,
} from '../../agent/src/autostart/plan';
import { CLI, ensureCliBuilt } from './cli-helpers';

let dir: string;
beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'kyso-autostart-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [CLI, 'autostart', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

function userEnv(name: string, path = '/usr/bin:/bin'): NodeJS.ProcessEnv {
  const home = join(dir, name);
  mkdirSync(home, { recursive: true });
  return { PATH: path, HOME: home, XDG_CONFIG_HOME: join(home, 'config') };
}

const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

describe('Linux systemd user unit', () => {
  it('is valid for systemd-analyze, also for a path with spaces, Vietnamese letters and %', () => {
    const binDir = join(dir, 'Kho ứng dụng 100%');
    mkdirSync(binDir, { recursive: true });
    const exe = join(binDir, 'kyso agent');
    symlinkSync(process.execPath, exe);
    const unitPath = join(dir, 'kyso-agent.service');
    const unit = systemdUnit([exe, 'serve']);
    writeFileSync(unitPath, unit);
    expect(unit).toContain('UnsetEnvironment=NODE_OPTIONS');
    expect(unit).toMatch(/^\[Install\]\nWantedBy=default\.target$/m);
    if (!hasSystemdAnalyze) {
      // Documented fallback without systemd-analyze: the structural checks above are all that runs.
      expect(existsSync('/usr/bin/systemd-analyze')).toBe(false);
      return;
    }
    const r = spawnSync('systemd-analyze', ['verify', unitPath], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/kyso-agent\.service:/);
  });

  it('falls back to XDG autostart for a path systemd refuses (quotes, backslashes)', () => {
    const ctx: PlanContext = {
      platform: 'linux',
      env: {},
      home: '/home/u',
      systemdUser: true,
      command: ['/opt/k/a', 'serve'],
    };
    expect(autostartPlan(ctx).method).toBe('systemd');
    expect(autostartPlan({ ...ctx, command: ['/opt/"k"/a', 'serve'] }).method).toBe('xdg');
  });

  it('installs through systemctl --user, reports status, uninstalls', () => {
    const fakeBin = join(dir, 'fake-bin');
    mkdirSync(fakeBin, { recursive: true });
    const log = join(dir, 'systemctl.log');
    writeFileSync(join(fakeBin, 'systemctl'), `#!/bin/sh\necho "$@" >> '${log}'\nexit 0\n`);
    chmodSync(join(fakeBin, 'systemctl'), 0o755);
    const env = userEnv('systemd-user', `${fakeBin}:/usr/bin:/bin`);
    expect(cli(['install'], env)).toMatchObject({ code: 0 });
    const unitPath = join(env.XDG_CONFIG_HOME as string, 'systemd', 'user', 'kyso-agent.service');
    const unit = readFileSync(unitPath, 'utf8');
    expect(unit).toContain(`ExecStart="${process.execPath}" "${realpathSync(CLI)}" "serve"`);
    expect(readFileSync(log, 'utf8')).toBe(
      'show-environment\n--user daemon-reload\n--user enable --now kyso-agent.service\n'.replace(
        'show-environment',
        '--user show-environment',
      ),
    );
    const status = cli(['status'], env);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^systemd: installed/m);
    expect(cli(['uninstall'], env).code).toBe(0);
    expect(existsSync(unitPath)).toBe(false);
    expect(readFileSync(log, 'utf8')).toContain('--user disable --now kyso-agent.service');
    expect(cli(['status'], env).code).toBe(3);
  });
});

describe('Linux XDG autostart fallback', () => {
  it('is used when no systemd user manager answers, and uninstalls cleanly', () => {
    // An empty PATH: no systemctl, as on a desktop without systemd.
    const env = userEnv('xdg-user', join(dir, 'empty-path'));
    expect(cli(['status'], env).code).toBe(3);
    const install = cli(['install'], env);
    expect(install.code, install.out).toBe(0);
    const entryPath = join(env.XDG_CONFIG_HOME as string, 'autostart', 'kyso-agent.desktop');
    const entry = readFileSync(entryPath, 'utf8');
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(entry).toContain(`Exec=${process.execPath} ${realpathSync(CLI)} serve`);
    expect(cli(['status'], env).out).toMatch(/^xdg: installed/m);
    expect(cli(['uninstall'], env).code).toBe(0);
    expect(existsSync(entryPath)).toBe(false);
  });

  it('quotes Exec words with spaces or reserved characters', () => {
    expect(xdgDesktopEntry(['/opt/Kho ứng dụng/kyso$agent', 'serve'])).toContain(
      'Exec="/opt/Kho ứng dụng/kyso\\$agent" serve',
    );
  });

  it('rejects an unknown action or method with INVALID_ARGUMENT', () => {
    const env = userEnv('bad-args');
    expect(cli(['enable'], env)).toMatchObject({ code: 2 });
    expect(cli(['install', '--method', 'cron'], env).out).toMatch(/^INVALID_ARGUMENT: /);
  });
});

const winCtx: PlanContext = {
  platform: 'win32',
  env: {},
  home: 'C:\\Users\\vanthu',
  command: ['C:\\Program Files\\KySo\\kyso-agent.exe', 'serve'],
  systemdUser: false,
};

describe('Windows HKCU Run key (generated as text)', () => {
  it('adds the quoted command line to HKCU\\…\\Run without administrator rights', () => {
    const plan = autostartPlan(winCtx);
    expect(plan.method).toBe('run-key');
    expect(plan.install).toEqual([
      [
        'reg',
        'add',
        'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
        '/v',
        'KySoAgent',
        '/t',
        'REG_SZ',
        '/d',
        '"C:\\Program Files\\KySo\\kyso-agent.exe" serve',
        '/f',
      ],
    ]);
    expect(plan.uninstall[0]).toEqual([
      'reg',
      'delete',
      'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run',
      '/v',
      'KySoAgent',
      '/f',
    ]);
  });

  it('writes a .reg file with CRLF lines and escaped backslashes and quotes', () => {
    const reg = runKeyRegFile(winCtx.command);
    expect(reg.split('\r\n')).toEqual([
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run]',
      '"KySoAgent"="\\"C:\\\\Program Files\\\\KySo\\\\kyso-agent.exe\\" serve"',
      '',
    ]);
  });

  it('quotes arguments the way CommandLineToArgvW splits them', () => {
    expect(windowsCommandLine(['C:\\a b\\x.exe', 'serve', '--config', 'C:\\cfg dir\\'])).toBe(
      '"C:\\a b\\x.exe" serve --config "C:\\cfg dir\\\\"',
    );
    expect(windowsCommandLine(['say "hi"'])).toBe('"say \\"hi\\""');
  });
});

/** A strict little XML check: declaration, doctype, then balanced elements and escaped text only. */
function xmlElements(xml: string): string[] {
  const body = xml.replace(/^<\?xml [^>]*\?>\s*<!DOCTYPE plist [^>]*>\s*/, '');
  expect(body).not.toBe(xml);
  const stack: string[] = [];
  const seen: string[] = [];
  for (const token of body.match(/<[^>]*>|[^<]+/g) ?? []) {
    if (!token.startsWith('<')) {
      expect(token).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
      continue;
    }
    const m = /^<(\/?)([a-z]+)(?: version="1\.0")?(\/?)>$/.exec(token);
    expect(m, token).not.toBeNull();
    const [, close, name, selfClose] = m as RegExpExecArray;
    if (close) expect(stack.pop()).toBe(name);
    else if (!selfClose) stack.push(name as string);
    seen.push(`${close}${name}`);
  }
  expect(stack).toEqual([]);
  return seen;
}

describe('macOS LaunchAgent (generated as text)', () => {
  it('is a well-formed property list that runs the agent at login', () => {
    const ctx: PlanContext = {
      ...winCtx,
      platform: 'darwin',
      home: '/Users/vanthu',
      command: ['/Applications/KySo & Co/kyso-agent', 'serve'],
    };
    const plan = autostartPlan(ctx);
    expect(plan.method).toBe('launch-agent');
    expect(plan.files[0]?.path).toBe('/Users/vanthu/Library/LaunchAgents/vn.kyso.agent.plist');
    const plist = plan.files[0]?.content as string;
    const elements = xmlElements(plist);
    expect(elements[0]).toBe('plist');
    expect(plist).toContain('<key>Label</key>\n  <string>vn.kyso.agent</string>');
    expect(plist).toContain('<string>/Applications/KySo &amp; Co/kyso-agent</string>\n    <string>serve</string>');
    expect(plist).toMatch(/<key>RunAtLoad<\/key>\s*<true\/>/);
    expect(plan.install[0]?.[0]).toBe('launchctl');
    expect(launchAgentPlist(['/a'], '/l')).toContain('<string>/l/autostart.log</string>');
  });
});
