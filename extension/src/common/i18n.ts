/**
 * Texts from `_locales/<lang>/messages.json`, in the language chosen in the options (Vietnamese by default),
 * not the browser's UI language that chrome.i18n would use: staff browsers are often in English.
 */
import { ERROR_TEXTS, isErrorCode, type SerializedError } from '@kyso/shared';
import type { Language } from './settings';

export type Texts = Record<string, string>;

interface LocaleFile {
  [key: string]: { message: string };
}

export async function fetchTexts(lang: Language, getUrl: (path: string) => string): Promise<Texts> {
  const response = await fetch(getUrl(`_locales/${lang}/messages.json`));
  const file = (await response.json()) as LocaleFile;
  return Object.fromEntries(Object.entries(file).map(([key, value]) => [key, value.message]));
}

export class Translator {
  constructor(
    readonly lang: Language,
    private readonly texts: Texts,
  ) {}

  /** `$1`, `$2` … are replaced by the arguments (like chrome.i18n substitutions). */
  t(key: string, ...args: string[]): string {
    const text = this.texts[key] ?? key;
    return text.replace(/\$(\d)/g, (_m, n: string) => args[Number(n) - 1] ?? '');
  }

  /** The user's text for an error: always the shared catalogue, in the chosen language. */
  error(error: SerializedError): string {
    if (isErrorCode(error.code)) return ERROR_TEXTS[error.code][this.lang];
    return this.lang === 'vi' ? error.message : error.messageEn;
  }

  /** Extra lines a user must see with an error (PIN retries left, what to do when the agent is missing). */
  errorHints(error: SerializedError): string[] {
    const details = error.details ?? {};
    const hints: string[] = [];
    if (error.code === 'PIN_INCORRECT' || error.code === 'PIN_LOCKED') {
      if (details.locked === true && error.code !== 'PIN_LOCKED') hints.push(this.t('pinLockedWarning'));
      else if (details.finalTry === true) hints.push(this.t('pinFinalTryWarning'));
      else if (details.countLow === true) hints.push(this.t('pinCountLowWarning'));
    }
    if (error.code === 'AGENT_NOT_RUNNING') hints.push(this.t('agentNotRunningHelp', String(details.port ?? '')));
    if (error.code === 'VERSION_MISMATCH' && typeof details.update === 'string') {
      hints.push(this.t(details.update === 'agent' ? 'updateAgent' : 'updateExtension'));
    }
    return hints;
  }
}
