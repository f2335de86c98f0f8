/** The shown-bytes binding (shown-bytes.ts) of this worker: chrome.storage.session and the portal download. */
import browser from 'webextension-polyfill';
import { downloadPdf } from './portal-io';
import { type Intent, shownBytes } from './shown-bytes';

const shown = shownBytes(browser.storage.session, downloadPdf);

export function previewedPdf(key: string, url: string, intent: Intent): Promise<Uint8Array> {
  return shown.pdf(key, url, intent);
}

export function holdPreviewed(key: string, url: string, bytes: Uint8Array): void {
  shown.hold(key, url, bytes);
}

export function forgetPreviewed(key: string): Promise<void> {
  return shown.forget(key);
}

export function dropPreviewedBytes(key: string): void {
  shown.dropBytes(key);
}
