/**
 * Signing inside the demo portal with the real agent and the SoftHSM token: the whole user path (log in → "Ký số"
 * → certificate → PIN) ends with a signed PDF on the portal that independent validators accept; a wrong PIN
 * shows the Vietnamese message and uploads nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR_TEXTS } from '@kyso/shared';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAdapterFor } from '../../extension/src/common/default-adapters';
import { createTestToken, type TestToken } from '../fixtures/token';
import { validatePdf } from '../fixtures/validate';
import { type Portal, startPortal } from '../portal/server';
import {
  artifactPath,
  chooseImages,
  clickSignButton,
  configureExtension,
  EXTENSION_ID,
  freePort,
  launchBrowser,
  login,
  type RunningAgent,
  startAgent,
  type TestBrowser,
  waitFor,
  waitForAria,
  waitForListReady,
} from './harness';

let token: TestToken;
let agent: RunningAgent;
let browser: TestBrowser;
let portal: Portal;
let dataDir: string;
let page: Page;

beforeAll(async () => {
  token = await createTestToken();
  agent = await startAgent(token, await freePort());
  dataDir = await mkdtemp(join(tmpdir(), 'kyso-portal-'));
  portal = await startPortal({ dataDir, nssDir: token.nssDir });
  browser = await launchBrowser();
  await configureExtension(browser.worker, { agentPort: agent.port, adapters: [demoAdapterFor(portal.url)] });
  await chooseImages(browser.browser, dataDir, ['signature']);
  page = await browser.browser.newPage();
  await login(page, portal.url);
});

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await portal?.close();
  await token?.cleanup();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Opens the dialog for a row and waits until the preview and the token's certificates are there. */
async function openDialog(b: Browser, docId: string): Promise<Page> {
  const dialog = await clickSignButton(b, page, `tr[data-doc-id="${docId}"]`);
  await dialog.waitForFunction(() => (document.querySelector('#certificate') as HTMLSelectElement).options.length > 0);
  await dialog.waitForFunction(() => (document.querySelector('#preview-loading') as HTMLElement).hidden);
  return dialog;
}

async function chooseCertificate(dialog: Page, commonName: string): Promise<void> {
  const value = await dialog.$$eval(
    '#certificate option',
    (options, cn) => options.find((o) => o.textContent?.startsWith(cn))?.value,
    commonName,
  );
  expect(value).toBeTruthy();
  await dialog.select('#certificate', value as string);
}

describe('signing in the portal', () => {
  it('signs the decision with the PIN typed in the dialog and the portal receives a valid signed PDF', async () => {
    const dialog = await openDialog(browser.browser, 'qd-125');
    await chooseCertificate(dialog, token.keys.rsa.commonName);
    // Default placement: between "PHÓ CHỦ TỊCH" and "Nguyễn Văn An" on the last page, right half. The box starts
    // at a default position and moves once the text search in the preview finishes, so wait for it to land.
    const boxPosition = () =>
      dialog.$eval('#signature-box', (el) => {
        const [x, y] = [...(el.getAttribute('aria-valuetext') ?? '').matchAll(/[xy]=([\d.]+)/g)].map((m) =>
          Number(m[1]),
        );
        return { x: x ?? 0, y: y ?? 0 };
      });
    await dialog
      .waitForFunction(
        () => {
          const v = document.querySelector('#signature-box')?.getAttribute('aria-valuetext') ?? '';
          const y = Number(/y=([\d.]+)/.exec(v)?.[1] ?? 0);
          return y > 200 && y < 500;
        },
        { timeout: 15_000 },
      )
      .catch(() => undefined);
    const { x, y } = await boxPosition();
    expect(x).toBeGreaterThan(297);
    expect(y).toBeGreaterThan(200);
    expect(y).toBeLessThan(500);
    await dialog.screenshot({ path: artifactPath('dialog-before-signing.png') });
    await dialog.type('#pin', token.pin);
    await dialog.click('#sign');
    await dialog.waitForFunction(() => !(document.querySelector('#result') as HTMLElement).hidden, { timeout: 60_000 });
    const result = await dialog.$eval('#result', (el) => el.textContent ?? '');
    await dialog.screenshot({ path: artifactPath('dialog-signed.png') });
    expect(result).toContain('Đã ký số thành công');
    expect(result).toContain(token.keys.rsa.commonName);
    expect(await dialog.$eval('#pin', (el) => (el as HTMLInputElement).value)).toBe('');

    const uploads = await portal.uploads();
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.docId).toBe('qd-125');
    expect(uploads[0]?.status.valid).toBe(true);
    const verdict = await validatePdf(uploads[0]!.path, { rootPath: token.rootPath, nssDir: token.nssDir });
    expect(
      verdict.allValid,
      `${verdict.pdfsigOutput}\n${JSON.stringify(verdict.signatures)}\n${verdict.qpdf.output}`,
    ).toBe(true);

    // The portal tab learns it too: its button now says the document is signed.
    const signedButton = await waitForAria(page, 'tr[data-doc-id="qd-125"] kyso-sign', '[role="button"]');
    await waitFor(() => signedButton.evaluate((el) => el.classList.contains('done')), 15_000);
    expect(await signedButton.evaluate((el) => el.textContent)).toBe('Đã ký ✓');

    // The handwritten image went into the signature's appearance (an image XObject in the appended update).
    const original = await readFile(join(dataDir, 'documents', 'qd-125', 'quyet-dinh-125.pdf'));
    const signed = await readFile(uploads[0]!.path);
    expect(signed.subarray(original.length).toString('latin1')).toMatch(/\/Subtype\s*\/Image/);

    // The signed page as a reader shows it: the signature must sit in the signer block.
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', uploads[0]!.path, artifactPath('signed-decision')]);

    await page.goto(`${portal.url}/documents/qd-125`);
    const status = await page.$eval('.signature-status', (el) => el.textContent ?? '');
    expect(status).toContain('Chữ ký hợp lệ');
    expect(status).toContain(token.keys.rsa.commonName);
    await page.screenshot({ path: artifactPath('portal-after-signing.png'), fullPage: true });
    await dialog.close();

    const popup = await browser.browser.newPage();
    await popup.goto(`chrome-extension://${EXTENSION_ID}/src/ui/popup.html`);
    await popup.waitForFunction(() => document.querySelector('#recent li')?.textContent?.includes('Quyết định'));
    expect(await popup.$eval('#tokens', (el) => el.textContent ?? '')).toContain(token.keys.rsa.commonName);
    await popup.close();
  });

  it('says so when the portal refuses the upload (bad CSRF token) and the portal stores nothing', async () => {
    await page.goto(portal.url);
    await waitForListReady(page);
    const before = (await portal.uploads()).length;
    // A stale page: the token the extension reads no longer matches the session's.
    await page.evaluate(() => document.querySelector('meta[name="csrf-token"]')?.setAttribute('content', 'stale'));
    const dialog = await openDialog(browser.browser, 'tt-57');
    await chooseCertificate(dialog, token.keys.rsa.commonName);
    await dialog.type('#pin', token.pin);
    await dialog.click('#sign');
    await dialog.waitForFunction(() => !(document.querySelector('#result') as HTMLElement).hidden, { timeout: 60_000 });
    expect(await dialog.$eval('#result', (el) => el.textContent ?? '')).toContain('cổng không nhận tệp (mã 403)');
    // The signature is not lost: the signed file can be saved from the dialog.
    expect(await dialog.$eval('#save-signed', (el) => (el as HTMLAnchorElement).download)).toBe(
      'to-trinh-57.signed.pdf',
    );
    expect((await portal.uploads()).length).toBe(before);
    await dialog.close();
  });

  it("shows the Vietnamese wrong-PIN message with the token's retry warning and uploads nothing", async () => {
    await page.goto(portal.url);
    const before = (await portal.uploads()).length;
    const dialog = await openDialog(browser.browser, 'cv-342');
    await chooseCertificate(dialog, token.keys.rsa.commonName);
    await dialog.type('#pin', '000000');
    await dialog.click('#sign');
    await dialog.waitForFunction(() => !(document.querySelector('#error') as HTMLElement).hidden, { timeout: 30_000 });
    const error = await dialog.$eval('#error', (el) => el.textContent ?? '');
    await dialog.screenshot({ path: artifactPath('dialog-wrong-pin.png') });
    expect(error).toContain(ERROR_TEXTS.PIN_INCORRECT.vi);
    // SoftHSM raises CKF_USER_PIN_COUNT_LOW after a failed login; the dialog must pass that on.
    expect(error).toContain('chỉ còn ít lần thử');
    expect(await dialog.$eval('#result', (el) => (el as HTMLElement).hidden)).toBe(true);
    expect((await portal.uploads()).length).toBe(before);
    // One wrong try is not "many": the words follow the token's flag (COUNT_LOW), and the cursor is back in the field.
    expect(error).not.toContain('nhiều lần');
    expect(await dialog.evaluate(() => document.activeElement?.id)).toBe('pin');
    // The right PIN: the login resets the token's flags, and the warnings go with them.
    await dialog.type('#pin', token.pin);
    await dialog.click('#sign');
    await dialog.waitForFunction(() => !(document.querySelector('#result') as HTMLElement).hidden, { timeout: 60_000 });
    const visible = (id: string) => dialog.$eval(id, (el) => !(el as HTMLElement).hidden);
    expect([await visible('#error'), await visible('#token-warning')]).toEqual([false, false]);
    await dialog.close();
  });
});
