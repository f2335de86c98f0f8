/** Content script asks: is there a recipe for this page? (No recipe → the content script does nothing.) */
import type { Runtime } from 'webextension-polyfill';
import { type AdapterRecipe, findRecipe } from '../../common/adapter';
import type { Texts } from '../../common/i18n';
import { loadSettings } from '../../common/settings';
import { requireTab } from '../context';
import { loadTexts } from './ui-texts';

export interface PageAdapter {
  recipe: AdapterRecipe;
  texts: Texts;
  lang: 'vi' | 'en';
}

export async function adapterForPage(sender: Runtime.MessageSender): Promise<PageAdapter | null> {
  const { url } = requireTab(sender);
  const settings = await loadSettings();
  const recipe = findRecipe(settings.adapters, url);
  if (!recipe) return null;
  return { recipe, texts: await loadTexts(settings.language), lang: settings.language };
}
