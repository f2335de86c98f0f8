/**
 * The recipient's "Kiểm tra chữ ký" view with the real agent: a decision signed by the leader and then issued by the
 * organisation (two signatures) reads as two valid signatures in document order, the leader's followed only by a
 * signature and filled fields; the same leader-signed file with its page content changed afterwards reads as
 * changed. Files come from a picked file and from a PDF address (the popup's "PDF in this tab").
 */

import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPdf } from '../../agent/src/pdf';
import type { ParsedPdf } from '../../agent/src/pdf/document';
import { PdfArray, PdfDict, type PdfObject, PdfStream } from '../../agent/src/pdf/objects';
import { IncrementalWriter } from '../../agent/src/pdf/writer';
import type { TestToken } from '../fixtures/token';
import { closeServer, listen } from '../portal/http';
import { artifactPath, EXTENSION_ID } from './harness';
import { signIssuedDecision } from './issued-decision';
import { type Scenario, type ScenarioPortal, startScenario } from './scenario';

let scenario: Scenario<ScenarioPortal>;
let token: TestToken;
let browser: Browser;
let baseUrl: string;
let issued: Uint8Array;
let tampered: Uint8Array;

/** A plain web server (no portal, no recipe) with the issued decision at one address. */
async function startPdfSite(): Promise<ScenarioPortal> {
  const server = createServer((req, res) => {
    const body = req.url === '/van-ban/quyet-dinh-125-da-phat-hanh.pdf' ? issued : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/pdf' });
    res.end(body ? Buffer.from(body) : undefined);
  });
  const port = await listen(server, 0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

/** An incremental update that adds a content stream to page 1: a change validators call illegal (OTHER). */
function changePageContent(bytes: Uint8Array): Uint8Array {
  const doc = openPdf(bytes) as ParsedPdf;
  const page = doc.pageNode(0);
  const writer = new IncrementalWriter(doc.reader, bytes.length);
  const added = writer.allocate();
  writer.writeObject(added, new PdfStream(new PdfDict(), Buffer.from('0 0 1 rg 100 100 200 50 re f\n', 'latin1')));
  const old = page.dict.get('Contents');
  const items: PdfObject[] = old instanceof PdfArray ? [...old.items] : old ? [old] : [];
  page.dict.set('Contents', new PdfArray([...items, added]));
  writer.writeObject(page.ref, page.dict);
  return new Uint8Array(Buffer.concat([bytes, writer.finish()]));
}

beforeAll(async () => {
  scenario = await startScenario({
    portal: async ({ token: t }) => {
      const signed = await signIssuedDecision(t);
      issued = signed.issued;
      tampered = changePageContent(signed.leader);
      return startPdfSite();
    },
    adapters: () => [],
    login: false,
  });
  ({ token, browser } = scenario);
  baseUrl = scenario.portal.url;
});
afterAll(async () => scenario?.close());

async function report(p: Page) {
  await p.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), { timeout: 60_000 });
  const error = await p.$eval('#verify-error', (el) => ((el as HTMLElement).hidden ? '' : el.textContent));
  expect(error).toBe('');
  return p.evaluate(() => ({
    summary: document.querySelector('#verify-summary')?.getAttribute('data-state'),
    text: document.body.innerText,
    signatures: Array.from(document.querySelectorAll('#signatures li')).map((li) => ({
      title: li.querySelector('h3')?.textContent ?? '',
      verdict: (li as HTMLElement).dataset.verdict,
      changes: (li as HTMLElement).dataset.changes,
      text: (li as HTMLElement).innerText,
    })),
  }));
}

describe('verify view', () => {
  it('shows the two signatures of an issued decision in document order, both valid', async () => {
    const p = await browser.newPage();
    await p.setViewport({ width: 1366, height: 768 });
    // What the popup's "Kiểm tra PDF trong thẻ này" opens for a tab showing this PDF.
    const address = `${baseUrl}/van-ban/quyet-dinh-125-da-phat-hanh.pdf`;
    await p.goto(`chrome-extension://${EXTENSION_ID}/src/ui/verify.html?url=${encodeURIComponent(address)}`);
    const shown = await report(p);
    await p.screenshot({ path: artifactPath('verify-issued-1366x768.png'), fullPage: true });
    expect(shown.summary).toBe('valid');
    expect(shown.signatures.map((s) => [s.title, s.verdict, s.changes])).toEqual([
      [`Chữ ký 1: ${token.keys.rsa.commonName} (UBND tỉnh Thanh Hóa)`, 'valid', 'signatures'],
      [`Chữ ký 2: ${token.keys.ec.commonName}`, 'valid', 'none'],
    ]);
    expect(shown.signatures[0]?.text).toContain('Sau khi ký: chỉ thêm chữ ký/điền số.');
    expect(shown.signatures[0]?.text).toMatch(
      /Thời gian ký: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} \(theo máy của người ký/,
    );
    expect(shown.text).not.toMatch(/\b\d{4}-\d{2}-\d{2}/);
    await p.close();
  });

  it('shows a leader-signed file whose page was changed afterwards as changed, from a picked file', async () => {
    const p = await browser.newPage();
    await p.setViewport({ width: 1366, height: 768 });
    await p.goto(`chrome-extension://${EXTENSION_ID}/src/ui/verify.html`);
    await p.waitForSelector('body[data-ready="true"]');
    const path = join(scenario.dir, 'quyet-dinh-125-da-sua.pdf');
    await writeFile(path, tampered);
    const input = (await p.$('#verify-file')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(path);
    const shown = await report(p);
    await p.screenshot({ path: artifactPath('verify-tampered-1366x768.png'), fullPage: true });
    expect(shown.summary).toBe('invalid');
    expect(shown.signatures).toHaveLength(1);
    expect(shown.signatures[0]).toMatchObject({ verdict: 'invalid', changes: 'modified' });
    expect(shown.signatures[0]?.text).toContain('Sau khi ký: đã bị sửa nội dung.');
    expect(shown.signatures[0]?.text).toContain('văn bản đã bị sửa nội dung sau khi ký');
    await p.close();
  });
});
