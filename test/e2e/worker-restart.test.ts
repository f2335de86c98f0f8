/**
 * What is signed is what the dialog showed, even when Chromium stops the extension's worker while the user reads
 * (MV3 stops an idle worker after ~30 s and its memory is lost). The portal here turns hostile after the preview:
 * it serves another document, or redirects the download to another site the extension may read. Both are refused
 * with the Vietnamese reason and nothing is uploaded; the ordinary restart still signs the previewed bytes.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ERROR_TEXTS } from '@kyso/shared';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Portal } from '../portal/server';
import { chooseCertificate, openSignDialog, signInDialog } from './dialog';
import { artifactPath, clickSignButton, stopExtensionWorker, waitForListReady } from './harness';
import { type Scenario, startScenario } from './scenario';

let scenario: Scenario;
let portal: Portal;
let browser: Browser;
let page: Page;
/** Another site in the extension's host permissions (localhost, not the portal's 127.0.0.1) with its own PDF. */
let otherSite: Server;
let otherSiteUrl: string;

const original = (docId: string, file: string) => readFile(join(scenario.portalDir, 'documents', docId, file));

beforeAll(async () => {
  scenario = await startScenario({ images: ['signature'] });
  ({ portal, browser, page } = scenario);
  const otherPdf = await original('tt-57', 'to-trinh-57.pdf');
  otherSite = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end(otherPdf));
  await new Promise<void>((resolve) => otherSite.listen(0, '127.0.0.1', resolve));
  otherSiteUrl = `http://localhost:${(otherSite.address() as AddressInfo).port}/van-ban.pdf`;
});

afterAll(async () => {
  await scenario?.close();
  otherSite?.closeAllConnections();
  await new Promise((resolve) => (otherSite ? otherSite.close(resolve) : resolve(undefined)));
});

/** Opens the dialog on a row, waits for the preview, chooses the RSA key, then the worker is stopped. */
async function previewThenStopWorker(docId: string): Promise<Page> {
  await page.goto(portal.url);
  await waitForListReady(page);
  const dialog = await openSignDialog(browser, page, `tr[data-doc-id="${docId}"]`);
  // The leader's place depends on the certificate: let that placement finish before the worker goes.
  const replans = await dialog.$eval('#profile', (el) => (el as HTMLSelectElement).value === 'leader');
  await dialog.evaluate(() => delete document.body.dataset.placement);
  await chooseCertificate(dialog, scenario.token.keys.rsa.commonName);
  if (replans) await dialog.waitForFunction(() => document.body.dataset.placement);
  await stopExtensionWorker(browser);
  return dialog;
}

/** Types the PIN, signs, and returns what the dialog ends with: its error text or its result text. */
const signAndWait = (dialog: Page) => signInDialog(dialog, scenario.token.pin);

describe('the extension worker stopped between the preview and the PIN', () => {
  it('still signs the previewed document when nothing changed', async () => {
    const before = (await portal.uploads()).length;
    const dialog = await previewThenStopWorker('pl-125');
    const { error, result } = await signAndWait(dialog);
    expect(error).toBe('');
    expect(result).toContain('Đã ký số thành công');
    const uploads = await portal.uploads();
    expect(uploads).toHaveLength(before + 1);
    // An incremental update: the signed file starts with the exact bytes that were shown.
    const shown = await original('pl-125', 'phu-luc-125.pdf');
    const signed = await readFile(uploads.at(-1)!.path);
    expect(uploads.at(-1)?.docId).toBe('pl-125');
    expect(signed.subarray(0, shown.length).equals(shown)).toBe(true);
    await dialog.close();
  });

  it('refuses when the portal now serves a different document, and uploads nothing', async () => {
    const before = (await portal.uploads()).length;
    const dialog = await previewThenStopWorker('cv-342');
    portal.swapAttachment('cv-342', 'cong-van-342.pdf', { bytes: await original('tt-57', 'to-trinh-57.pdf') });
    try {
      const { error, result } = await signAndWait(dialog);
      await dialog.setViewport({ width: 1366, height: 768 });
      await dialog.screenshot({ path: artifactPath('dialog-document-changed.png') });
      expect(result).toBe('');
      expect(error).toContain(ERROR_TEXTS.DOCUMENT_CHANGED.vi);
      expect((await portal.uploads()).length).toBe(before);
    } finally {
      portal.swapAttachment('cv-342', 'cong-van-342.pdf', undefined);
    }
    await dialog.close();
  });

  it('refuses when the download now redirects to another site the extension may read', async () => {
    const before = (await portal.uploads()).length;
    const dialog = await previewThenStopWorker('qd-125');
    portal.swapAttachment('qd-125', 'quyet-dinh-125.pdf', { redirectTo: otherSiteUrl });
    try {
      const { error, result } = await signAndWait(dialog);
      await dialog.setViewport({ width: 1366, height: 768 });
      await dialog.screenshot({ path: artifactPath('dialog-document-redirected.png') });
      expect(result).toBe('');
      expect(error).toContain(ERROR_TEXTS.DOCUMENT_REDIRECTED.vi);
      expect((await portal.uploads()).length).toBe(before);
    } finally {
      portal.swapAttachment('qd-125', 'quyet-dinh-125.pdf', undefined);
    }
    await dialog.close();
  });

  it('never follows a redirect on the first download either (the dialog says why)', async () => {
    portal.swapAttachment('tt-57', 'to-trinh-57.pdf', { redirectTo: otherSiteUrl });
    try {
      await page.goto(portal.url);
      await waitForListReady(page);
      const dialog = await clickSignButton(browser, page, 'tr[data-doc-id="tt-57"]');
      await dialog.waitForFunction(
        (text) => document.body.textContent?.includes(text),
        { timeout: 30_000 },
        ERROR_TEXTS.DOCUMENT_REDIRECTED.vi,
      );
      await dialog.close();
    } finally {
      portal.swapAttachment('tt-57', 'to-trinh-57.pdf', undefined);
    }
  });
});
