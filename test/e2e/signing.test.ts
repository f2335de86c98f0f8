/**
 * Signing inside the demo portal with the real agent and the SoftHSM token: the whole user path (log in → "Ký số"
 * → certificate → PIN) ends with a signed PDF on the portal that independent validators accept; a wrong PIN
 * shows the Vietnamese message and uploads nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ERROR_TEXTS } from '@kyso/shared';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestToken } from '../fixtures/token';
import { validatePdf } from '../fixtures/validate';
import type { Portal } from '../portal/server';
import { chooseCertificate, openSignDialog, signInDialog } from './dialog';
import { artifactPath, EXTENSION_ID, waitFor, waitForAria, waitForListReady } from './harness';
import { type Scenario, startScenario } from './scenario';

let scenario: Scenario;
let token: TestToken;
let portal: Portal;
let page: Page;

beforeAll(async () => {
  scenario = await startScenario({ images: ['signature'] });
  ({ token, portal, page } = scenario);
});
afterAll(async () => scenario?.close());

const openDialog = (docId: string) => openSignDialog(scenario.browser, page, `tr[data-doc-id="${docId}"]`);

describe('signing in the portal', () => {
  it('signs the decision with the PIN typed in the dialog and the portal receives a valid signed PDF', async () => {
    const dialog = await openDialog('qd-125');
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
    const { result } = await signInDialog(dialog, token.pin);
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
    const original = await readFile(join(scenario.portalDir, 'documents', 'qd-125', 'quyet-dinh-125.pdf'));
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

    const popup = await scenario.browser.newPage();
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
    const dialog = await openDialog('tt-57');
    await chooseCertificate(dialog, token.keys.rsa.commonName);
    const { result } = await signInDialog(dialog, token.pin);
    expect(result).toContain('cổng không nhận tệp (mã 403)');
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
    const dialog = await openDialog('cv-342');
    await chooseCertificate(dialog, token.keys.rsa.commonName);
    const { error } = await signInDialog(dialog, '000000');
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
