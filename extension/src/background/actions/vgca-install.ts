/**
 * Puts the `vgca_*` functions into the page's own JavaScript world (MAIN), for the content script of a page whose
 * recipe enables the shim. The page URL comes from the sender, and the recipe is checked here again: a content
 * script on any other page gets nothing injected.
 */
import { KysoError } from '@kyso/shared';
import browser, { type Runtime } from 'webextension-polyfill';
import { findRecipe, vgcaShimFor } from '../../common/adapter';
import { loadSettings } from '../../common/settings';
import { installVgcaShim } from '../../content/vgca-page';
import { VGCA_FUNCTIONS, type VgcaRequestOf } from '../../content/vgca-protocol';
import { requireTab } from '../context';

export async function vgcaInstall(
  request: VgcaRequestOf<'vgca.install'>,
  sender: Runtime.MessageSender,
): Promise<{ installed: true }> {
  const { tabId, url } = requireTab(sender);
  const recipe = findRecipe((await loadSettings()).adapters, url);
  if (!recipe || !vgcaShimFor(recipe, url)) throw new KysoError('ORIGIN_NOT_ALLOWED', { pageUrl: url });
  await browser.scripting.executeScript({
    target: { tabId, frameIds: [sender.frameId ?? 0] },
    world: 'MAIN',
    func: installVgcaShim,
    args: [request.channel, [...VGCA_FUNCTIONS]],
  });
  return { installed: true };
}
