import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KysoError } from '@kyso/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { ckrOf, toKysoError } from './errors';
import { discoverModules, loadModule, readBinaryArchitecture } from './index';
import { pkcs11js } from './pkcs11';

const dir = mkdtempSync(join(tmpdir(), 'kyso-module-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SOFTHSM = '/usr/lib/softhsm/libsofthsm2.so';

function loadError(path: string): KysoError {
  try {
    loadModule(path).close();
  } catch (error) {
    if (error instanceof KysoError) return error;
    throw error;
  }
  throw new Error(`loading ${path} succeeded`);
}

/** A minimal ELF header: magic, class, little-endian, version, and e_machine at offset 18. */
function fakeElf(bits: 32 | 64, machine: number): Buffer {
  const header = Buffer.alloc(64);
  header.write('\x7fELF', 0, 'latin1');
  header[4] = bits === 32 ? 1 : 2;
  header[5] = 1;
  header[6] = 1;
  header.writeUInt16LE(3, 16); // ET_DYN
  header.writeUInt16LE(machine, 18);
  return header;
}

/** A minimal PE: "MZ", e_lfanew → "PE\0\0", machine, and the optional-header magic. */
function fakePe(machine: number, magic: number): Buffer {
  const file = Buffer.alloc(0x80 + 26);
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x80, 0x3c);
  file.write('PE\0\0', 0x80, 'latin1');
  file.writeUInt16LE(machine, 0x84);
  file.writeUInt16LE(magic, 0x80 + 24);
  return file;
}

describe('loadModule', () => {
  it('reports a missing file as MODULE_NOT_FOUND, naming the module', () => {
    const error = loadError(join(dir, 'vnptca_p11_v8.dll'));
    expect(error.code).toBe('MODULE_NOT_FOUND');
    expect(error.details.module).toBe(join(dir, 'vnptca_p11_v8.dll'));
  });

  it('reports a 32-bit ELF module as MODULE_WRONG_ARCHITECTURE before dlopen', () => {
    const path = join(dir, 'libeToken32.so');
    writeFileSync(path, fakeElf(32, 3));
    const error = loadError(path);
    expect(error.code).toBe('MODULE_WRONG_ARCHITECTURE');
    expect(error.details).toMatchObject({ moduleFormat: 'ELF', moduleBits: 32, moduleArch: 'ia32', processBits: 64 });
  });

  it('reports a 32-bit Windows DLL as MODULE_WRONG_ARCHITECTURE', () => {
    const path = join(dir, 'viettel-ca_v5.dll');
    writeFileSync(path, fakePe(0x14c, 0x10b));
    expect(loadError(path).details).toMatchObject({ moduleFormat: 'PE', moduleBits: 32, moduleArch: 'ia32' });
  });

  it('reports a module the loader refuses as MODULE_LOAD_FAILED with the loader message', () => {
    const path = join(dir, 'libbroken.so');
    writeFileSync(path, fakeElf(64, process.arch === 'arm64' ? 183 : 62));
    const error = loadError(path);
    expect(error.code).toBe('MODULE_LOAD_FAILED');
    expect(String(error.details.loaderMessage)).toMatch(/libbroken\.so|ELF|invalid|short/i);
  });

  it('reads the architecture of the real SoftHSM module as 64-bit for this process', () => {
    expect(readBinaryArchitecture(SOFTHSM)).toEqual({ format: 'ELF', bits: 64, arch: process.arch });
    expect(readBinaryArchitecture(join(dir, 'viettel-ca_v5.dll'))).toEqual({ format: 'PE', bits: 32, arch: 'ia32' });
  });
});

describe('discoverModules', () => {
  it('finds SoftHSM and configured modules that exist, configured first, and skips missing ones', () => {
    const configured = join(dir, 'libbroken.so');
    const found = discoverModules({ paths: [configured, join(dir, 'missing.so')] });
    expect(found[0]).toEqual({ path: configured, token: 'configured', source: 'config' });
    expect(found).toContainEqual({ path: SOFTHSM, token: 'SoftHSM', source: 'known' });
    expect(found.map((m) => m.path)).not.toContain(join(dir, 'missing.so'));
  });

  it('knows the Vietnamese vendors file names, including wildcard ones, per OS', () => {
    const system32 = join(dir, 'System32');
    mkdirSync(system32);
    for (const name of ['vnptca_p11_v9.dll', 'viettel-ca_v6.dll', 'Vina-CA_v3.dll', 'unrelated.dll']) {
      writeFileSync(join(system32, name), fakePe(0x8664, 0x20b));
    }
    const found = discoverModules({ platform: 'win32', folders: [system32] });
    expect(found.map((m) => [m.token, m.path.slice(system32.length + 1)])).toEqual([
      ['VNPT-CA', 'vnptca_p11_v9.dll'],
      ['Viettel-CA', 'viettel-ca_v6.dll'],
      ['CA2 / SmartSign / others', 'Vina-CA_v3.dll'],
    ]);
  });
});

describe('CK_RV mapping', () => {
  const mapped = (name: keyof typeof pkcs11js, message = 'any text') =>
    toKysoError(new pkcs11js.Pkcs11Error(message, pkcs11js[name] as number, 'C_Test'), {
      module: 'm',
      operation: 'C_Test',
    });

  it('maps by the numeric code, whatever the message says', () => {
    expect(mapped('CKR_PIN_LEN_RANGE', 'device said: wrong PIN').code).toBe('PIN_INVALID_FORMAT');
    expect(mapped('CKR_PIN_LOCKED').code).toBe('PIN_LOCKED');
    expect(mapped('CKR_TOKEN_NOT_PRESENT').code).toBe('TOKEN_NOT_PRESENT');
    expect(mapped('CKR_DEVICE_REMOVED').code).toBe('TOKEN_REMOVED');
    expect(mapped('CKR_SESSION_HANDLE_INVALID').code).toBe('TOKEN_REMOVED');
    expect(mapped('CKR_SESSION_CLOSED').code).toBe('TOKEN_REMOVED');
    expect(mapped('CKR_MECHANISM_INVALID').code).toBe('MECHANISM_UNSUPPORTED');
    expect(mapped('CKR_GENERAL_ERROR').code).toBe('TOKEN_ERROR');
    expect(mapped('CKR_DEVICE_REMOVED').details).toMatchObject({
      module: 'm',
      operation: 'C_Test',
      ckr: 'CKR_DEVICE_REMOVED',
    });
  });

  it('treats non-PKCS#11 errors as TOKEN_ERROR without a CK_RV', () => {
    expect(ckrOf(new Error('CKR_PIN_INCORRECT:160'))).toBeUndefined();
    expect(toKysoError(new TypeError('bad'), { module: 'm', operation: 'x' }).code).toBe('TOKEN_ERROR');
  });
});
