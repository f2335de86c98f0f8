/**
 * Loads a native addon (pkcs11.node) inside the single binary. A SEA's `require()` only resolves built-in
 * modules, so the addon travels as a SEA asset: its bytes are written once to a per-user cache folder named by
 * their hash, checked, then handed to `process.dlopen`. A `pkcs11.node` beside the executable wins, so IT can
 * replace the addon without rebuilding the binary.
 */

import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KysoError } from '@kyso/shared';
import { agentCacheDir } from '../config/paths';

interface SeaApi {
  isSea(): boolean;
  getRawAsset(key: string): ArrayBuffer;
}

/** `node:sea` exists from Node 20.12; outside a SEA (tests, `node kyso-agent.cjs`) there is nothing to load. */
export function seaApi(): SeaApi | undefined {
  // getBuiltinModule works the same in ESM (vitest), CommonJS and a SEA, whose `require` differs in each.
  const sea = process.getBuiltinModule?.('node:sea') as SeaApi | undefined;
  return sea?.isSea() ? sea : undefined;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A folder only this user can write: another local user who could swap the file would run code as this user.
 * POSIX only; on Windows the folder under %LOCALAPPDATA% inherits the profile's ACL.
 */
function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const st = lstatSync(dir);
  if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid())) {
    throw new KysoError('INTERNAL', { addonCache: dir, reason: 'not a directory owned by this user' });
  }
  if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** Writes the asset to `<root>/<hash>/<name>` unless an intact copy is there already; returns its path. */
export function extractAsset(name: string, bytes: Uint8Array, root: string): string {
  const hash = sha256(bytes);
  const dir = join(root, hash.slice(0, 32));
  const file = join(dir, name);
  ensurePrivateDir(root);
  ensurePrivateDir(dir);
  if (existsSync(file) && sha256(readFileSync(file)) === hash) return file;
  // Temp file + rename: two agents starting together never load a half-written library.
  const temp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, bytes, { mode: 0o700 });
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new KysoError('INTERNAL', { addonCache: dir, cause: String(error) });
  }
  if (sha256(readFileSync(file)) !== hash) {
    throw new KysoError('INTERNAL', { addonCache: file, reason: 'hash mismatch after extraction' });
  }
  return file;
}

function dlopen(file: string): unknown {
  const module = { exports: {} as unknown };
  try {
    process.dlopen(module, file);
  } catch (error) {
    throw new KysoError('INTERNAL', { addon: file, cause: String(error) });
  }
  return module.exports;
}

/** Where the addon comes from, for `doctor` and the tests. */
export interface AddonOrigin {
  source: 'beside-executable' | 'sea-asset';
  file: string;
}

let lastOrigin: AddonOrigin | undefined;

export function addonOrigin(): AddonOrigin | undefined {
  return lastOrigin;
}

/** The exports of the named addon inside the single binary. */
export function loadSeaAddon(name: string): unknown {
  const beside = join(dirname(process.execPath), name);
  if (existsSync(beside)) {
    lastOrigin = { source: 'beside-executable', file: beside };
    return dlopen(beside);
  }
  const sea = seaApi();
  if (!sea) throw new KysoError('INTERNAL', { addon: name, reason: 'not running as a single binary' });
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(sea.getRawAsset(name));
  } catch (error) {
    // A Windows build made without mingw-w64 carries no addon (agent/sea/windows.mjs says so when building).
    throw new KysoError('INTERNAL', { addon: name, reason: 'not embedded in this build', cause: String(error) });
  }
  const file = extractAsset(name, bytes, agentCacheDir('native'));
  lastOrigin = { source: 'sea-asset', file };
  return dlopen(file);
}
