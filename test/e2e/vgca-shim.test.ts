/**
 * The `vgca_*` compatibility shim: a legacy portal page whose own script calls `vgca_sign_approved(json, callback)`
 * signs through KySo Bridge unchanged (dialog → PIN → VGCA-style multipart upload to its FileUploadHandler → the
 * callback's JSON string), only where the recipe enables it, and never for a document on another origin. The clerk's
 * `vgca_sign_issued` with DocNumber writes the number and date beside the seal; a handler answering HTTP 200 with
 * `Status: false` is a failure for the dialog and the page alike.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { Browser, Page, Target } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAdapterFor } from '../../extension/src/common/default-adapters';
import type { TestToken } from '../fixtures/token';
import { validatePdf } from '../fixtures/validate';
import type { Portal } from '../portal/server';
import { chooseCertificate, signInDialog } from './dialog';
import { artifactPath, configureExtension, EXTENSION_ID, freePort, waitFor } from './harness';
import { type Scenario, startScenario } from './scenario';

let scenario: Scenario;
let token: TestToken;
let portal: Portal;
let browser: Browser;
let page: Page;
/** Another origin holding a "document": it counts every request it gets (there must be none). */
let elsewhere: { server: Server; url: string; hits: string[] };

const isDialog = (t: Target) => t.url().startsWith(`chrome-extension://${EXTENSION_ID}/src/ui/dialog.html`);

async function startElsewhere(): Promise<typeof elsewhere> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'application/pdf' });
    res.end('%PDF-1.4\n%%EOF\n');
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://localhost:${port}`, hits };
}

/** The clerk's document for vgca_sign_issued: a decision the leader signed (in the setup), number 125 to write. */
const ISSUED_ID = 'ph-01';

beforeAll(async () => {
  // The demo recipe enables the shim on the legacy pages (/cu/*) only. The leader's signature, and the
  // organisation's seal for vgca_sign_issued.
  scenario = await startScenario({ issuance: { count: 1, number: () => '125' }, images: ['signature', 'seal'] });
  ({ token, portal, browser, page } = scenario);
  elsewhere = await startElsewhere();
});

afterAll(async () => {
  await scenario?.close();
  await new Promise((resolve) => elsewhere?.server.close(resolve));
});

async function openLegacyPage(id = 'qd-125'): Promise<void> {
  await page.goto(`${portal.url}/cu/van-ban/${id}`);
  await page.waitForFunction(
    () => typeof (window as unknown as Record<string, unknown>).vgca_sign_approved === 'function',
    {
      timeout: 10_000,
    },
  );
}

/** Clicks the page's own button and returns the signing dialog it opens, loaded. */
async function openedDialog(button: string): Promise<Page> {
  const before = new Set(browser.targets().filter(isDialog));
  await page.click(button);
  const target = await browser.waitForTarget((t) => isDialog(t) && !before.has(t), { timeout: 15_000 });
  const dialog = await target.asPage();
  await dialog.setViewport({ width: 1040, height: 820 });
  await dialog.waitForFunction(() => (document.querySelector('#certificate') as HTMLSelectElement).options.length > 0);
  await dialog.waitForFunction(() => (document.querySelector('#preview-loading') as HTMLElement).hidden, {
    timeout: 30_000,
  });
  return dialog;
}

/** Chooses the certificate by its holder's name, types the PIN, signs and waits for the result. */
async function signIn(dialog: Page, commonName: string): Promise<void> {
  await chooseCertificate(dialog, commonName);
  await signInDialog(dialog, token.pin);
}

describe('the vgca_* shim on a legacy portal page', () => {
  it('signs when the page calls vgca_sign_approved itself, uploads VGCA-style and answers its callback', async () => {
    await openLegacyPage();
    const before = new Set(browser.targets().filter(isDialog));
    await page.click('#btn-ky-duyet'); // the page's own button and script: exc_sign_approved() → vgca_sign_approved
    const target = await browser.waitForTarget((t) => isDialog(t) && !before.has(t), { timeout: 15_000 });
    const dialog = await target.asPage();
    await dialog.setViewport({ width: 1040, height: 820 });
    await dialog.waitForFunction(
      () => (document.querySelector('#certificate') as HTMLSelectElement).options.length > 0,
    );
    await dialog.waitForFunction(() => (document.querySelector('#preview-loading') as HTMLElement).hidden);
    // vgca_sign_approved is the competent person's signature: the dialog offers that profile only.
    expect(await dialog.$$eval('#profile option', (o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual([
      'leader',
    ]);
    await chooseCertificate(dialog, token.keys.rsa.commonName);
    await dialog.screenshot({ path: artifactPath('vgca-shim-dialog.png') });
    expect((await signInDialog(dialog, token.pin)).result).toContain('Đã ký số thành công');

    // The page's callback got VGCA's JSON string: Status 0, FileName, FileServer from its upload handler.
    await page.waitForFunction(() => document.querySelector('#vgca-status')?.getAttribute('data-status') === '0', {
      timeout: 15_000,
    });
    expect(await page.$eval('#vgca-status', (el) => el.textContent)).toBe('Ký số thành công: quyet-dinh-125.pdf');
    const fileServer = await page.$eval('#vgca-file', (el) => (el as HTMLAnchorElement).href);
    expect(fileServer).toMatch(new RegExp(`^${portal.url}/signed/qd-125/\\d+-quyet-dinh-125\\.pdf$`));
    await page.screenshot({ path: artifactPath('vgca-shim-legacy-page.png'), fullPage: true });

    const uploads = await portal.uploads();
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.docId).toBe('qd-125');
    const verdict = await validatePdf(uploads[0]!.path, { rootPath: token.rootPath, nssDir: token.nssDir });
    expect(verdict.allValid, `${verdict.pdfsigOutput}\n${JSON.stringify(verdict.signatures)}`).toBe(true);
    await dialog.close();
  });

  it('signs vgca_sign_issued with DocNumber as the clerk: seal, number and date written, two valid signatures', async () => {
    await openLegacyPage(ISSUED_ID);
    // exc_sign_issued(): DocNumber "125", IssuedDate today as dd/MM/yyyy
    const dialog = await openedDialog('#btn-phat-hanh');
    expect(await dialog.$$eval('#profile option', (o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual([
      'organization',
    ]);
    // The page passes its own local date (same clock and zone as this process).
    const now = new Date();
    const [y, m, d] = [
      String(now.getFullYear()),
      String(now.getMonth() + 1).padStart(2, '0'),
      String(now.getDate()).padStart(2, '0'),
    ];
    expect(
      await dialog.$eval('#doc-issuance', (el) => ({ hidden: (el as HTMLElement).hidden, text: el.textContent })),
    ).toEqual({ hidden: false, text: `Sẽ ghi vào văn bản — Số: 125, ngày ${d}/${m}/${y}` });
    expect(await dialog.$eval('body', (b) => b.dataset.placement)).toBe('auto');
    await signIn(dialog, token.keys.ec.commonName);
    expect(await dialog.$eval('#result', (el) => el.textContent ?? '')).toContain('Đã ký số thành công');
    await page.waitForFunction(() => document.querySelector('#vgca-status')?.getAttribute('data-status') === '0', {
      timeout: 15_000,
    });
    const result = JSON.parse((await page.$eval('#vgca-status', (el) => el.getAttribute('data-result'))) ?? '{}');
    expect(result).toMatchObject({ Status: 0, DocumentNumber: '125', DocumentDate: `${d}/${m}/${y}` });
    const uploads = (await portal.uploads()).filter((u) => u.docId === ISSUED_ID);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.status).toMatchObject({ valid: true, count: 2 });
    const text = execFileSync('pdftotext', ['-layout', uploads[0]!.path, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/Số:\s*125/);
    await dialog.close();
  });

  it('says the upload failed when the handler answers 200 with Status:false, offers the file, and the page hears it', async () => {
    portal.refuseVgcaUploads('Văn bản đã được khóa, không nhận thêm bản ký');
    try {
      await openLegacyPage();
      const uploads = (await portal.uploads()).length;
      const dialog = await openedDialog('#btn-ky-duyet');
      await signIn(dialog, token.keys.rsa.commonName);
      const text = await dialog.$eval('#result', (el) => el.textContent ?? '');
      expect(text).not.toContain('Đã ký số thành công');
      expect(text).toContain('Đã ký số nhưng cổng không nhận tệp');
      expect(text).toContain('Văn bản đã được khóa, không nhận thêm bản ký');
      expect(await dialog.$eval('#result', (el) => el.classList.contains('failed'))).toBe(true);
      expect(await dialog.$eval('#save-signed', (el) => (el as HTMLAnchorElement).download)).toBe(
        'quyet-dinh-125.signed.pdf',
      );
      expect((await portal.uploads()).length).toBe(uploads);
      // Closing the dialog gives the page the failure, not a cancellation and not a success.
      await dialog.click('#cancel');
      await page.waitForFunction(() => document.querySelector('#vgca-status')?.getAttribute('data-status') === '1', {
        timeout: 10_000,
      });
      expect(await page.$eval('#vgca-status', (el) => el.textContent)).toContain(
        'Văn bản đã được khóa, không nhận thêm bản ký',
      );
    } finally {
      portal.refuseVgcaUploads(undefined);
    }
  });

  it('answers the callback with a cancellation when the user closes the dialog, and uploads nothing', async () => {
    await openLegacyPage();
    const before = new Set(browser.targets().filter(isDialog));
    const uploads = (await portal.uploads()).length;
    await page.click('#btn-ky-duyet');
    const target = await browser.waitForTarget((t) => isDialog(t) && !before.has(t), { timeout: 15_000 });
    const dialog = await target.asPage();
    // The dialog's buttons work once its script has loaded the certificates (the HTML is there before).
    await dialog.waitForFunction(
      () => (document.querySelector('#certificate') as HTMLSelectElement).options.length > 0,
    );
    await dialog.click('#cancel');
    await page.waitForFunction(() => document.querySelector('#vgca-status')?.getAttribute('data-status') === '2', {
      timeout: 10_000,
    });
    expect(await page.$eval('#vgca-status', (el) => el.textContent)).toBe(
      'Lỗi ký số: Người dùng đã đóng cửa sổ ký số, văn bản chưa được ký.',
    );
    expect((await portal.uploads()).length).toBe(uploads);
  });

  it('refuses a document on another origin with a clear answer and fetches nothing', async () => {
    await openLegacyPage();
    const dialogsBefore = browser.targets().filter(isDialog).length;
    // The page's own code, with a FileName somewhere else (a trusted click, like a user's).
    await page.evaluate((foreign) => {
      const button = document.createElement('button');
      button.id = 'ky-ngoai';
      button.textContent = 'Ký tệp ngoài';
      button.onclick = () => {
        const call = (window as unknown as Record<string, (p: string, cb: (r: string) => void) => void>)
          .vgca_sign_approved;
        call?.(
          JSON.stringify({
            FileUploadHandler: `${location.origin}/cu/FileUploadHandler.aspx?id=qd-125`,
            SessionId: '',
            FileName: `${foreign}/bi-mat.pdf`,
          }),
          (rv) => document.body.setAttribute('data-foreign-result', rv),
        );
      };
      document.body.append(button);
    }, elsewhere.url);
    await page.click('#ky-ngoai');
    const answer = await page.waitForFunction(() => document.body.getAttribute('data-foreign-result'), {
      timeout: 10_000,
    });
    const result = JSON.parse((await answer.jsonValue()) as string) as { Status: number; Message: string };
    expect(result.Status).not.toBe(0);
    expect(result.Message).toContain('Đã từ chối');
    expect(result.Message).toContain(elsewhere.url);
    expect(elsewhere.hits).toEqual([]);
    expect(browser.targets().filter(isDialog)).toHaveLength(dialogsBefore);
  });

  it('gives pages the recipe does not enable no vgca_* functions at all', async () => {
    // Same portal, a page outside the recipe's shim paths: the content script runs (its buttons appear), no shim.
    await page.goto(`${portal.url}/documents/qd-125`);
    // The buttons prove the content script ran; a shim would have run before it, at document_start.
    await page.waitForSelector('li.attachment kyso-sign');
    expect(await page.evaluate(() => typeof (window as unknown as Record<string, unknown>).vgca_sign_approved)).toBe(
      'undefined',
    );
    // The legacy page itself, under a recipe without the shim: the page finds no plugin and says so.
    await configureExtension(scenario.worker, {
      agentPort: scenario.agentPort,
      adapters: [{ ...demoAdapterFor(portal.url), vgcaShim: undefined }],
    });
    // The background re-registers its document_start scripts when the settings change: wait until this portal's
    // pages are no longer among them (the build's own demo recipes may keep theirs).
    await waitFor(
      () =>
        scenario.worker.evaluate(async (origin) => {
          const scripts = await chrome.scripting.getRegisteredContentScripts({ ids: ['kyso-vgca-main'] });
          return !scripts.some((s) => s.matches?.some((m) => m.startsWith(origin)));
        }, portal.url),
      10_000,
    );
    await page.goto(`${portal.url}/cu/van-ban/qd-125`);
    expect(await page.evaluate(() => typeof (window as unknown as Record<string, unknown>).vgca_sign_approved)).toBe(
      'undefined',
    );
    await page.click('#btn-ky-duyet');
    await waitFor(
      async () => (await page.$eval('#vgca-status', (el) => el.textContent))?.includes('Chưa cài đặt'),
      5000,
    );
  });
});
