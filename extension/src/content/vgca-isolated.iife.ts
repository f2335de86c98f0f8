/**
 * The content-script half of the `vgca_*` drop-in (isolated world, document_start, registered only on pages whose
 * recipe enables the shim). At once, before any page script exists, it hands the MAIN-world script
 * (vgca-main.ts) the one MessagePort they talk over; then it passes each call to the background and each answer
 * back. It never talks to the agent and never decides what may be signed: the background checks the page, the
 * files and the upload address again.
 */
import browser from 'webextension-polyfill';
import { ask } from '../common/ask';
import { Translator } from '../common/i18n';
import type { PageAdapter } from '../common/messages';
import {
  pageCall,
  VGCA_STATUS,
  type VgcaRequest,
  type VgcaResultEvent,
  vgcaErrorResult,
  vgcaResultJson,
} from '../common/vgca-protocol';
import { readCsrfToken } from './rows';

const channel = new MessageChannel();
window.postMessage({ type: 'kyso-vgca-port' }, '*', [channel.port2]);
const port = channel.port1;

let adapter: Promise<PageAdapter | null> | undefined;
const adapterOfPage = () => {
  adapter ??= ask({ action: 'adapter.forPage' }).catch(() => null);
  return adapter;
};

function answer(callId: string, result: string): void {
  port.postMessage({ callId, result });
}

async function onCall(data: unknown): Promise<void> {
  const parsed = pageCall.safeParse(data);
  if (!parsed.success) return;
  const { callId, fn, params } = parsed.data;
  const page = await adapterOfPage();
  const t = new Translator(page?.lang ?? 'vi', page?.texts ?? {});
  // No window before the user has touched the page (a page must not pop dialogs on load). Sticky activation, not
  // transient: portals often call after an AJAX round trip following the click.
  if (!navigator.userActivation.hasBeenActive) {
    return answer(callId, vgcaResultJson({ Status: VGCA_STATUS.failed, Message: t.t('vgcaNoUserAction') }));
  }
  try {
    const request: VgcaRequest = {
      action: 'vgca.call',
      callId,
      fn,
      params,
      title: document.title.slice(0, 500),
      csrfToken: page ? readCsrfToken(page.recipe) : undefined,
    };
    const reply = await ask(request);
    // No result yet: a dialog is open; the answer comes as a `vgca-result` event.
    if (reply.result) answer(callId, reply.result);
  } catch (error) {
    answer(callId, vgcaErrorResult(t, error));
  }
}

port.onmessage = (event: MessageEvent) => void onCall(event.data);
browser.runtime.onMessage.addListener((message: unknown) => {
  const event = message as VgcaResultEvent;
  if (event?.event === 'vgca-result' && typeof event.result === 'string') answer(event.callId, event.result);
  return undefined;
});
