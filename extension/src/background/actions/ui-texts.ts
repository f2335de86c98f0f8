/** The UI texts in the chosen language (content scripts cannot read extension files themselves). */
import browser from 'webextension-polyfill';
import { fetchTexts, type Texts } from '../../common/i18n';
import { type Language, loadSettings } from '../../common/settings';

const cache = new Map<Language, Texts>();

export async function loadTexts(lang: Language): Promise<Texts> {
  const cached = cache.get(lang);
  if (cached) return cached;
  const texts = await fetchTexts(lang, (path) => browser.runtime.getURL(path));
  cache.set(lang, texts);
  return texts;
}

export async function uiTexts(): Promise<{ lang: Language; texts: Texts }> {
  const { language } = await loadSettings();
  return { lang: language, texts: await loadTexts(language) };
}
