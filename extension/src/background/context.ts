/** What every background action may use: the settings, the one agent client, and who sent the message. */
import browser, { type Runtime } from 'webextension-polyfill';
import { loadSettings } from '../common/settings';
import { AgentClient } from './agent-client';
import { requireOwnPage, type Self, tabOfSender } from './senders';

export const agent = new AgentClient(
  async () => (await loadSettings()).agentPort,
  browser.runtime.getManifest().version,
);

const self = (): Self => ({ id: browser.runtime.id, baseUrl: browser.runtime.getURL('') });

/** Messages from our own pages (dialog, popup, options), never from a content script (senders.ts). */
export function requireExtensionPage(sender: Runtime.MessageSender): void {
  requireOwnPage(sender, self());
}

/** Messages from a content script in a tab; the page's origin comes from the sender, never from the payload. */
export function requireTab(sender: Runtime.MessageSender, claimedUrl?: string): { tabId: number; url: string } {
  return tabOfSender(sender, self(), claimedUrl);
}
