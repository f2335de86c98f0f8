/**
 * Functions a page called that KySo Bridge does not offer, noted once per page origin and function for IT: in the
 * worker's console and in storage (`vgcaUnsupported`, at most 100 entries), so support can see which VGCA
 * functions the province's portals still use.
 */
import browser from 'webextension-polyfill';

const KEY = 'vgcaUnsupported';
const MAX_ENTRIES = 100;

export interface UnsupportedCall {
  origin: string;
  fn: string;
  firstSeen: string;
}

export async function noteUnsupported(pageUrl: string, fn: string): Promise<void> {
  const origin = new URL(pageUrl).origin;
  const stored = ((await browser.storage.local.get(KEY))[KEY] as UnsupportedCall[] | undefined) ?? [];
  if (stored.some((entry) => entry.origin === origin && entry.fn === fn)) return;
  console.warn(`KySo Bridge: ${origin} called ${fn}, which KySo Bridge does not support`);
  const entry: UnsupportedCall = { origin, fn, firstSeen: new Date().toISOString() };
  await browser.storage.local.set({ [KEY]: [...stored, entry].slice(-MAX_ENTRIES) });
}
