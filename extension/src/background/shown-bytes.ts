/**
 * What is signed is what the user saw: the first time a document's bytes are shown (the dialog's preview, the
 * batch review) their SHA-256 is kept in the session store with the job, and every later use (placement, signing)
 * gets those very bytes. The bytes stay in the worker's memory; when Chromium has stopped the worker in between
 * (MV3 stops an idle worker after ~30 s) they are downloaded again and refused unless their SHA-256 is the one
 * shown. The bytes themselves are not written to IndexedDB: that would put the portal's documents on disk in the
 * profile, beyond the browser session, and storage.session's ~10 MB quota is shared by all jobs.
 *
 * The store and the download are given (previewed.ts gives chrome.storage.session and the portal download), so
 * the rule is unit-tested with an in-memory store across a simulated worker restart.
 */
import { KysoError } from '@kyso/shared';

/** The part of chrome.storage.session the binding uses. */
export interface SessionStore {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export type Intent = 'show' | 'use';

const PREFIX = 'shown:';

interface Shown {
  bytes: Uint8Array;
  sha256: string;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** One worker's view of the shown documents (a new worker starts with an empty memory and the same store). */
export function shownBytes(store: SessionStore, download: (url: string) => Promise<Uint8Array>) {
  /** Keyed like the store's entry; a promise so two requests in flight share one download. */
  const inMemory = new Map<string, Promise<Shown>>();

  async function load(key: string, url: string, intent: Intent, given?: Uint8Array): Promise<Shown> {
    const expected = (await store.get(PREFIX + key))[PREFIX + key] as string | undefined;
    if (!expected && intent === 'use') {
      // Nothing was shown for this job (or the browser session ended): never sign unseen bytes.
      throw new KysoError('DOCUMENT_CHANGED', { url, reason: 'not shown to the user' });
    }
    const bytes = given ?? (await download(url));
    const sha256 = await sha256Hex(bytes);
    if (expected && expected !== sha256) {
      throw new KysoError('DOCUMENT_CHANGED', { url, shown: expected, now: sha256 });
    }
    if (!expected) await store.set({ [PREFIX + key]: sha256 });
    return { bytes, sha256 };
  }

  function remember(key: string, entry: Promise<Shown>): Promise<Shown> {
    inMemory.set(key, entry);
    // A failed download or a refusal is not kept: the next attempt checks again.
    entry.catch(() => inMemory.delete(key));
    return entry;
  }

  return {
    /**
     * The document's bytes under `key`: those already shown, or (intent `show`) the portal's current ones, which
     * then become the shown ones. `use` never accepts bytes other than the shown ones.
     */
    async pdf(key: string, url: string, intent: Intent): Promise<Uint8Array> {
      const entry = inMemory.get(key) ?? remember(key, load(key, url, intent));
      return (await entry).bytes;
    },
    /** Bytes the extension already holds for `key` (a `vgca_*` call downloads before the dialog opens). */
    hold(key: string, url: string, bytes: Uint8Array): void {
      remember(key, load(key, url, 'show', bytes));
    },
    /** Ends a job's binding (the job is done or abandoned). */
    async forget(key: string): Promise<void> {
      inMemory.delete(key);
      await store.remove(PREFIX + key);
    },
    /** Frees the memory of one document but keeps its hash: a later use downloads again and must match. */
    dropBytes(key: string): void {
      inMemory.delete(key);
    },
  };
}
