/**
 * The content-script half of the `vgca_*` shim (isolated world). Only on pages whose recipe enables it: chooses a
 * random channel token, asks the background to put the page-side functions in (vgca-page.ts), then passes each
 * validated call to the background and each answer back to the page. It never talks to the agent, and it never
 * decides what may be signed: the background checks the page, the file and the upload address again.
 */
import type { SerializedError } from '@kyso/shared';
import browser from 'webextension-polyfill';
import type { AdapterRecipe } from '../common/adapter';
import type { Translator } from '../common/i18n';
import type { Reply } from '../common/messages';
import { readCsrfToken } from './rows';
import {
  pageCall,
  RESULT_TYPE,
  VGCA_STATUS,
  type VgcaRequest,
  type VgcaResultEvent,
  vgcaResultJson,
} from './vgca-protocol';

async function ask<T>(request: VgcaRequest): Promise<T> {
  const reply = (await browser.runtime.sendMessage(request)) as Reply<T>;
  if (!reply.ok) throw reply.error;
  return reply.value;
}

function newChannel(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class VgcaBridge {
  private readonly channel = newChannel();

  constructor(
    private readonly recipe: AdapterRecipe,
    private readonly t: Translator,
  ) {}

  /** Listens first, then has the page-side functions injected (a call can come right after). */
  async start(): Promise<void> {
    window.addEventListener('message', (event) => void this.onPageMessage(event));
    browser.runtime.onMessage.addListener((message: unknown) => {
      const event = message as VgcaResultEvent;
      if (event?.event === 'vgca-result' && typeof event.result === 'string') this.answer(event.callId, event.result);
      return undefined;
    });
    await ask({ action: 'vgca.install', channel: this.channel });
  }

  private async onPageMessage(event: MessageEvent): Promise<void> {
    // Only this window's own page (not another frame), only on our channel, only VGCA's shape.
    if (event.source !== window || event.origin !== window.location.origin) return;
    const parsed = pageCall.safeParse(event.data);
    if (!parsed.success || parsed.data.channel !== this.channel) return;
    const { callId, fn, params } = parsed.data;
    // No signing window before the user has touched the page (a page must not pop dialogs on load). Sticky
    // activation, not transient: portals often call after an AJAX round trip following the click.
    if (!navigator.userActivation.hasBeenActive) {
      return this.answer(callId, vgcaResultJson({ Status: VGCA_STATUS.failed, Message: this.t.t('vgcaNoUserAction') }));
    }
    try {
      const reply = await ask<{ result?: string }>({
        action: 'vgca.call',
        callId,
        fn,
        params,
        title: document.title.slice(0, 500),
        csrfToken: readCsrfToken(this.recipe),
      });
      // No result yet: the dialog is open; the answer comes as a `vgca-result` event.
      if (reply.result) this.answer(callId, reply.result);
    } catch (error) {
      const message = this.t.t('vgcaFailed', this.t.error(error as SerializedError));
      this.answer(
        callId,
        vgcaResultJson({ Status: VGCA_STATUS.failed, Message: message, Code: (error as SerializedError).code }),
      );
    }
  }

  private answer(callId: string, result: string): void {
    window.postMessage({ type: RESULT_TYPE, channel: this.channel, callId, result }, window.location.origin);
  }
}
