/**
 * Who sent a runtime message, decided from Chromium's sender record only (never from the payload): one of our own
 * pages (dialog, popup, options, batch page), or a content script in a web page's tab. Pure, so the refusals are
 * unit-tested; context.ts gives it this extension's id and base URL.
 */
import { KysoError } from '@kyso/shared';

/** The part of Chromium's MessageSender these checks read. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

/** This extension: its id and the base of its pages' URLs (`chrome-extension://<id>/`). */
export interface Self {
  id: string;
  baseUrl: string;
}

/** Messages from our own pages (dialog, popup, options), never from a content script. */
export function requireOwnPage(sender: Sender, self: Self): void {
  // Our pages have our own URL (the dialog is a tab too); a content script's sender URL is the web page.
  if (sender.id !== self.id || !sender.url?.startsWith(self.baseUrl)) {
    throw new KysoError('ORIGIN_NOT_ALLOWED', { sender: sender.url });
  }
}

/**
 * Messages from a content script in a tab. A single-page app changes its address with `history.pushState`, which
 * Chromium's sender URL does not follow: the content script's `location.href` (`claimedUrl`) is taken only when it
 * is on the sender's own origin — a page can push any path of its origin anyway, so this gives it nothing more.
 */
export function tabOfSender(sender: Sender, self: Self, claimedUrl?: string): { tabId: number; url: string } {
  const tabId = sender.tab?.id;
  const url = sender.url ?? sender.tab?.url;
  if (sender.id !== self.id || tabId === undefined || !url || url.startsWith(self.baseUrl)) {
    throw new KysoError('ORIGIN_NOT_ALLOWED', { sender: url });
  }
  if (claimedUrl && claimedUrl !== url) {
    if (new URL(claimedUrl).origin !== new URL(url).origin) throw new KysoError('ORIGIN_NOT_ALLOWED', { sender: url });
    return { tabId, url: claimedUrl };
  }
  return { tabId, url };
}
