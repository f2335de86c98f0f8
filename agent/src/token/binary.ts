/**
 * Reads a shared library's header before dlopen so a 32-bit or foreign-CPU module gets a clear
 * MODULE_WRONG_ARCHITECTURE instead of the loader's vague text ("wrong ELF class", Windows error 193).
 * Formats: ELF (System V gABI), PE/COFF (Microsoft PE format §3.3), Mach-O (mach-o/loader.h).
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface BinaryArchitecture {
  format: 'ELF' | 'PE' | 'Mach-O';
  bits: 32 | 64;
  /** Node's `process.arch` naming, or `machine-0x…` for CPUs we do not name. */
  arch: string;
}

const ELF_MACHINES: Record<number, string> = { 3: 'ia32', 40: 'arm', 62: 'x64', 183: 'arm64' };
const PE_MACHINES: Record<number, string> = { 332: 'ia32', 452: 'arm', 34404: 'x64', 43620: 'arm64' };
const MACHO_CPUS: Record<number, string> = { 7: 'ia32', 16777223: 'x64', 12: 'arm', 16777228: 'arm64' };

function readHead(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const n = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function name(table: Record<number, string>, machine: number): string {
  return table[machine] ?? `machine-0x${machine.toString(16)}`;
}

function readElf(head: Buffer): BinaryArchitecture | undefined {
  if (head.length < 20) return undefined;
  const bits = head[4] === 1 ? 32 : head[4] === 2 ? 64 : undefined; // EI_CLASS
  const machine = head[5] === 2 ? head.readUInt16BE(18) : head.readUInt16LE(18); // EI_DATA, e_machine
  return bits ? { format: 'ELF', bits, arch: name(ELF_MACHINES, machine) } : undefined;
}

function readPe(path: string, head: Buffer): BinaryArchitecture | undefined {
  if (head.length < 0x40) return undefined;
  const peOffset = head.readUInt32LE(0x3c); // e_lfanew
  const pe = readHead(path, peOffset + 26).subarray(peOffset);
  if (pe.length < 26 || pe.readUInt32LE(0) !== 0x00004550) return undefined; // "PE\0\0"
  const machine = pe.readUInt16LE(4);
  const optionalMagic = pe.readUInt16LE(24); // 0x10b PE32, 0x20b PE32+
  return { format: 'PE', bits: optionalMagic === 0x20b ? 64 : 32, arch: name(PE_MACHINES, machine) };
}

/** Architecture of the file, or undefined when the header is not one we know (the loader will decide). */
export function readBinaryArchitecture(path: string): BinaryArchitecture | undefined {
  const head = readHead(path, 64);
  if (head.length >= 4 && head.readUInt32BE(0) === 0x7f454c46) return readElf(head);
  if (head.length >= 2 && head.readUInt16BE(0) === 0x4d5a) return readPe(path, head); // "MZ"
  if (head.length >= 8) {
    const magic = head.readUInt32LE(0);
    if (magic === 0xfeedface || magic === 0xfeedfacf) {
      return { format: 'Mach-O', bits: magic === 0xfeedfacf ? 64 : 32, arch: name(MACHO_CPUS, head.readUInt32LE(4)) };
    }
  }
  return undefined; // fat Mach-O, scripts, unknown: let dlopen report
}

/** What this process can load: `process.arch` and its pointer width. */
export function processArchitecture(): { arch: string; bits: 32 | 64 } {
  const arch = process.arch;
  return { arch, bits: arch === 'ia32' || arch === 'arm' ? 32 : 64 };
}
