/** Helpers shared by the extension pages: talk to the background, load texts, fill `data-i18n` elements. */
import type { SerializedError } from '@kyso/shared';
import { ask } from '../common/ask';
import { Translator } from '../common/i18n';

export { ask } from '../common/ask';

export function isSerializedError(value: unknown): value is SerializedError {
  return typeof value === 'object' && value !== null && 'code' in value && 'messageEn' in value;
}

export async function loadTranslator(): Promise<Translator> {
  const { lang, texts } = await ask({ action: 'ui.texts' });
  const t = new Translator(lang, texts);
  document.documentElement.lang = lang;
  for (const element of Array.from(document.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    element.textContent = t.t(element.dataset.i18n ?? '');
  }
  for (const element of Array.from(document.querySelectorAll<HTMLElement>('[data-i18n-title]'))) {
    const text = t.t(element.dataset.i18nTitle ?? '');
    element.title = text;
    element.setAttribute('aria-label', text);
  }
  return t;
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} missing from the page`);
  return element as T;
}

/** Replaces an element's content with one paragraph per line (textContent only: no HTML from outside). */
export function showLines(element: HTMLElement, lines: string[]): void {
  element.replaceChildren(
    ...lines.map((line) => {
      const p = document.createElement('p');
      p.textContent = line;
      return p;
    }),
  );
  element.hidden = lines.length === 0;
}
