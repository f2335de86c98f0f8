/** The last signatures made through this browser, shown in the popup (no document content, only names). */
import browser from 'webextension-polyfill';
import type { RecentSignature } from '../common/messages';

const KEY = 'recentSignatures';
const MAX = 20;

export async function listRecent(): Promise<RecentSignature[]> {
  return ((await browser.storage.local.get(KEY))[KEY] as RecentSignature[] | undefined) ?? [];
}

export async function recordRecent(entry: RecentSignature): Promise<void> {
  const list = await listRecent();
  await browser.storage.local.set({ [KEY]: [entry, ...list].slice(0, MAX) });
}
