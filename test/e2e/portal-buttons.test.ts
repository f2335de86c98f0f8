/**
 * The extension on the demo portal, no signing yet: buttons on every document row (also rows the portal adds
 * later), styles isolated in a closed shadow root, and the dialog opening with the preview and a default placement.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAdapterFor } from '../../extension/src/common/default-adapters';
import { type Portal, startPortal } from '../portal/server';
import { artifactPath, EXTENSION_ID, freePort, launchBrowser, login, type TestBrowser, waitForAria } from './harness';

let browser: TestBrowser;
let portal: Portal;
let dataDir: string;
let page: Page;

async function buttonRows(p: Page): Promise<string[]> {
  return p.$$eval('tr.doc-row', (rows) =>
    rows.filter((row) => row.querySelector('kyso-sign')).map((row) => row.getAttribute('data-doc-id') ?? ''),
  );
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kyso-portal-'));
  portal = await startPortal({ dataDir });
  browser = await launchBrowser();
  page = await browser.browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await portal?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the options page', () => {
  it('refuses an invalid adapter recipe and says which field is wrong', async () => {
    const options = await browser.browser.newPage();
    await options.goto(`chrome-extension://${EXTENSION_ID}/src/ui/options.html`);
    await options.waitForSelector('body[data-ready="true"]');
    await options.$eval('#adapters', (el) => {
      (el as HTMLTextAreaElement).value = '[{"id": "x", "name": "X", "matches": ["*"]}]';
    });
    await options.click('#save');
    await options.waitForSelector('#options-error:not([hidden])');
    expect(await options.$eval('#options-error', (el) => el.textContent)).toContain('matches');
    await options.close();
  });

  it("saves the agent port and the portal's adapter", async () => {
    const options = await browser.browser.newPage();
    await options.goto(`chrome-extension://${EXTENSION_ID}/src/ui/options.html`);
    await options.waitForSelector('body[data-ready="true"]');
    // Nothing listens on this port: these tests do not need the agent.
    const port = await freePort();
    await options.$eval(
      '#agent-port',
      (el, value) => {
        (el as HTMLInputElement).value = value;
      },
      String(port),
    );
    await options.$eval(
      '#adapters',
      (el, value) => {
        (el as HTMLTextAreaElement).value = value;
      },
      JSON.stringify([demoAdapterFor(portal.url)], null, 2),
    );
    await options.click('#save');
    await options.waitForSelector('#options-saved:not([hidden])');
    await options.screenshot({ path: artifactPath('options.png') });
    await options.close();
    const stored = await browser.worker.evaluate(() => chrome.storage.local.get('settings'));
    expect(stored.settings).toMatchObject({ agentPort: port, language: 'vi' });
    await login(page, portal.url);
  });
});

describe('buttons on the demo portal', () => {
  it('puts a "Ký số" button on every row, including the rows the portal loads after the page', async () => {
    await page.waitForFunction(() => document.querySelectorAll('tr.doc-row').length === 4);
    await page.waitForFunction(() => document.querySelectorAll('tr.doc-row kyso-sign').length === 4);
    expect(await buttonRows(page)).toEqual(['qd-125', 'cv-342', 'pl-125', 'tt-57']);
    const button = await waitForAria(page, 'tr.doc-row kyso-sign', '[role="button"]');
    expect(await button.evaluate((el) => el.textContent)).toBe('Ký số');
    // Closed shadow roots: the portal's scripts cannot reach the buttons.
    expect(await page.$$eval('kyso-sign', (hosts) => hosts.filter((h) => h.shadowRoot).length)).toBe(0);
  });

  it('gives a row added by a page script later its button too', async () => {
    await page.evaluate(() => {
      const row = document.querySelector('tr.doc-row')?.cloneNode(true) as HTMLTableRowElement;
      row.setAttribute('data-doc-id', 'late-1');
      row.querySelector('kyso-sign')?.remove();
      document.querySelector('#documents tbody')?.append(row);
    });
    await page.waitForFunction(() => document.querySelector('tr[data-doc-id="late-1"] kyso-sign') !== null);
    expect(await buttonRows(page)).toContain('late-1');
  });

  it("keeps the portal's aggressive button styles out of the shadow root", async () => {
    const button = await waitForAria(page, 'tr.doc-row kyso-sign', '[role="button"]');
    const style = await button.evaluate((el) => {
      const computed = getComputedStyle(el);
      return { color: computed.color, fontSize: computed.fontSize };
    });
    expect(style).toEqual({ color: 'rgb(255, 255, 255)', fontSize: '13px' });
  });

  it('adds buttons to attachments on a document page', async () => {
    await page.goto(`${portal.url}/documents/qd-125`);
    await page.waitForFunction(() => document.querySelectorAll('li.attachment kyso-sign').length === 2);
    await page.screenshot({ path: artifactPath('portal-document-page.png') });
  });
});
