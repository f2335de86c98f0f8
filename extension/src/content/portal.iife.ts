/**
 * Content script, registered at run time only for the origins the recipes name (background/portal-scripts.ts).
 * It asks the background whether this page has a recipe; if not, it does nothing but wait for the app's own
 * navigation. Single-page apps change pages with `history.pushState` and hash changes, seen here through the
 * Navigation API (`currententrychange`; content scripts share the page's `navigation` object) and `popstate` /
 * `hashchange`: the recipe is looked up again each time, so buttons appear without a reload. It never talks to
 * the agent: every signing step goes through the background worker.
 */
import browser from 'webextension-polyfill';
import { ask } from '../common/ask';
import { CHECK_REQUEST, type CheckReport } from '../common/check';
import { Translator } from '../common/i18n';
import type { BackgroundEvent } from '../common/messages';
import { PortalSession } from './session';

let session: PortalSession | undefined;
let lastUrl = '';
let evaluating: Promise<void> = Promise.resolve();

async function evaluate(): Promise<void> {
  if (location.href === lastUrl) return;
  lastUrl = location.href;
  const adapter = await ask({ action: 'adapter.forPage', pageUrl: location.href }).catch(() => null);
  if (session && adapter?.recipe.id === session.recipe.id) return;
  session?.stop();
  session = undefined;
  if (!adapter) return;
  const t = new Translator(adapter.lang, adapter.texts);
  // The vgca_* drop-in has its own scripts, registered at document_start (background/vgca-scripts.ts).
  session = new PortalSession(adapter.recipe, t, ask);
  session.start();
}

function onNavigation(): void {
  // One lookup at a time, in order: a fast second navigation must not be overtaken by the first's answer.
  evaluating = evaluating.then(evaluate, evaluate);
}

function onMessage(message: unknown): Promise<CheckReport> | undefined {
  if ((message as { request?: string })?.request === CHECK_REQUEST) {
    const report: CheckReport = session?.check() ?? {
      url: location.href,
      rows: 0,
      buttons: 0,
      pdfAddresses: 0,
      uploadAddresses: 0,
    };
    return Promise.resolve(report);
  }
  const event = message as BackgroundEvent;
  if (event?.event === 'signed') session?.markSigned(event.documentUrl, event.ok);
  return undefined;
}

function start(): void {
  const navigation = (globalThis as { navigation?: EventTarget }).navigation;
  navigation?.addEventListener('currententrychange', onNavigation);
  window.addEventListener('popstate', onNavigation);
  window.addEventListener('hashchange', onNavigation);
  browser.runtime.onMessage.addListener(onMessage);
  onNavigation();
}

// The same script may come from the manifest and from a run-time registration: one copy works.
const loaded = globalThis as { kysoContentLoaded?: boolean };
if (!loaded.kysoContentLoaded) {
  loaded.kysoContentLoaded = true;
  start();
}
