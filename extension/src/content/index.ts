/**
 * Content script: asks the background whether this page has an adapter; if not, it does nothing at all.
 * Otherwise it adds a "Ký số" button to every document row, also to rows the portal adds later. It never talks
 * to the agent: every signing step goes through the background worker.
 */
import type { SerializedError } from '@kyso/shared';
import browser from 'webextension-polyfill';
import type { PageAdapter } from '../background/actions/adapter-for-page';
import { type AdapterRecipe, vgcaShimFor } from '../common/adapter';
import { Translator } from '../common/i18n';
import type { BackgroundEvent, Reply, Request } from '../common/messages';
import { BatchSelection } from './batch';
import { createSignButton, type SignButton } from './button';
import { documentOfRow, findRows, placeButton, readCsrfToken } from './rows';
import { VgcaBridge } from './vgca-bridge';

const done = new WeakSet<Element>();
const buttonsByUrl = new Map<string, SignButton>();

async function ask<T>(request: Request): Promise<T> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<T>;
  if (!reply.ok) throw reply.error;
  return reply.value;
}

function addButtons(recipe: AdapterRecipe, t: Translator): void {
  findRows(recipe).forEach((row, index) => {
    if (done.has(row)) return;
    const doc = documentOfRow(recipe, row, index);
    if (!doc) return;
    done.add(row);
    const button: SignButton = createSignButton(t, doc.title, () => {
      button.setBusy(true);
      ask<{ jobId: string }>({ action: 'signing.start', document: doc, csrfToken: readCsrfToken(recipe) })
        .catch((error: SerializedError) => button.showError(error))
        .finally(() => button.setBusy(false));
    });
    buttonsByUrl.set(doc.url, button);
    placeButton(recipe, row, button.host);
  });
}

async function main(): Promise<void> {
  const adapter = await ask<PageAdapter | null>({ action: 'adapter.forPage' }).catch(() => null);
  if (!adapter) return;
  const t = new Translator(adapter.lang, adapter.texts);
  // Pages that call the VGCA plugin API themselves, where the recipe enables the shim (off by default).
  if (vgcaShimFor(adapter.recipe, location.href)) {
    void new VgcaBridge(adapter.recipe, t)
      .start()
      .catch((error: unknown) => console.warn('KySo Bridge: vgca shim', error));
  }
  const batch = new BatchSelection(adapter.recipe, t, async (documents) => {
    await ask<{ batchId: string }>({ action: 'batch.start', documents, csrfToken: readCsrfToken(adapter.recipe) });
  });
  addButtons(adapter.recipe, t);
  batch.scan();
  // Portals load rows by fetch/XHR after the page: one scan per burst of changes (timers also run in
  // background tabs, animation frames do not).
  let scheduled = false;
  new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      addButtons(adapter.recipe, t);
      batch.scan();
    }, 50);
  }).observe(document.documentElement, { childList: true, subtree: true });
  browser.runtime.onMessage.addListener((message: unknown) => {
    const event = message as BackgroundEvent;
    if (event?.event === 'signed') buttonsByUrl.get(event.documentUrl)?.markSigned(event.ok);
    return undefined;
  });
}

void main();
