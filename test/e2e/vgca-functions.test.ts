/**
 * The rest of the VGCA page API on the legacy demo page, from the page's own call to a checked answer: the opinion
 * of vgca_sign_json shown as text and signed (openssl verifies the CMS against the signer's certificate), the same
 * through the page's own `new WebSocket("wss://127.0.0.1:8987/SignJson")`, vgca_sign_msg, the certificate the user
 * picks for vgca_get_certinfo, the incoming mark, a comment, the generic vgca_sign_file, vgca_verify_pdf, a bare
 * hash refused, an unknown function answered "not supported"; and on a page without the shim nothing is wrapped.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page, Target } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestToken } from '../fixtures/token';
import { opensslVerifyCms, validatePdf } from '../fixtures/validate';
import type { IssuanceFile } from '../portal/issuance-seed';
import { LEGACY_OPINION } from '../portal/legacy-data';
import type { Portal } from '../portal/server';
import { chooseCertificate, signInDialog } from './dialog';
import { artifactPath, EXTENSION_ID } from './harness';
import { type Scenario, startScenario } from './scenario';

let scenario: Scenario;
let token: TestToken;
let portal: Portal;
let browser: Browser;
let page: Page;
/** Ten leader-signed decisions for vgca_sign_files; the fourth is password-protected (unsignable). */
let queue: IssuanceFile[];
const FILES = 10;
const BROKEN = 3;

const windowOf = (name: string) => (t: Target) =>
  t.url().startsWith(`chrome-extension://${EXTENSION_ID}/src/ui/${name}`);

beforeAll(async () => {
  scenario = await startScenario({
    issuance: { count: FILES, brokenIndex: BROKEN, number: (i) => String(200 + i) },
    images: ['signature', 'seal'],
  });
  ({ token, portal, browser, page, queue } = scenario);
});
afterAll(async () => scenario?.close());

async function openLegacyPage(): Promise<void> {
  await page.goto(`${portal.url}/cu/van-ban/qd-125`);
  await page.waitForFunction(() => typeof (window as unknown as Record<string, unknown>).vgca_sign_json === 'function');
}

/** Clicks the page's button and returns the extension window it opens (`vgca.html` or `dialog.html`), loaded. */
async function openedWindow(button: string, name: 'vgca.html' | 'dialog.html'): Promise<Page> {
  const is = windowOf(name);
  const before = new Set(browser.targets().filter(is));
  await page.click(button);
  const target = await browser.waitForTarget((t) => is(t) && !before.has(t), { timeout: 15_000 });
  const opened = await target.asPage();
  await opened.setViewport({ width: 1366, height: 768 });
  await opened.waitForFunction(() => (document.querySelector('#certificate') as HTMLSelectElement).options.length > 0);
  if (name === 'dialog.html') {
    await opened.waitForFunction(() => (document.querySelector('#preview-loading') as HTMLElement).hidden, {
      timeout: 30_000,
    });
  }
  return opened;
}

async function pageResult(id: string): Promise<Record<string, unknown>> {
  const handle = await page.waitForFunction((el) => document.getElementById(el)?.getAttribute('data-result'), {}, id);
  return JSON.parse((await handle.jsonValue()) as string) as Record<string, unknown>;
}

/** `openssl cms -verify` of the page's Signature over the text, with the test CA and the returned certificate. */
async function opensslVerify(result: Record<string, unknown>, name: string, content: string): Promise<string> {
  const signer = join(scenario.dir, `${name}.signer.pem`);
  await writeFile(signer, new X509Certificate(Buffer.from(String(result.Certificate), 'base64')).toString());
  const verified = opensslVerifyCms(Buffer.from(String(result.Signature), 'base64'), Buffer.from(content, 'utf8'), {
    rootPath: token.rootPath,
    workDir: scenario.dir,
    name,
    purposeAny: true,
    certificates: [token.intermediatePath, signer],
  });
  if (!verified.ok) throw new Error(`openssl cms -verify: ${verified.stderr}`);
  return verified.content;
}

async function signText(window: Page): Promise<void> {
  await chooseCertificate(window, token.keys.rsa.commonName);
  await window.type('#pin', token.pin);
  await window.click('#confirm');
  await window.waitForFunction(() => document.body.dataset.done === 'true', { timeout: 60_000 });
}

describe('data signing without blind signing', () => {
  let throughFunction: Record<string, unknown>;

  it('vgca_sign_json (four arguments) shows the opinion as text, signs it, and openssl verifies it', async () => {
    await openLegacyPage();
    const window = await openedWindow('#btn-ky-json', 'vgca.html');
    expect(await window.$eval('#data-text', (el) => el.textContent)).toBe(LEGACY_OPINION);
    expect(await window.$eval('#page-origin', (el) => el.textContent)).toBe(portal.url);
    await chooseCertificate(window, token.keys.rsa.commonName);
    await window.screenshot({ path: artifactPath('vgca-sign-text.png') });
    expect(await window.$eval('#error', (el) => (el as HTMLElement).hidden)).toBe(true);
    await window.type('#pin', token.pin);
    await window.click('#confirm');
    await window.waitForFunction(() => document.body.dataset.done === 'true', { timeout: 60_000 });
    throughFunction = await pageResult('vgca-data');
    expect(throughFunction).toMatchObject({ Status: 0, Signer: token.keys.rsa.commonName });
    expect(await opensslVerify(throughFunction, 'sign-json', LEGACY_OPINION)).toBe(LEGACY_OPINION);
    // The signature covers exactly the opinion: one changed character does not verify.
    await expect(opensslVerify(throughFunction, 'sign-json-changed', `${LEGACY_OPINION} `)).rejects.toThrow();
    await window.close();
  });

  it('a page opening new WebSocket("wss://127.0.0.1:8987/SignJson") itself gets the same answer', async () => {
    await openLegacyPage();
    // The page kept window.WebSocket in a variable while it loaded: it is the wrapper, installed before.
    expect(
      await page.evaluate(() => (window as unknown as { EarlyWebSocket: unknown }).EarlyWebSocket === WebSocket),
    ).toBe(true);
    const window = await openedWindow('#btn-ky-json-socket', 'vgca.html');
    expect(await window.$eval('#data-text', (el) => el.textContent)).toBe(LEGACY_OPINION);
    await signText(window);
    const throughSocket = await pageResult('vgca-socket');
    expect(Object.keys(throughSocket).sort()).toEqual(Object.keys(throughFunction).sort());
    expect(throughSocket).toMatchObject({
      Status: 0,
      Signer: throughFunction.Signer,
      Certificate: throughFunction.Certificate,
    });
    expect(await opensslVerify(throughSocket, 'sign-json-socket', LEGACY_OPINION)).toBe(LEGACY_OPINION);
    await window.close();
  });

  it('vgca_sign_msg decodes the base64 text, shows and signs it', async () => {
    await openLegacyPage();
    const window = await openedWindow('#btn-ky-msg', 'vgca.html');
    expect(await window.$eval('#data-text', (el) => el.textContent)).toBe(LEGACY_OPINION);
    await signText(window);
    const result = await pageResult('vgca-data');
    expect(await opensslVerify(result, 'sign-msg', LEGACY_OPINION)).toBe(LEGACY_OPINION);
    await window.close();
  });

  it('refuses a bare hash at once with the reason, and answers an unknown socket path "not supported"', async () => {
    await openLegacyPage();
    await page.click('#btn-hash');
    expect(await pageResult('vgca-hash')).toMatchObject({
      Status: 3,
      Message: expect.stringContaining('không ai nhìn vào giá trị băm'),
    });
    await page.click('#btn-unknown');
    expect(await pageResult('vgca-unknown')).toMatchObject({
      Status: 3,
      Message: expect.stringContaining('SignSomethingNew'),
    });
    const noted = await scenario.worker.evaluate(
      async () => (await chrome.storage.local.get('vgcaUnsupported')).vgcaUnsupported,
    );
    expect(noted).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ origin: portal.url, fn: 'vgca_sign_hash' }),
        expect.objectContaining({ origin: portal.url, fn: 'unknown:SignSomethingNew' }),
      ]),
    );
  });
});

describe('the certificate for token login', () => {
  it('vgca_get_certinfo answers with the one certificate the user picked, in the shape login pages read', async () => {
    await openLegacyPage();
    const window = await openedWindow('#btn-cert', 'vgca.html');
    expect(await window.$eval('body', (b) => b.dataset.kind)).toBe('certificate');
    expect(await window.$eval('#pin-section', (el) => (el as HTMLElement).hidden)).toBe(true);
    // Nothing reaches the page before the user chooses.
    expect(await page.$eval('#vgca-cert', (el) => el.getAttribute('data-result'))).toBeNull();
    await chooseCertificate(window, token.keys.ec.commonName);
    await window.screenshot({ path: artifactPath('vgca-certificate-choice.png') });
    expect(await window.$eval('#error', (el) => (el as HTMLElement).hidden)).toBe(true);
    await window.click('#confirm');
    const result = await pageResult('vgca-cert');
    const chosen = new X509Certificate(token.keys.ec.certDer);
    expect(result).toMatchObject({
      Status: 0,
      CertInfo: {
        SerialNumber: chosen.serialNumber.toUpperCase().replace(/^(00)+(?=.)/, ''),
        Base64Data: token.keys.ec.certDer.toString('base64'),
        Subject: expect.stringContaining(`CN=${token.keys.ec.commonName}`),
      },
    });
    await window.close();
  });
});

describe('the other PDF functions', () => {
  it('vgca_sign_income puts the "ĐẾN" mark with the incoming number on page 1 and uploads VGCA-style', async () => {
    await openLegacyPage();
    const dialog = await openedWindow('#btn-ky-den', 'dialog.html');
    expect(await dialog.$$eval('#profile option', (o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual([
      'income',
    ]);
    await chooseCertificate(dialog, token.keys.ec.commonName);
    await signInDialog(dialog, token.pin);
    expect(await pageResult('vgca-status')).toMatchObject({ Status: 0 });
    const upload = (await portal.uploads()).at(-1)!;
    const text = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', upload.path, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/ĐẾN\s+Số: 1234/);
    expect((await validatePdf(upload.path, { rootPath: token.rootPath, nssDir: token.nssDir })).allValid).toBe(true);
    await dialog.close();
  });

  it('vgca_comment (parameters as an object, callback by name) signs personally where the user puts it', async () => {
    await openLegacyPage();
    const dialog = await openedWindow('#btn-y-kien', 'dialog.html');
    expect(await dialog.$$eval('#profile option', (o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual([
      'custom',
    ]);
    await chooseCertificate(dialog, token.keys.rsa.commonName);
    await signInDialog(dialog, token.pin);
    const result = await pageResult('vgca-status');
    expect(result).toMatchObject({ Status: 0, Signer: token.keys.rsa.commonName });
    await dialog.close();
  });

  it('vgca_sign_file lets the user pick the role; vgca_verify_pdf checks the uploaded file', async () => {
    await openLegacyPage();
    const dialog = await openedWindow('#btn-ky-file', 'dialog.html');
    expect(await dialog.$$eval('#profile option', (o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual([
      'leader',
      'organization',
      'custom',
    ]);
    await chooseCertificate(dialog, token.keys.rsa.commonName);
    await signInDialog(dialog, token.pin);
    const signed = await pageResult('vgca-status');
    expect(signed).toMatchObject({ Status: 0 });
    await dialog.close();
    await page.$eval('#verify-url', (el, url) => ((el as HTMLInputElement).value = url), String(signed.FileServer));
    await page.click('#btn-kiem-tra');
    const verified = await pageResult('vgca-verify');
    expect(verified).toMatchObject({
      Status: 0,
      Signatures: [expect.objectContaining({ SignerName: token.keys.rsa.commonName, Integrity: true })],
    });
  });
});

describe('vgca_sign_files: our batch', () => {
  it('signs 10 files with one review and one PIN, posts each to the handler, and reports the broken one', async () => {
    await openLegacyPage();
    const files = queue.map((file) => ({
      FileID: file.id, // the portal's own record id, as public portals pass it
      FileName: file.title,
      URL: `${portal.url}/files/${encodeURIComponent(file.id)}/${encodeURIComponent(file.path.split('/').pop()!)}`,
    }));
    // The page's own code, as a public portal builds the call (a trusted click, like a user's).
    await page.evaluate((list) => {
      const button = document.createElement('button');
      button.id = 'btn-ky-nhieu';
      button.textContent = 'Ký số gộp';
      button.onclick = () => {
        const prms = {
          FileUploadHandler: `${location.origin}/cu/FileUploadHandler.aspx`,
          SessionId: '',
          Files: list,
        };
        (window as unknown as Record<string, (p: string, cb: (r: string) => void) => void>).vgca_sign_files?.(
          JSON.stringify(prms),
          (rv) => document.body.setAttribute('data-files-result', rv),
        );
      };
      document.body.append(button);
    }, files);
    const isBatch = windowOf('batch.html');
    const open = new Set(browser.targets().filter(isBatch));
    const uploadsBefore = (await portal.uploads()).length;
    await page.click('#btn-ky-nhieu');
    const target = await browser.waitForTarget((t) => isBatch(t) && !open.has(t), { timeout: 15_000 });
    const batchPage = await target.asPage();
    await batchPage.setViewport({ width: 1366, height: 768 });
    await batchPage.waitForSelector('body[data-planned="true"]', { timeout: 60_000 }).catch(async (error: Error) => {
      const seen = await batchPage.evaluate(
        () =>
          `${document.querySelector('#plan-status')?.textContent} | ${document.querySelector('#error')?.textContent} | ${document.querySelector('#certificate-note')?.textContent}`,
      );
      throw new Error(`${error.message}\n${seen}`);
    });
    await chooseCertificate(batchPage, token.keys.ec.commonName);
    await batchPage.type('#pin', token.pin);
    await batchPage.click('#batch-sign');
    const handle = await page.waitForFunction(() => document.body.getAttribute('data-files-result'), {
      timeout: 170_000,
    });
    const result = JSON.parse((await handle.jsonValue()) as string) as {
      Status: number;
      Files: { FileID: string; Status: number; Message: string; FileServer: string; FileSignedURL: string }[];
    };
    expect(result.Status).toBe(1); // one file failed
    expect(result.Files.map((f) => f.FileID)).toEqual(files.map((f) => f.FileID));
    expect(result.Files.filter((f) => f.Status === 0)).toHaveLength(FILES - 1);
    expect(result.Files[BROKEN]).toMatchObject({ Status: 1, FileServer: '', FileSignedURL: '' });
    expect(result.Files[BROKEN]!.Message.length).toBeGreaterThan(0);
    const uploads = (await portal.uploads()).slice(uploadsBefore);
    expect(uploads).toHaveLength(FILES - 1);
    for (const [i, file] of result.Files.entries()) {
      if (i === BROKEN) continue;
      expect(JSON.parse(file.FileSignedURL)).toMatchObject({ Status: true, FileServer: file.FileServer });
    }
    for (const upload of uploads.slice(0, 2)) {
      const verdict = await validatePdf(upload.path, { rootPath: token.rootPath, nssDir: token.nssDir });
      expect(verdict.allValid, verdict.pdfsigOutput).toBe(true);
    }
    await batchPage.close();
  });
});

describe('pages without the shim', () => {
  it('get no wrapper: their own socket to 8987 fails as before', async () => {
    // Same portal, a page outside the recipe's shim paths.
    await page.goto(`${portal.url}/documents/qd-125`);
    await page.waitForSelector('li.attachment kyso-sign');
    expect(await page.evaluate(() => WebSocket.toString().includes('[native code]'))).toBe(true);
    expect(await page.evaluate(() => typeof (window as unknown as Record<string, unknown>).vgca_sign_json)).toBe(
      'undefined',
    );
    const outcome = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket('wss://127.0.0.1:8987/SignJson');
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('error');
        }),
    );
    expect(outcome).toBe('error');
  });
});
