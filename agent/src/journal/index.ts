/**
 * The signing journal: one JSON line per signing attempt, append-only, rotated by size. It records who asked
 * (origin), what (document name and hashes) and with which certificate — never a PIN, never document content.
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErrorCode, ProfileName } from '@kyso/shared';
import { RotatingFile, type RotationPolicy } from './rotating-file';

export interface JournalEntry {
  /** ISO 8601 UTC. */
  time: string;
  /** The WebSocket Origin, or `cli` for the command line. */
  origin: string;
  document: string;
  sha256Before: string;
  sha256After?: string;
  certificate?: { subject: string; serial: string };
  profile?: ProfileName;
  batchId?: string;
  result: 'signed' | 'failed' | 'cancelled';
  error?: ErrorCode;
}

export const JOURNAL_FILE = 'journal.jsonl';
export const DEFAULT_JOURNAL_ROTATION: RotationPolicy = { maxBytes: 5 * 1024 * 1024, maxFiles: 10 };

/** Keys a journal line may carry: anything else (a PIN by mistake, content) is dropped before writing. */
const ALLOWED_KEYS: ReadonlySet<string> = new Set([
  'time',
  'origin',
  'document',
  'sha256Before',
  'sha256After',
  'certificate',
  'profile',
  'batchId',
  'result',
  'error',
]);

export class Journal {
  private readonly file: RotatingFile;

  constructor(
    readonly dir: string,
    rotation: RotationPolicy = DEFAULT_JOURNAL_ROTATION,
  ) {
    this.file = new RotatingFile(join(dir, JOURNAL_FILE), rotation);
  }

  get path(): string {
    return this.file.path;
  }

  append(entry: JournalEntry): Promise<void> {
    const clean = Object.fromEntries(Object.entries(entry).filter(([k, v]) => ALLOWED_KEYS.has(k) && v !== undefined));
    return this.file.append(`${JSON.stringify(clean)}\n`);
  }
}

/** Reads the journal, oldest first across rotated files, optionally only entries at or after `since`. */
export async function readJournal(
  dir: string,
  options: { since?: Date; maxFiles?: number } = {},
): Promise<JournalEntry[]> {
  const maxFiles = options.maxFiles ?? DEFAULT_JOURNAL_ROTATION.maxFiles;
  const base = join(dir, JOURNAL_FILE);
  const paths = [...Array.from({ length: maxFiles }, (_, i) => `${base}.${maxFiles - i}`), base];
  const entries: JournalEntry[] = [];
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      const entry = parseLine(line);
      if (entry && (!options.since || Date.parse(entry.time) >= options.since.getTime())) entries.push(entry);
    }
  }
  return entries;
}

function parseLine(line: string): JournalEntry | undefined {
  if (!line.trim()) return undefined;
  try {
    const value = JSON.parse(line) as JournalEntry;
    return typeof value.time === 'string' ? value : undefined;
  } catch {
    // a torn last line after a crash: skip it, keep the rest
    return undefined;
  }
}

export { RotatingFile, type RotationPolicy } from './rotating-file';
