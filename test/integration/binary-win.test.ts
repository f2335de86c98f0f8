/**
 * dist/kyso-agent-win-x64.exe, built on Linux: a PE32+ (x64) executable whose resources hold the SEA blob, whose
 * node.exe signature was removed before injection, with the cross-built pkcs11.node inside. Under wine64 (installed
 * by scripts/bootstrap.mjs on Debian) it runs `--version`, reports a missing module clearly, and loads its addon.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, ROOT, WIN_BINARY } from './binary-harness';

interface Section {
  name: string;
  offset: number;
  size: number;
}

interface PeInfo {
  machine: number;
  optionalMagic: number;
  /** Size of the Authenticode certificate table (data directory 4); 0 when unsigned. */
  certificateTableSize: number;
  sections: Section[];
}

function readPe(bytes: Buffer): PeInfo {
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('MZ');
  const pe = bytes.readUInt32LE(0x3c);
  expect(bytes.subarray(pe, pe + 4).toString('latin1')).toBe('PE\0\0');
  const count = bytes.readUInt16LE(pe + 6);
  const optionalSize = bytes.readUInt16LE(pe + 20);
  const optional = pe + 24;
  const sections: Section[] = [];
  for (let i = 0; i < count; i++) {
    const at = optional + optionalSize + i * 40;
    const name = bytes
      .subarray(at, at + 8)
      .toString('latin1')
      .replace(/\0+$/, '');
    sections.push({ name, size: bytes.readUInt32LE(at + 16), offset: bytes.readUInt32LE(at + 20) });
  }
  return {
    machine: bytes.readUInt16LE(pe + 4),
    optionalMagic: bytes.readUInt16LE(optional),
    certificateTableSize: bytes.readUInt32LE(optional + 112 + 4 * 8 + 4),
    sections,
  };
}

const MINGW = existsSync('/usr/bin/x86_64-w64-mingw32-g++-posix');
const WINE = ['/usr/lib/wine/wine64', '/usr/bin/wine64'].find((p) => existsSync(p));
const DEBIAN_ROOT = existsSync('/usr/bin/apt-get') && process.getuid?.() === 0;

let exe: Buffer;
let pe: PeInfo;
let rsrc: Buffer;

beforeAll(() => {
  buildBinary('win');
  exe = readFileSync(WIN_BINARY);
  pe = readPe(exe);
  const section = pe.sections.find((s) => s.name === '.rsrc');
  expect(section).toBeDefined();
  rsrc = exe.subarray(section?.offset, (section?.offset ?? 0) + (section?.size ?? 0));
}, 600_000);

describe('dist/kyso-agent-win-x64.exe', () => {
  it('is a PE32+ x64 executable without the (now broken) node.exe signature', () => {
    expect(pe.machine).toBe(0x8664);
    expect(pe.optionalMagic).toBe(0x20b);
    expect(pe.certificateTableSize).toBe(0);
  });

  it('carries the SEA blob as the NODE_SEA_BLOB resource, with the fuse flipped', () => {
    expect(rsrc.includes(Buffer.from('NODE_SEA_BLOB', 'utf16le'))).toBe(true);
    expect(rsrc.includes(Buffer.from('KySo Agent listening on '))).toBe(true);
    expect(exe.includes(Buffer.from('NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1'))).toBe(true);
  });

  it('embeds the cross-built pkcs11.node when mingw-w64 is installed (else the build says it is missing)', () => {
    const dosStub = Buffer.from('This program cannot be run in DOS mode');
    // Documented fallback without mingw-w64: an exe without the addon, whose token commands cannot work.
    expect(rsrc.includes(dosStub)).toBe(MINGW);
    if (!MINGW) expect(DEBIAN_ROOT, 'bootstrap installs g++-mingw-w64-x86-64-posix on Debian').toBe(false);
  });
});

describe('under wine64', () => {
  let prefix: string;
  beforeAll(() => {
    if (!WINE) return;
    prefix = mkdtempSync(join(tmpdir(), 'kyso-wine-'));
    // Node 20 refuses Windows 7, wine's default version in a new prefix.
    spawnSync(WINE, ['winecfg', '/v', 'win10'], { env: wineEnv(), stdio: 'ignore', timeout: 120_000 });
  }, 180_000);
  afterAll(() => {
    if (prefix) rmSync(prefix, { recursive: true, force: true });
  });

  function wineEnv(): NodeJS.ProcessEnv {
    return { PATH: '/usr/bin:/bin', HOME: process.env.HOME, WINEPREFIX: prefix, WINEDEBUG: '-all' };
  }

  /** wine's console output is reliable to a file, not to a pipe. */
  function runExe(args: string[]): { code: number | null; stdout: string; stderr: string } {
    const out = join(prefix, 'stdout.txt');
    const err = join(prefix, 'stderr.txt');
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const cmd = `${q(WINE as string)} ${q(WIN_BINARY)} ${args.map(q).join(' ')} >${q(out)} 2>${q(err)}`;
    const r = spawnSync('/bin/sh', ['-c', cmd], { env: wineEnv(), timeout: 120_000 });
    return { code: r.status, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') };
  }

  it('is available, or cannot be installed here (documented: then only the checks above run)', () => {
    if (!WINE) expect(DEBIAN_ROOT, 'bootstrap installs wine64 on Debian').toBe(false);
    else expect(existsSync(WINE)).toBe(true);
  });

  it.runIf(WINE)('prints its version', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'agent', 'package.json'), 'utf8')).version;
    expect(runExe(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it.runIf(WINE)('reports a missing token module clearly', () => {
    const r = runExe(['tokens', '--json', '--module', 'C:\\Program Files\\Missing\\vendor-p11.dll']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).modules[0]).toMatchObject({ loaded: false, error: 'MODULE_NOT_FOUND' });
  });

  it.runIf(WINE && MINGW)('loads its pkcs11.node: a DLL without C_GetFunctionList fails inside the addon', () => {
    const r = runExe(['doctor', '--json', '--module', 'C:\\windows\\system32\\kernel32.dll']);
    const check = JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'module');
    // 127 = ERROR_PROC_NOT_FOUND from GetProcAddress in the addon: LoadLibrary and N-API calls worked.
    expect(check.details).toMatchObject({ code: 'MODULE_LOAD_FAILED', loaderMessage: 'Win32 error 127' });
    const cache = join(prefix, 'drive_c', 'users');
    expect(spawnSync('find', [cache, '-name', 'pkcs11.node'], { encoding: 'utf8' }).stdout).toMatch(
      /AppData\/Local\/KySo\/Agent\/native\/[0-9a-f]{32}\/pkcs11\.node/,
    );
  });
});
