/**
 * The popup's "Kiểm tra chữ ký" entries: the verify view for a file the user picks or drops, and for the PDF open in
 * the current tab (its address is readable while the popup is open: activeTab).
 */
import browser from 'webextension-polyfill';
import { byId } from './ui-common';

const verifyPage = (query = ''): string => browser.runtime.getURL(`src/ui/verify.html${query}`);

/** A tab showing a PDF by its address (Chromium's viewer keeps the file's own URL in the tab). */
export function pdfAddressOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    const web = parsed.protocol === 'https:' || parsed.protocol === 'http:';
    return web && /\.pdf$/i.test(parsed.pathname) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export async function setupVerifyActions(): Promise<void> {
  byId('verify-file-button').addEventListener('click', () => void browser.tabs.create({ url: verifyPage() }));
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  const address = pdfAddressOf(tab?.url);
  const button = byId('verify-tab');
  button.hidden = !address;
  if (address) {
    button.addEventListener('click', () => {
      void browser.tabs.create({ url: verifyPage(`?url=${encodeURIComponent(address)}`) });
    });
  }
}
