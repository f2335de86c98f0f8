/** The UI texts in the chosen language, read once per worker (content scripts cannot read extension files). */
import browser from 'webextension-polyfill';
import { fetchTexts, type Texts, Translator } from '../common/i18n';
import { type Language, loadSettings } from '../common/settings';

const cache = new Map<Language, Texts>();

export async function loadTexts(lang: Language): Promise<Texts> {
  const cached = cache.get(lang);
  if (cached) return cached;
  const texts = await fetchTexts(lang, (path) => browser.runtime.getURL(path));
  cache.set(lang, texts);
  return texts;
}

/** What the background itself says (answers to a page's vgca_* call) is in the language of the options. */
export async function chosenTranslator(): Promise<Translator> {
  const { language } = await loadSettings();
  return new Translator(language, await loadTexts(language));
}
