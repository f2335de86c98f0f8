/**
 * The signing dialog as the user works it: open it from a row's "Ký số" button, choose a certificate by its
 * holder's name, type the PIN and sign, and read what the dialog ends with.
 */
import type { Browser, Page } from 'puppeteer-core';
import { clickSignButton } from './harness';

/** Opens the dialog for a row and waits until the token's certificates and the preview are there. */
export async function openSignDialog(browser: Browser, page: Page, rowSelector: string): Promise<Page> {
  const dialog = await clickSignButton(browser, page, rowSelector);
  await dialog.waitForFunction(() => (document.querySelector('#certificate') as HTMLSelectElement).options.length > 0);
  await dialog.waitForFunction(() => (document.querySelector('#preview-loading') as HTMLElement).hidden, {
    timeout: 30_000,
  });
  return dialog;
}

/** Chooses the certificate whose holder is `commonName` in a dialog's (or batch window's) certificate list. */
export async function chooseCertificate(window: Page, commonName: string): Promise<void> {
  const value = await window.$$eval(
    '#certificate option',
    (options, cn) => options.find((o) => o.textContent?.startsWith(cn))?.value,
    commonName,
  );
  if (!value) throw new Error(`no certificate of ${commonName} in the list`);
  await window.select('#certificate', value);
}

export interface DialogOutcome {
  /** The result's text, empty while it is hidden. */
  result: string;
  /** The error's text, empty while it is hidden. */
  error: string;
}

/** Types the PIN, clicks "Ký số" and waits for the dialog's outcome: its result or its error. */
export async function signInDialog(dialog: Page, pin: string, timeout = 60_000): Promise<DialogOutcome> {
  await dialog.type('#pin', pin);
  await dialog.click('#sign');
  await dialog.waitForFunction(
    () =>
      !(document.querySelector('#result') as HTMLElement).hidden ||
      !(document.querySelector('#error') as HTMLElement).hidden,
    { timeout },
  );
  const text = (selector: string) =>
    dialog.$eval(selector, (el) => ((el as HTMLElement).hidden ? '' : (el.textContent ?? '')));
  return { result: await text('#result'), error: await text('#error') };
}
