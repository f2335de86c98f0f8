/** The UI texts in the chosen language (content scripts cannot read extension files themselves). */
import type { Texts } from '../../common/i18n';
import { type Language, loadSettings } from '../../common/settings';
import { loadTexts } from '../texts';

export async function uiTexts(): Promise<{ lang: Language; texts: Texts }> {
  const { language } = await loadSettings();
  return { lang: language, texts: await loadTexts(language) };
}
