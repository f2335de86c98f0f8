/** Content script asks: is there a recipe for this page? (No recipe → the content script does nothing.) */
import type { Runtime } from 'webextension-polyfill';
import { findRecipe } from '../../common/adapter';
import type { PageAdapter, RequestOf } from '../../common/messages';
import { loadSettings } from '../../common/settings';
import { requireTab } from '../context';
import { loadTexts } from '../texts';

export async function adapterForPage(
  request: RequestOf<'adapter.forPage'>,
  sender: Runtime.MessageSender,
): Promise<PageAdapter | null> {
  const { url } = requireTab(sender, request.pageUrl);
  const settings = await loadSettings();
  const recipe = findRecipe(settings.adapters, url);
  if (!recipe) return null;
  return { recipe, texts: await loadTexts(settings.language), lang: settings.language };
}
