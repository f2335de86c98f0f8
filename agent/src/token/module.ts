/**
 * A loaded PKCS#11 module (Cryptoki library): load with clear errors, C_Initialize once per process,
 * list tokens, open sessions, and C_Finalize in `finally` on close (PKCS#11 v2.40 §5.4).
 */

import { statSync } from 'node:fs';
import { KysoError } from '@kyso/shared';
import { processArchitecture, readBinaryArchitecture } from './binary';
import { call, ckrOf, toKysoError } from './errors';
import { type PKCS11, pkcs11js } from './pkcs11';
import { TokenSession } from './session';
import { describeToken, type TokenDescription } from './token-info';

interface Loaded {
  lib: PKCS11;
  refs: number;
  /** False when another component of this process had already initialised the library: we must not finalize it. */
  ownsInit: boolean;
}

/** One C_Initialize per library per process: a second one returns CKR_CRYPTOKI_ALREADY_INITIALIZED (§5.4). */
const loaded = new Map<string, Loaded>();

/** Refuses missing files and foreign architectures before dlopen, so the message is reliable on every OS. */
function checkModuleFile(path: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    throw new KysoError('MODULE_NOT_FOUND', { module: path }, { cause: error });
  }
  if (!isFile) throw new KysoError('MODULE_LOAD_FAILED', { module: path, reason: 'not a regular file' });
  const binary = readBinaryArchitecture(path);
  const own = processArchitecture();
  if (binary && (binary.bits !== own.bits || binary.arch !== own.arch)) {
    throw new KysoError('MODULE_WRONG_ARCHITECTURE', {
      module: path,
      moduleFormat: binary.format,
      moduleBits: binary.bits,
      moduleArch: binary.arch,
      processBits: own.bits,
      processArch: own.arch,
    });
  }
}

function initialize(lib: PKCS11, path: string): boolean {
  const context = { module: path, operation: 'C_Initialize' };
  try {
    // OS locking: C_SignAsync runs on libuv's thread pool while the main thread may call the library (§5.4.1).
    lib.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    return true;
  } catch (error) {
    const ckr = ckrOf(error);
    if (ckr === pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) return false;
    if (ckr !== pkcs11js.CKR_CANT_LOCK) throw toKysoError(error, context);
  }
  // Some vendor modules refuse OS locking: fall back to no locking; our per-session queue still serialises.
  call(context, () => lib.C_Initialize());
  return true;
}

function openLibrary(path: string): Loaded {
  checkModuleFile(path);
  const lib = new pkcs11js.PKCS11();
  try {
    lib.load(path);
  } catch (error) {
    // The loader's own text (missing dependency, bad symbol) is the only useful detail for IT staff.
    const loaderMessage = error instanceof Error ? error.message : String(error);
    throw new KysoError('MODULE_LOAD_FAILED', { module: path, loaderMessage }, { cause: error });
  }
  try {
    return { lib, refs: 0, ownsInit: initialize(lib, path) };
  } catch (error) {
    lib.close();
    const e = toKysoError(error, { module: path, operation: 'C_Initialize' });
    throw new KysoError('MODULE_LOAD_FAILED', e.details, { cause: error });
  }
}

export class Pkcs11Module {
  private readonly sessions = new Set<TokenSession>();
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly entry: Loaded,
  ) {}

  /** Loads and initialises the module at `path` (see {@link loadModule}). */
  static load(path: string): Pkcs11Module {
    const entry = loaded.get(path) ?? openLibrary(path);
    loaded.set(path, entry);
    entry.refs++;
    return new Pkcs11Module(path, entry);
  }

  /** Library description (C_GetInfo), for the `doctor` command and logs. */
  info(): { manufacturer: string; description: string; cryptokiVersion: string; libraryVersion: string } {
    const info = this.call('C_GetInfo', () => this.lib.C_GetInfo());
    return {
      manufacturer: info.manufacturerID.trim(),
      description: info.libraryDescription.trim(),
      cryptokiVersion: `${info.cryptokiVersion.major}.${info.cryptokiVersion.minor}`,
      libraryVersion: `${info.libraryVersion.major}.${info.libraryVersion.minor}`,
    };
  }

  /** Slots holding an initialised token (CKF_TOKEN_INITIALIZED), with the token's label, serial and PIN flags. */
  listTokens(): TokenDescription[] {
    const slots = this.call('C_GetSlotList', () => this.lib.C_GetSlotList(true));
    const tokens: TokenDescription[] = [];
    for (const slot of slots) {
      try {
        const token = describeToken(this.lib, slot, this.path);
        if (token.initialized) tokens.push(token);
      } catch (error) {
        // A token pulled out between C_GetSlotList and C_GetTokenInfo is simply not listed.
        if (!(error instanceof KysoError && error.code === 'TOKEN_NOT_PRESENT')) throw error;
      }
    }
    return tokens;
  }

  /**
   * Opens a session on a token chosen by serial, label or slot id (the first token when none is given).
   * TOKEN_NOT_FOUND when no token matches.
   */
  openToken(select: { serial?: string; label?: string; slotId?: string } = {}): TokenSession {
    const token = this.listTokens().find(
      (t) =>
        (select.serial === undefined || t.serial === select.serial) &&
        (select.label === undefined || t.label === select.label) &&
        (select.slotId === undefined || t.slotId === select.slotId),
    );
    if (!token) throw new KysoError('TOKEN_NOT_FOUND', { module: this.path, ...select });
    const session = new TokenSession(this.lib, this.path, token, () => this.sessions.delete(session));
    this.sessions.add(session);
    return session;
  }

  /** Logs out and closes every session, then C_Finalize in `finally` (unless another user still holds the library). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      for (const session of [...this.sessions]) session.close({ logout: true });
    } finally {
      this.entry.refs--;
      if (this.entry.refs === 0) {
        loaded.delete(this.path);
        try {
          if (this.entry.ownsInit) this.entry.lib.C_Finalize();
        } catch {
          // Finalize failing (token already gone) must not hide the caller's own error.
        } finally {
          this.entry.lib.close();
        }
      }
    }
  }

  private get lib(): PKCS11 {
    if (this.closed) throw new KysoError('TOKEN_ERROR', { module: this.path, reason: 'module closed' });
    return this.entry.lib;
  }

  private call<T>(operation: string, fn: () => T): T {
    return call({ module: this.path, operation }, fn);
  }
}

/**
 * Loads a PKCS#11 module. MODULE_NOT_FOUND when the file is missing; MODULE_WRONG_ARCHITECTURE when its header
 * says 32-bit or another CPU; MODULE_LOAD_FAILED (with the loader's message) when dlopen or C_Initialize fails.
 */
export function loadModule(path: string): Pkcs11Module {
  return Pkcs11Module.load(path);
}
