/**
 * An append-only file rotated by size: `name` → `name.1` → … → `name.N` (the oldest is dropped).
 * Appends are serialised so lines never interleave; used for the signing journal and the log file.
 */
import { appendFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { appendFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface RotationPolicy {
  maxBytes: number;
  /** Rotated files kept besides the current one. */
  maxFiles: number;
}

export class RotatingFile {
  private size: number | undefined;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly policy: RotationPolicy,
  ) {}

  /** Appends one chunk (a whole line); resolves when it is on disk. */
  append(chunk: string): Promise<void> {
    const next = this.tail.then(() => this.write(chunk));
    // A failed write must not block later ones; the caller still sees its own failure.
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Synchronous variant for log streams that cannot wait (pino destinations). */
  appendSync(chunk: string): void {
    if (this.size === undefined) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.size = sizeOfSync(this.path);
    }
    const bytes = Buffer.byteLength(chunk);
    if (this.size > 0 && this.size + bytes > this.policy.maxBytes) {
      this.rotateSync();
      this.size = 0;
    }
    appendFileSync(this.path, chunk, { mode: 0o600 });
    this.size += bytes;
  }

  private async write(chunk: string): Promise<void> {
    if (this.size === undefined) {
      await mkdir(dirname(this.path), { recursive: true });
      this.size = await sizeOf(this.path);
    }
    const bytes = Buffer.byteLength(chunk);
    if (this.size > 0 && this.size + bytes > this.policy.maxBytes) {
      await this.rotate();
      this.size = 0;
    }
    await appendFile(this.path, chunk, { mode: 0o600 });
    this.size += bytes;
  }

  private async rotate(): Promise<void> {
    await rm(`${this.path}.${this.policy.maxFiles}`, { force: true });
    for (let i = this.policy.maxFiles - 1; i >= 1; i--) {
      await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`).catch(() => undefined);
    }
    await rename(this.path, `${this.path}.1`);
  }

  private rotateSync(): void {
    rmSync(`${this.path}.${this.policy.maxFiles}`, { force: true });
    for (let i = this.policy.maxFiles - 1; i >= 1; i--) {
      try {
        renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      } catch {
        // a missing older file is normal
      }
    }
    renameSync(this.path, `${this.path}.1`);
  }
}

async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

function sizeOfSync(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
