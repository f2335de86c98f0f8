/**
 * The published package (built with no portal origin) on a second portal that only a recipe names: a
 * single-page app with card rows, the file id on the "Xem" button, cookie CSRF, PUT upload, JSON errors and
 * Content-Disposition names (test/portal2). Access to the portal is granted the documented way: the site is
 * allowed in chrome://extensions (Site access → On specific sites), then "Cho phép KySo Bridge trên cổng này" on
 * the options page asks for it with the user's click. Buttons then appear after the app's own navigation
 * (history.pushState, hash changes) without a reload, a row without a file gets a disabled button naming the
 * recipe field, and the popup's check view names it too.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestToken } from '../fixtures/token';
import { validatePdf } from '../fixtures/validate';
import { DEMO_USER } from '../portal/server';
import { spaRecipe } from '../portal2/recipe';
import { type SpaPortal, startSpaPortal } from '../portal2/server';
import { openSignDialog, signInDialog } from './dialog';
import { artifactPath, DIST_STORE, EXTENSION_ID, waitFor } from './harness';
import { type Scenario, startScenario } from './scenario';

let scenario: Scenario<SpaPortal>;
let token: TestToken;
let portal: SpaPortal;
let browser: Browser;
let page: Page;
let origin: string;

const card = (id: string) => `div.doc-card[data-document-id="${id}"]`;

/** The app's own login form; it then shows its home view (no list yet). */
async function logInToApp(tab: Page, portalUrl: string): Promise<void> {
  await tab.goto(`${portalUrl}/login`);
  await tab.type('#username', DEMO_USER.username);
  await tab.type('#password', DEMO_USER.password);
  await Promise.all([tab.waitForNavigation(), tab.click('#login-submit')]);
  await tab.waitForSelector('#home');
}

beforeAll(async () => {
  scenario = await startScenario({
    portal: ({ dir }) => startSpaPortal({ dataDir: join(dir, 'portal') }),
    dist: DIST_STORE,
    adapters: ({ portal }) => [spaRecipe(portal.url)],
    images: ['signature'],
    login: logInToApp,
  });
  ({ token, portal, browser, page } = scenario);
  origin = `${portal.url}/*`;
});
afterAll(async () => scenario?.close());

/** The popup as the toolbar button opens it for the portal's tab. */
async function openPopup(b: Browser, tab: Page): Promise<Page> {
  const extension = (await b.extensions()).get(EXTENSION_ID);
  if (!extension) throw new Error('extension not listed');
  const isPopup = (url: string) => url.startsWith(`chrome-extension://${EXTENSION_ID}/src/ui/popup.html`);
  await tab.bringToFront();
  await tab.triggerExtensionAction(extension);
  const target = await b.waitForTarget((t) => isPopup(t.url()), { timeout: 10_000 });
  const popup = await target.asPage();
  await popup.waitForSelector('body[data-checked="true"]');
  return popup;
}

async function showList(): Promise<void> {
  await page.click('#nav-documents');
  await page.waitForSelector('#cards[aria-busy="false"]');
}

describe('the published package on a portal only a recipe names', () => {
  it('has no portal origin and does nothing on the portal before access is granted', async () => {
    const manifest = await scenario.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.host_permissions ?? []).toEqual([]);
    expect(manifest.content_scripts ?? []).toEqual([]);
    expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
    expect(await scenario.worker.evaluate((o) => chrome.permissions.contains({ origins: [o] }), origin)).toBe(false);
    // Nothing is registered to run on the portal (the manifest has no content scripts either): no buttons can come.
    const registered = await scenario.worker.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).flatMap((script) => script.matches ?? []),
    );
    expect(registered.filter((match) => match.startsWith(portal.url))).toEqual([]);
    await showList();
    expect(await page.$$eval('div.doc-card', (cards) => cards.length)).toBe(3);
    expect(await page.$$eval('kyso-sign, kyso-sign-unavailable', (hosts) => hosts.length)).toBe(0);
    // The check view says why, and offers the button that asks for access.
    const popup = await openPopup(browser, page);
    expect(await popup.$eval('#check-result', (el) => el.textContent ?? '')).toContain('chưa được phép');
    expect(await popup.$eval('#check-allow', (el) => (el as HTMLElement).hidden)).toBe(false);
    await popup.close();
  });

  it('gets access after the site is allowed in chrome://extensions and the options page asks for it', async () => {
    // What "Site access → On specific sites → Add a site" on chrome://extensions does.
    const extensionsPage = await browser.newPage();
    await extensionsPage.goto('chrome://extensions');
    const added = await extensionsPage.evaluate(
      (id, host) =>
        new Promise<string>((resolve) => {
          const api = (chrome as unknown as { developerPrivate: { addHostPermission(...a: unknown[]): void } })
            .developerPrivate;
          api.addHostPermission(id, host, () => resolve(chrome.runtime.lastError?.message ?? 'ok'));
        }),
      EXTENSION_ID,
      origin,
    );
    expect(added).toBe('ok');
    await extensionsPage.close();
    // Allowed there but not yet active: the extension asks with the user's click.
    expect(await scenario.worker.evaluate((o) => chrome.permissions.contains({ origins: [o] }), origin)).toBe(false);
    const options = await browser.newPage();
    await options.goto(`chrome-extension://${EXTENSION_ID}/src/ui/options.html`);
    await options.waitForSelector('#portal-access[data-ready="true"]');
    await options.click('li[data-recipe="dieu-hanh-spa"] button.allow-portal');
    await options.waitForSelector('li[data-recipe="dieu-hanh-spa"] .status-ok');
    await options.close();
    expect(await scenario.worker.evaluate((o) => chrome.permissions.contains({ origins: [o] }), origin)).toBe(true);
    await waitFor(
      () =>
        scenario.worker.evaluate(
          async (o) => (await chrome.scripting.getRegisteredContentScripts()).some((s) => s.matches?.includes(o)),
          origin,
        ),
      10_000,
    );
  });

  it('shows staff their images and allowed portals first, the IT settings closed', async () => {
    const options = await browser.newPage();
    await options.setViewport({ width: 1366, height: 768 });
    await options.goto(`chrome-extension://${EXTENSION_ID}/src/ui/options.html`);
    await options.waitForSelector('#portal-access[data-ready="true"]');
    // The file buttons speak the staff's language, whatever Chromium's own UI language is.
    expect(await options.$eval('label[for="signature-file"]', (el) => el.textContent)).toBe('Chọn ảnh PNG…');
    expect(await options.$eval('#signature-name', (el) => el.textContent)).toContain('signature.png');
    expect(await options.$eval('#seal-empty', (el) => (el as HTMLElement).hidden)).toBe(false);
    expect(await options.$eval('#advanced', (el) => (el as HTMLDetailsElement).open)).toBe(false);
    expect(await options.$eval('#portal-access', (el) => el.textContent ?? '')).toContain('Đã cho phép');
    await options.screenshot({ path: artifactPath('options-staff.png') });
    await options.click('#advanced > summary');
    expect(await options.$eval('#managed', (el) => el.textContent ?? '')).toContain('chưa áp dụng chính sách');
    await options.screenshot({ path: artifactPath('options-advanced.png'), fullPage: true });
    await options.close();
  });

  it('puts buttons on the cards after in-app navigation, without a reload', async () => {
    await page.goto(`${portal.url}/app/`);
    await page.waitForSelector('#home');
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    // The home page has no recipe: nothing there.
    expect(await page.$$eval('kyso-sign', (hosts) => hosts.length)).toBe(0);
    await showList();
    await page.waitForFunction(() => document.querySelectorAll('div.doc-card kyso-sign').length === 2);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // The paper-only card: no PDF address, a disabled button saying which field could not be read.
    const unavailable = await page.$eval(`${card('VB-2026-0047')} kyso-sign-unavailable`, (el) => ({
      field: el.getAttribute('data-field'),
      title: el.getAttribute('title'),
    }));
    expect(unavailable.field).toBe('rows.values.fileId');
    expect(unavailable.title).toContain('rows.values.fileId');
    expect(unavailable.title).toContain('data-file-id');
    await page.screenshot({ path: artifactPath('portal2-cards.png') });
  });

  it('names the failing field in the popup check view', async () => {
    const popup = await openPopup(browser, page);
    await popup.setViewport({ width: 420, height: 700 });
    const result = await popup.$eval('#check-result', (el) => el.textContent ?? '');
    expect(result).toContain('dieu-hanh-spa');
    expect(result).toContain('Địa chỉ PDF tạo được: 2/3');
    expect(result).toContain('/api/v2/files/F9A1C3/content');
    expect(result).toContain('/api/v2/documents/VB-2026-0045/signed-file');
    expect(await popup.$eval('#check-problem', (el) => el.getAttribute('data-field'))).toBe('rows.values.fileId');
    expect(await popup.$eval('#check-problem', (el) => el.textContent ?? '')).toContain('dòng 3');
    await popup.screenshot({ path: artifactPath('popup-check.png') });
    await popup.close();
  });

  it('signs a card: the file id from the button, the portal file name, PUT with the cookie CSRF header', async () => {
    const dialog = await openSignDialog(browser, page, card('VB-2026-0045'));
    // The name the portal gave in Content-Disposition (filename*, UTF-8), not the card's id.
    expect(await dialog.$eval('#doc-title', (el) => el.textContent ?? '')).toContain('Quyết định 45-QĐ-UBND.pdf');
    expect((await signInDialog(dialog, token.pin)).result).toContain('Đã ký số thành công');
    await dialog.close();
    const [upload] = portal.uploads();
    expect(upload).toMatchObject({ docId: 'VB-2026-0045', method: 'PUT', fileName: 'Quyết định 45-QĐ-UBND.pdf' });
    const verdict = await validatePdf(upload!.path, { rootPath: token.rootPath, nssDir: token.nssDir });
    expect(verdict.allValid, verdict.pdfsigOutput).toBe(true);
  });

  it('keeps finding cards when the list changes by a hash change', async () => {
    await page.click('#tab-signed');
    await page.waitForSelector('#cards[data-tab="signed"][aria-busy="false"]');
    await page.waitForSelector(`${card('VB-2026-0045')} kyso-sign`);
    await page.click('#tab-waiting');
    await page.waitForSelector('#cards[data-tab="waiting"][aria-busy="false"]');
    await page.waitForSelector(`${card('VB-2026-0046')} kyso-sign`);
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it("shows the portal's own reason from its JSON answer when it refuses the upload", async () => {
    portal.rotateCsrfToken();
    const dialog = await openSignDialog(browser, page, card('VB-2026-0046'));
    const { result } = await signInDialog(dialog, token.pin);
    expect(result).toContain('403');
    expect(result).toContain('Invalid CSRF token');
    await dialog.close();
    expect(portal.uploads()).toHaveLength(1);
  });
});
