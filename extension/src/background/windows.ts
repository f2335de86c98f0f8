/**
 * The extension's own windows: the signing dialog and the batch page open as popups sized for an old 1366×768
 * screen. One place, so every flow (button, batch, legacy vgca_* call) opens them the same way.
 */
import browser from 'webextension-polyfill';

// Fits a 1366×768 laptop with its taskbar and the window frame.
const DIALOG_SIZE = { width: 1000, height: 700 };
/** The batch page: the review list beside the document's thumbnail (portal lists and vgca_sign_files). */
export const BATCH_WINDOW_SIZE = { width: 1100, height: 860 };

/** Opens `src/ui/<page>?<query>` in a popup window; returns its window id. */
export async function openExtensionWindow(
  page: 'dialog.html' | 'batch.html' | 'vgca.html' | 'verify.html',
  query: Record<string, string>,
  size = DIALOG_SIZE,
): Promise<number | undefined> {
  const window = await browser.windows.create({
    url: browser.runtime.getURL(`src/ui/${page}?${new URLSearchParams(query)}`),
    type: 'popup',
    ...size,
  });
  return window.id;
}
