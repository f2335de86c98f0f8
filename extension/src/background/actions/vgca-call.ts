/**
 * A page's `vgca_*` call (through the content script), or a page's own socket to VGCA's port: checked against the
 * page's recipe (the shim must be enabled for this page), then handed to the function's flow in ../vgca/ — one PDF
 * (pdf-call.ts), a batch of files (files-call.ts), text the user reads and signs or a certificate the user chooses
 * (data-call.ts), a verification (verify-call.ts) — or answered at once: the version, and "not supported" with the
 * reason (logged once for IT). The answer reaches the page's callback at once when the call is refused, else when
 * the window ends.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { findRecipe, vgcaShimFor } from '../../common/adapter';
import { loadSettings } from '../../common/settings';
import {
  type CalledFunction,
  VGCA_STATUS,
  type VgcaRequestOf,
  vgcaErrorResult,
  vgcaResultJson,
} from '../../common/vgca-protocol';
import { requireTab } from '../context';
import { chosenTranslator } from '../texts';
import { refusalResult } from '../vgca/answers';
import { isDataFunction, vgcaDataCall } from '../vgca/data-call';
import { vgcaFilesCall } from '../vgca/files-call';
import { vgcaPdfCall } from '../vgca/pdf-call';
import { pendingInTab, type VgcaCaller } from '../vgca/pending';
import { isPdfFunction, unsupportedRefusal, type VgcaRefusal } from '../vgca/plan';
import { noteUnsupported } from '../vgca/unsupported';
import { vgcaVerifyPdf } from '../vgca/verify-call';

type CallRequest = VgcaRequestOf<'vgca.call'>;

/** Tabs whose call is being set up (between the "one window per tab" check and the saved pending call). */
const starting = new Set<number>();

/** Opens the function's window; a refusal when the page's parameters do not allow it. */
async function openWindow(caller: VgcaCaller): Promise<VgcaRefusal | undefined> {
  const fn = caller.request.fn;
  if (isPdfFunction(fn)) return vgcaPdfCall(caller, fn);
  if (isDataFunction(fn)) return vgcaDataCall(caller, fn);
  if (fn === 'vgca_sign_files') return vgcaFilesCall(caller);
  return { refuse: 'vgcaBadParams' };
}

/** Functions answered without a window. */
async function answerAtOnce(fn: CalledFunction): Promise<string | undefined> {
  const t = await chosenTranslator();
  if (fn === 'vgca_get_version') {
    const version = browser.runtime.getManifest().version;
    return vgcaResultJson({ Status: VGCA_STATUS.ok, Message: `KySo Bridge ${version}`, Version: version });
  }
  if (fn === 'vgca_show_config') {
    await browser.runtime.openOptionsPage();
    return vgcaResultJson({ Status: VGCA_STATUS.ok, Message: t.t('vgcaConfigOpened') });
  }
  return undefined;
}

export async function vgcaCall(request: CallRequest, sender: Runtime.MessageSender): Promise<{ result?: string }> {
  const { tabId, url: pageUrl } = requireTab(sender);
  const t = await chosenTranslator();
  const recipe = findRecipe((await loadSettings()).adapters, pageUrl);
  const shim = recipe && vgcaShimFor(recipe, pageUrl);
  if (!recipe || !shim) return { result: refusalResult(t, { refuse: 'vgcaNotEnabled' }) };
  const refused = unsupportedRefusal(request.fn);
  if (refused) {
    await noteUnsupported(pageUrl, request.fn);
    return { result: refusalResult(t, refused) };
  }
  try {
    const immediate = await answerAtOnce(request.fn);
    if (immediate) return { result: immediate };
    if (request.fn === 'vgca_verify_pdf') return { result: await vgcaVerifyPdf(request.params, pageUrl, t) };
  } catch (error) {
    return { result: vgcaErrorResult(t, error) };
  }
  if (starting.has(tabId) || (await pendingInTab(tabId))) return { result: refusalResult(t, { refuse: 'vgcaBusy' }) };
  starting.add(tabId);
  try {
    const caller: VgcaCaller = { request, tabId, frameId: sender.frameId ?? 0, pageUrl, recipe, shim };
    const refusal = await openWindow(caller);
    return refusal ? { result: refusalResult(t, refusal) } : {};
  } catch (error) {
    return { result: vgcaErrorResult(t, error) };
  } finally {
    starting.delete(tabId);
  }
}
