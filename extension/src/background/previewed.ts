/**
 * What is signed is what the user saw: the first time a document's bytes are shown (the dialog's preview, the
 * batch review) their SHA-256 is kept in storage.session with the job, and every later use (placement, signing)
 * gets those very bytes. The bytes stay in the worker's memory; when Chromium has stopped the worker in between
 * (MV3 stops an idle worker after ~30 s) they are downloaded again and refused unless their SHA-256 is the one
 * shown. The bytes themselves are not written to IndexedDB: that would put the portal's documents on disk in the
 * profile, beyond the browser session, and storage.session's ~10 MB quota is shared by all jobs.
 */
import { KysoError } from '@kyso/shared';
import browser from 'webextension-polyfill';
import { downloadPdf } from './portal-io';

const PREFIX = 'shown:';

interface Shown {
  bytes: Uint8Array;
  sha256: string;
}

/** Keyed like the storage entry; a promise so two requests in flight share one download. */
const inMemory = new Map<string, Promise<Shown>>();

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function shownHash(key: string): Promise<string | undefined> {
  return (await browser.storage.session.get(PREFIX + key))[PREFIX + key] as string | undefined;
}

async function load(key: string, url: string, intent: 'show' | 'use', given?: Uint8Array): Promise<Shown> {
  const expected = await shownHash(key);
  if (!expected && intent === 'use') {
    // Nothing was shown for this job (or the browser session ended): never sign unseen bytes.
    throw new KysoError('DOCUMENT_CHANGED', { url, reason: 'not shown to the user' });
  }
  const bytes = given ?? (await downloadPdf(url));
  const sha256 = await sha256Hex(bytes);
  if (expected && expected !== sha256) {
    throw new KysoError('DOCUMENT_CHANGED', { url, shown: expected, now: sha256 });
  }
  if (!expected) await browser.storage.session.set({ [PREFIX + key]: sha256 });
  return { bytes, sha256 };
}

/**
 * The document's bytes under `key`: those already shown, or (intent `show`) the portal's current ones, which then
 * become the shown ones. `use` never accepts bytes other than the shown ones.
 */
export async function previewedPdf(key: string, url: string, intent: 'show' | 'use'): Promise<Uint8Array> {
  let entry = inMemory.get(key);
  if (!entry) {
    entry = load(key, url, intent);
    inMemory.set(key, entry);
    // A failed download or a refusal is not kept: the next attempt checks again.
    entry.catch(() => inMemory.delete(key));
  }
  return (await entry).bytes;
}

/** Bytes the extension already holds for `key` (a `vgca_*` call downloads before the dialog opens). */
export function holdPreviewed(key: string, url: string, bytes: Uint8Array): void {
  const entry = load(key, url, 'show', bytes);
  inMemory.set(key, entry);
  entry.catch(() => inMemory.delete(key));
}

/** Ends a job's binding (the job is done or abandoned). */
export async function forgetPreviewed(key: string): Promise<void> {
  inMemory.delete(key);
  await browser.storage.session.remove(PREFIX + key);
}

/** Frees the memory of one document but keeps its hash: a later use downloads again and must match. */
export function dropPreviewedBytes(key: string): void {
  inMemory.delete(key);
}
