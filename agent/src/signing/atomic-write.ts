import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { KysoError } from '@kyso/shared';

/**
 * Writes `parts` to a temp file beside `path`, syncs it, checks its size and tail, then renames it into place:
 * a reader never sees a partial output, and a failure leaves no file behind.
 */
export function writeFileAtomically(path: string, parts: Uint8Array[]): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.part`);
  try {
    const fd = openSync(temp, 'wx', 0o644);
    try {
      for (const part of parts) {
        let written = 0;
        while (written < part.length) written += writeSync(fd, part, written, part.length - written);
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    checkWritten(temp, parts);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    if (error instanceof KysoError) throw error;
    throw new KysoError('OUTPUT_WRITE_FAILED', { path, cause: String(error) });
  }
}

/** Reads back the last part (the update we wrote) and compares; the size proves the rest is all there. */
function checkWritten(path: string, parts: Uint8Array[]): void {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const last = parts.at(-1) ?? new Uint8Array();
  const fd = openSync(path, 'r');
  try {
    const tail = Buffer.alloc(last.length);
    const read = readSync(fd, tail, 0, last.length, total - last.length);
    const extra = readSync(fd, Buffer.alloc(1), 0, 1, total);
    if (read !== last.length || extra !== 0 || !tail.equals(last)) {
      throw new KysoError('OUTPUT_WRITE_FAILED', { path, reason: 'read-back differs from what was written' });
    }
  } finally {
    closeSync(fd);
  }
}
