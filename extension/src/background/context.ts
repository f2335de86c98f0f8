/** What every background action may use: the settings, the one agent client, and who sent the message. */
import { KysoError } from '@kyso/shared';
import browser, { type Runtime } from 'webextension-polyfill';
import { loadSettings } from '../common/settings';
import { AgentClient } from './agent-client';

export const agent = new AgentClient(
  async () => (await loadSettings()).agentPort,
  browser.runtime.getManifest().version,
);

/** Messages from our own pages (dialog, popup, options), never from a content script. */
export function requireExtensionPage(sender: Runtime.MessageSender): void {
  // Our pages have our own URL (the dialog is a tab too); a content script's sender URL is the web page.
  if (sender.id !== browser.runtime.id || !sender.url?.startsWith(browser.runtime.getURL(''))) {
    throw new KysoError('ORIGIN_NOT_ALLOWED', { sender: sender.url });
  }
}

/**
 * Messages from a content script in a tab. The page's origin comes from the sender, never from the payload. A
 * single-page app changes its address with `history.pushState`, which Chromium's sender URL does not follow: the
 * content script's `location.href` (`claimedUrl`) is taken only when it is on the sender's own origin — a page can
 * push any path of its origin anyway, so this gives it nothing more.
 */
export function requireTab(sender: Runtime.MessageSender, claimedUrl?: string): { tabId: number; url: string } {
  const tabId = sender.tab?.id;
  const url = sender.url ?? sender.tab?.url;
  if (sender.id !== browser.runtime.id || tabId === undefined || !url || url.startsWith(browser.runtime.getURL(''))) {
    throw new KysoError('ORIGIN_NOT_ALLOWED', { sender: url });
  }
  if (claimedUrl && claimedUrl !== url) {
    if (new URL(claimedUrl).origin !== new URL(url).origin) throw new KysoError('ORIGIN_NOT_ALLOWED', { sender: url });
    return { tabId, url: claimedUrl };
  }
  return { tabId, url };
}
