/**
 * What the leader's signature shows when the options page was never visited (no handwriting image) and when the
 * document's signer block names someone else: the dialog asks for the image itself, falls back to a text
 * appearance (name and time) if none is chosen — never an empty `/AP /N` — and says at the top that the
 * document's signer is not the certificate's holder, with the box on that signer block.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueSignaturePng } from '../fixtures/png';
import type { TestToken } from '../fixtures/token';
import { validatePdf } from '../fixtures/validate';
import type { Portal } from '../portal/server';
import { chooseCertificate, openSignDialog, signInDialog } from './dialog';
import { artifactPath, EXTENSION_ID, waitForListReady } from './harness';
import { type Scenario, startScenario } from './scenario';

let scenario: Scenario;
let token: TestToken;
let portal: Portal;
let browser: Browser;
let page: Page;

// No images chosen: the options page was never visited.
beforeAll(async () => {
  scenario = await startScenario();
  ({ token, portal, browser, page } = scenario);
});
afterAll(async () => scenario?.close());

/** The dialog of a row, once the leader's placement is planned (auto or not found). */
async function openPlannedDialog(docId: string): Promise<Page> {
  await page.goto(portal.url);
  await waitForListReady(page);
  const dialog = await openSignDialog(browser, page, `tr[data-doc-id="${docId}"]`);
  const planned = () => !['planning', undefined].includes(document.body.dataset.placement);
  await dialog.waitForFunction(planned, { timeout: 20_000 });
  await chooseCertificate(dialog, token.keys.rsa.commonName);
  await dialog.waitForFunction(() => document.body.dataset.placement === 'auto', { timeout: 20_000 });
  return dialog;
}

async function signAndWait(dialog: Page): Promise<string> {
  return (await signInDialog(dialog, token.pin)).result;
}

/** A date or time written the ISO way (2026-12-01, 2026-12-01T17:18, 2026-12-01 17:18): for files, not for people. */
const ISO_TIMESTAMP = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2})?/;

/** Everything a person can read on the page, including inside closed <details>. */
function renderedText(p: Page): Promise<string> {
  return p.evaluate(() => {
    for (const d of Array.from(document.querySelectorAll('details'))) d.open = true;
    return document.body.innerText;
  });
}

/** The signature widget's normal appearance stream, decoded, as qpdf (not our parser) reads it. */
function signatureAppearance(pdf: string): string {
  const json = JSON.parse(
    execFileSync(
      'qpdf',
      ['--json=2', '--json-key=qpdf', '--decode-level=generalized', '--json-stream-data=inline', pdf],
      {
        maxBuffer: 64 << 20,
      },
    ).toString(),
  ) as { qpdf: [unknown, Record<string, { value?: Record<string, unknown>; stream?: { data?: string } }>] };
  const objects = json.qpdf[1];
  const widget = Object.values(objects).find((o) => o.value?.['/FT'] === '/Sig' && o.value?.['/Subtype'] === '/Widget');
  const normal = (widget?.value?.['/AP'] as { '/N'?: string } | undefined)?.['/N'];
  if (!normal) throw new Error('the signature widget has no /AP /N');
  const data = objects[`obj:${normal}`]?.stream?.data ?? '';
  return Buffer.from(data, 'base64').toString('latin1');
}

describe('leader signature without a chosen image', () => {
  it('warns at the top that the signer is someone else, then signs with a text appearance', async () => {
    // The report's signer block: GIÁM ĐỐC / Lê Văn Cường; the certificate is Nguyễn Văn An's.
    const dialog = await openPlannedDialog('tt-57');
    const warning = await dialog.$eval('#signer-warning', (el) => ((el as HTMLElement).hidden ? '' : el.textContent));
    expect(warning).toContain('Lê Văn Cường');
    expect(warning).toContain(token.keys.rsa.commonName);
    // Above the certificate chooser, not under the preview.
    const { warningTop, certificateTop } = await dialog.evaluate(() => ({
      warningTop: document.querySelector('#signer-warning')!.getBoundingClientRect().top,
      certificateTop: document.querySelector('#certificate')!.getBoundingClientRect().top,
    }));
    expect(warningTop).toBeLessThan(certificateTop);
    // The box on the report's signer block (right half of the page, lower half), not on the national motto.
    const box = await dialog.$eval('#signature-box', (el) => el.getAttribute('aria-valuetext') ?? '');
    const [x = 0, y = 0] = [...box.matchAll(/[xy]=([\d.]+)/g)].map((m) => Number(m[1]));
    expect(x).toBeGreaterThan(297);
    expect(y).toBeLessThan(700);
    expect(await dialog.$eval('#image-prompt', (el) => (el as HTMLElement).hidden)).toBe(false);
    await dialog.screenshot({ path: artifactPath('dialog-no-image-other-signer.png') });

    const result = await signAndWait(dialog);
    expect(result).toContain('Đã ký số thành công');
    expect(result).toContain('chữ ký hiện tên và thời gian ký');
    expect(result).toMatch(/Thời gian ký: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}/);
    expect(await dialog.$eval('#open-signed', (el) => (el as HTMLAnchorElement).href)).toMatch(/^blob:/);
    expect(await dialog.$eval('#save-signed', (el) => (el as HTMLAnchorElement).download)).toBe(
      'to-trinh-57.signed.pdf',
    );
    expect(await renderedText(dialog)).not.toMatch(ISO_TIMESTAMP);
    await dialog.screenshot({ path: artifactPath('dialog-signed-text-appearance.png') });
    const upload = (await portal.uploads()).find((u) => u.docId === 'tt-57');
    expect(upload).toBeDefined();
    const appearance = signatureAppearance(upload!.path);
    expect(appearance).toMatch(/\bTj\b/);
    const text = execFileSync('pdftotext', ['-layout', upload!.path, '-']).toString().normalize('NFC');
    expect(text).toContain(`Ký bởi: ${token.keys.rsa.commonName}`);
    const verdict = await validatePdf(upload!.path, { rootPath: token.rootPath, nssDir: token.nssDir });
    expect(verdict.allValid).toBe(true);
    await dialog.close();
  });

  it('asks for the image in the dialog; the chosen PNG is kept and drawn', async () => {
    const dialog = await openPlannedDialog('qd-125');
    expect(await dialog.$eval('#signer-warning', (el) => (el as HTMLElement).hidden)).toBe(true);
    expect(await dialog.$eval('#image-prompt', (el) => (el as HTMLElement).hidden)).toBe(false);
    const png = join(scenario.dir, 'chu-ky.png');
    await writeFile(png, blueSignaturePng());
    const input = (await dialog.$('#image-file')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(png);
    await dialog.waitForFunction(() => document.body.dataset.image === 'chosen');
    expect(await dialog.$eval('#image-prompt', (el) => (el as HTMLElement).hidden)).toBe(true);
    expect(await dialog.$eval('#signature-image', (el) => (el as HTMLImageElement).hidden)).toBe(false);
    // Kept like the options page keeps it.
    const stored = await scenario.worker.evaluate(() => chrome.storage.local.get('signatureImage'));
    expect((stored.signatureImage as { name?: string } | undefined)?.name).toBe('chu-ky.png');
    await dialog.screenshot({ path: artifactPath('dialog-1000x700.png') });
    await dialog.setViewport({ width: 1366, height: 768 });
    await dialog.screenshot({ path: artifactPath('dialog-1366x768.png') });

    const result = await signAndWait(dialog);
    expect(result).toContain('Đã ký số thành công');
    expect(result).not.toContain('chữ ký hiện tên và thời gian ký');
    await dialog.screenshot({ path: artifactPath('dialog-signed-1366x768.png') });
    const upload = (await portal.uploads()).find((u) => u.docId === 'qd-125');
    const appearance = signatureAppearance(upload!.path);
    expect(appearance).toMatch(/\/Im1 Do/);
    const original = await readFile(join(scenario.portalDir, 'documents', 'qd-125', 'quyet-dinh-125.pdf'));
    const signed = await readFile(upload!.path);
    expect(signed.subarray(original.length).toString('latin1')).toMatch(/\/Subtype\s*\/Image/);
    await dialog.close();
  });

  it('shows dates and times the Vietnamese way on the extension pages and the portal (no ISO 8601 for people)', async () => {
    const pages: [string, string, string][] = [
      ['popup', `chrome-extension://${EXTENSION_ID}/src/ui/popup.html`, '#recent li'],
      ['options', `chrome-extension://${EXTENSION_ID}/src/ui/options.html`, 'body[data-ready="true"]'],
      ['portal-signed-document', `${portal.url}/documents/tt-57`, '.signed-version'],
    ];
    for (const [name, url, ready] of pages) {
      const p = await browser.newPage();
      await p.setViewport({ width: 1366, height: 768 });
      await p.goto(url);
      await p.waitForSelector(ready);
      const text = await renderedText(p);
      expect(text, name).not.toMatch(ISO_TIMESTAMP);
      if (name !== 'options') expect(text, name).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);
      await p.screenshot({ path: artifactPath(`${name}-1366x768.png`), fullPage: name !== 'portal-signed-document' });
      await p.close();
    }
  });
});
