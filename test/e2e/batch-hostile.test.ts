/**
 * A hostile script on the clerk's list tries to pad a batch: it hides rows, ticks their checkboxes, fakes the
 * counter. The extension's checkboxes sit in closed shadow roots and keep the selection in the content script,
 * "Chọn tất cả" only takes the rows the clerk can see, and the batch review (titles, first pages, the count in
 * words) is the list one PIN signs: only the visible rows are reviewed, signed and uploaded. And the review's bytes
 * are the signed bytes: a document the portal changes after the review, while the worker was stopped, is refused.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ERROR_TEXTS } from '@kyso/shared';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestToken } from '../fixtures/token';
import type { IssuanceFile } from '../portal/issuance-seed';
import type { Portal } from '../portal/server';
import { artifactPath, EXTENSION_ID, stopExtensionWorker, waitForAria } from './harness';
import { type Scenario, startScenario } from './scenario';

const COUNT = 5;
/** Rows the page hides before the clerk selects: display:none, visibility:hidden, zero height. */
const HIDDEN = [1, 3, 4];
const VISIBLE = [0, 2];

let scenario: Scenario;
let token: TestToken;
let portal: Portal;
let browser: Browser;
let page: Page;
let queue: IssuanceFile[];

beforeAll(async () => {
  scenario = await startScenario({
    issuance: { count: COUNT },
    images: ['seal'],
    viewport: { width: 1366, height: 768 },
  });
  ({ token, portal, browser, page, queue } = scenario);
});
afterAll(async () => scenario?.close());

/** What the page's own script can do to the extension's batch UI (it runs in the page's main world). */
function attack(hidden: string[]) {
  return page.evaluate((ids) => {
    const reached: string[] = [];
    ids.forEach((id, i) => {
      const row = document.querySelector<HTMLElement>(`tr[data-doc-id="${id}"]`);
      if (!row) return;
      if (i === 0) row.style.display = 'none';
      else if (i === 1) row.style.visibility = 'hidden';
      else row.style.cssText = 'display:block;height:0;overflow:hidden;';
    });
    for (const host of document.querySelectorAll('kyso-select, kyso-batch')) {
      // An open root would hand the page the checkboxes and the counter.
      const root = (host as HTMLElement).shadowRoot;
      if (root) reached.push(host.tagName);
      for (const box of root?.querySelectorAll('input') ?? []) {
        (box as HTMLInputElement).checked = true;
        box.dispatchEvent(new Event('change', { bubbles: true }));
      }
      const count = root?.querySelector('.count');
      if (count) count.textContent = 'Đã chọn 2 văn bản';
      host.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    }
    return reached;
  }, hidden);
}

/** "Ký số hàng loạt" → the batch page (a new one), once its review is complete. */
async function startBatch(): Promise<Page> {
  const isBatch = (url: string) => url.startsWith(`chrome-extension://${EXTENSION_ID}/src/ui/batch.html`);
  const open = new Set(browser.targets().filter((t) => isBatch(t.url())));
  const start = await waitForAria(page, 'kyso-batch', '[role="button"][name="Ký số hàng loạt"]');
  await start.click();
  const target = await browser.waitForTarget((t) => isBatch(t.url()) && !open.has(t), { timeout: 15_000 });
  const review = await target.asPage();
  await review.setViewport({ width: 1366, height: 768 });
  await review.waitForSelector('body[data-planned="true"]', { timeout: 60_000 });
  return review;
}

describe('a hostile portal page and the batch selection', () => {
  it('signs only the rows the clerk saw and reviewed, whatever the page ticks or hides', async () => {
    await page.goto(`${portal.url}/van-thu`);
    await page.waitForFunction((n) => document.querySelectorAll('tr.doc-row kyso-select').length === n, {}, COUNT);
    const reached = await attack(HIDDEN.map((i) => queue[i]!.id));
    expect(reached).toEqual([]);
    const all = await waitForAria(page, 'kyso-batch', '[role="checkbox"][name="Chọn tất cả"]');
    await all.click();
    const count = await waitForAria(page, 'kyso-batch', '[role="status"]');
    expect(await count.evaluate((el) => el.textContent)).toBe(`Đã chọn ${VISIBLE.length} văn bản`);
    // The page shows its rows again after the clerk's choice: they stay out.
    await page.evaluate(
      (ids) => {
        for (const id of ids) document.querySelector<HTMLElement>(`tr[data-doc-id="${id}"]`)?.removeAttribute('style');
      },
      HIDDEN.map((i) => queue[i]!.id),
    );
    expect(await count.evaluate((el) => el.textContent)).toBe(`Đã chọn ${VISIBLE.length} văn bản`);

    const review = await startBatch();
    expect(await review.$$eval('#review-body tr', (rows) => rows.map((r) => r.dataset.docId))).toEqual(
      VISIBLE.map((i) => queue[i]!.id),
    );
    expect(await review.$eval('#batch-sign', (el) => el.textContent)).toBe('Ký số 2 (hai) văn bản');
    expect(await review.$eval('#batch-summary', (el) => el.textContent)).toContain('2 (hai) văn bản');
    // Each reviewed document shows its first page (drawn from the bytes the run signs).
    await review.waitForFunction(
      (n) => document.querySelectorAll('#review-body canvas.thumbnail[data-drawn="true"]').length === n,
      { timeout: 30_000 },
      VISIBLE.length,
    );
    await review.screenshot({ path: artifactPath('batch-review-thumbnails.png') });

    await review.type('#pin', token.pin);
    await review.click('#batch-sign');
    await review.waitForFunction(() => document.body.dataset.runs === '1', { timeout: 120_000 });
    const uploaded = (await portal.uploads()).map((u) => u.docId).sort();
    expect(uploaded).toEqual(VISIBLE.map((i) => queue[i]!.id).sort());
    await review.close();
  });

  it('refuses a reviewed document the portal changed while the worker was stopped, and signs the others', async () => {
    await page.goto(`${portal.url}/van-thu`);
    await page.waitForFunction((n) => document.querySelectorAll('tr.doc-row kyso-select').length === n, {}, COUNT);
    await (await waitForAria(page, 'kyso-batch', '[role="checkbox"][name="Chọn tất cả"]')).click();
    const review = await startBatch();
    const before = (await portal.uploads()).length;
    await stopExtensionWorker(browser);
    const changed = queue[1]!;
    const other = await readFile(queue[0]!.path);
    portal.swapAttachment(changed.id, basename(changed.path), { bytes: other });
    try {
      await review.type('#pin', token.pin);
      await review.click('#batch-sign');
      await review.waitForFunction(() => document.body.dataset.runs === '1', { timeout: 120_000 });
    } finally {
      portal.swapAttachment(changed.id, basename(changed.path), undefined);
    }
    const states = await review.$$eval('#review-body tr', (rows) =>
      rows.map((r) => ({
        id: r.dataset.docId,
        state: r.dataset.state,
        code: r.querySelector<HTMLElement>('.status')?.dataset.code,
        text: r.querySelector('.status')?.textContent ?? '',
      })),
    );
    const refused = states.find((r) => r.id === changed.id);
    expect(refused?.state).toBe('failed');
    expect(refused?.code).toBe('DOCUMENT_CHANGED');
    expect(refused?.text).toContain(ERROR_TEXTS.DOCUMENT_CHANGED.vi);
    expect(states.filter((r) => r.state === 'done').map((r) => r.id)).toEqual(
      queue.filter((q) => q.id !== changed.id).map((q) => q.id),
    );
    const uploaded = (await portal.uploads()).slice(before).map((u) => u.docId);
    expect(uploaded).not.toContain(changed.id);
    expect(uploaded).toHaveLength(COUNT - 1);
    await review.close();
  });
});
