/**
 * Finds PKCS#11 modules on this machine: the file names Vietnamese token vendors install (from the
 * vendors' installers; to be verified on real hardware), SoftHSM for tests, and paths from the configuration.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface KnownModule {
  token: string;
  /** Names or absolute paths; `*` matches any characters within a folder (e.g. `Vina-CA*.dll`). */
  win32?: string[];
  linux?: string[];
  darwin?: string[];
}

const range = (prefix: string, from: number, to: number, ext: string): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}${ext}`);

export const KNOWN_MODULES: KnownModule[] = [
  {
    token: 'SafeNet eToken',
    win32: ['eTPKCS11.dll'],
    linux: ['libeToken.so', 'libeTPkcs11.so'],
    darwin: ['/Library/Frameworks/eToken.framework/Versions/Current/libeToken.dylib'],
  },
  {
    token: 'Bit4id',
    win32: ['bit4xpki.dll'],
    linux: ['/usr/lib/libbit4xpki.so', 'libbit4xpki.so'],
    darwin: ['/Library/bit4id/pkcs11/libbit4xpki.dylib'],
  },
  {
    token: 'Feitian ePass2003/3003',
    win32: ['eps2003csp11.dll', 'ShuttleCsp11_3003.dll'],
    linux: ['libcastle.so.1.0.0'],
    darwin: ['libcastle.1.0.0.dylib'],
  },
  { token: 'VNPT-CA', win32: ['vnpt-ca_csp11.dll', 'VNPT-CA_v34.dll', ...range('vnptca_p11_v', 6, 10, '.dll')] },
  { token: 'Viettel-CA', win32: range('viettel-ca_v', 1, 6, '.dll'), darwin: range('viettel-ca_v', 4, 6, '.dylib') },
  { token: 'BkavCA', win32: ['BkavCA.dll', 'BkavCAv2S.dll', 'st3csp11.dll'] },
  { token: 'FPT-CA', win32: ['fpt-ca.dll', ...range('fptca_v', 3, 6, '.dll')], linux: ['fptca_v4.so'] },
  { token: 'CA2 / SmartSign / others', win32: ['CA2_csp11.dll', ...range('nca_v', 4, 9, '.dll'), 'Vina-CA*.dll'] },
  {
    token: 'SoftHSM',
    linux: ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so'],
    darwin: ['/usr/local/lib/softhsm/libsofthsm2.so', '/opt/homebrew/lib/softhsm/libsofthsm2.so'],
  },
];

/** Folders searched for bare file names. 64-bit Windows keeps 64-bit DLLs in System32 (SysWOW64 is 32-bit). */
function systemFolders(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'win32') {
    const root = env.SystemRoot ?? env.windir ?? 'C:\\Windows';
    return [join(root, 'System32')];
  }
  if (platform === 'darwin') return ['/usr/local/lib', '/Library/Frameworks', '/usr/lib'];
  return [
    '/usr/lib',
    '/usr/lib64',
    '/usr/local/lib',
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/lib',
  ];
}

export interface DiscoveryConfig {
  /** Extra module paths from the configuration (checked first, in order). */
  paths?: string[];
  /** For tests: the platform to search as (default: this one). */
  platform?: NodeJS.Platform;
  /** For tests: the folders bare names are searched in (default: the system folders). */
  folders?: string[];
  env?: NodeJS.ProcessEnv;
}

export interface DiscoveredModule {
  path: string;
  token: string;
  source: 'config' | 'known';
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Absolute names as they are; bare names in each folder; a `*` matches any run of characters (case-insensitive). */
function expand(name: string, folders: string[]): string[] {
  const absolute = name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name);
  if (!name.includes('*')) return absolute ? [name] : folders.map((f) => join(f, name));
  const escaped = name.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  const pattern = new RegExp(`^${escaped}$`, 'i');
  const out: string[] = [];
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    try {
      for (const entry of readdirSync(folder)) if (pattern.test(entry)) out.push(join(folder, entry));
    } catch {
      // unreadable folder: skip
    }
  }
  return out;
}

/** Configured paths and known vendor modules that exist here, without duplicates, configured ones first. */
export function discoverModules(config: DiscoveryConfig = {}): DiscoveredModule[] {
  const platform = config.platform ?? process.platform;
  const folders = config.folders ?? systemFolders(platform, config.env ?? process.env);
  const found = new Map<string, DiscoveredModule>();
  for (const path of config.paths ?? []) {
    if (isFile(path)) found.set(path, { path, token: 'configured', source: 'config' });
  }
  const key = platform === 'win32' || platform === 'linux' || platform === 'darwin' ? platform : 'linux';
  for (const known of KNOWN_MODULES) {
    for (const name of known[key] ?? []) {
      for (const path of expand(name, folders)) {
        if (!found.has(path) && isFile(path)) found.set(path, { path, token: known.token, source: 'known' });
      }
    }
  }
  return [...found.values()];
}
