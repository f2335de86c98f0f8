import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal, type JournalEntry, readJournal } from './index';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const entry = (i: number, time = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString()): JournalEntry => ({
  time,
  origin: 'chrome-extension://x',
  document: `doc-${i}.pdf`,
  sha256Before: 'a'.repeat(64),
  sha256After: 'b'.repeat(64),
  certificate: { subject: 'CN=Nguyễn Văn An', serial: '01' },
  result: 'signed',
});

describe('Journal', () => {
  it('appends JSON lines, rotates by size and reads back oldest first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kyso-journal-'));
    dirs.push(dir);
    const journal = new Journal(dir, { maxBytes: 1024, maxFiles: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => journal.append(entry(i))));
    const files = readdirSync(dir);
    expect(files).toContain('journal.jsonl.1');
    expect(files.every((f) => /^journal\.jsonl(\.[1-3])?$/.test(f))).toBe(true);
    const all = await readJournal(dir, { maxFiles: 3 });
    const numbers = all.map((e) => Number(e.document.slice(4, -4)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers.at(-1)).toBe(11);
    const since = await readJournal(dir, { since: new Date(Date.UTC(2026, 0, 1, 0, 10)), maxFiles: 3 });
    expect(since.map((e) => e.document)).toEqual(['doc-10.pdf', 'doc-11.pdf']);
  });

  it('drops keys that are not journal fields (a PIN passed by mistake never reaches the file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kyso-journal-'));
    dirs.push(dir);
    const journal = new Journal(dir);
    await journal.append({ ...entry(1), pin: '123456', content: 'JVBERi0' } as JournalEntry);
    const text = readFileSync(join(dir, 'journal.jsonl'), 'utf8');
    expect(text).not.toContain('123456');
    expect(text).not.toContain('JVBERi0');
    expect(JSON.parse(text).document).toBe('doc-1.pdf');
  });
});
