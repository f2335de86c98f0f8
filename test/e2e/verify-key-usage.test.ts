/**
 * The recipient's "Kiểm tra chữ ký" view on an organisation's signature made with a certificate whose key usage is
 * only keyEncipherment (RFC 5280 §4.2.1.3: it may not sign). The view must call that signature invalid and say why,
 * not "trust unknown": installing a root would not help. The leader's signature before it stays valid.
 */

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ElementHandle } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { artifactPath, EXTENSION_ID } from './harness';
import { signIssuedDecision } from './issued-decision';
import { type Scenario, type ScenarioPortal, startScenario } from './scenario';

let scenario: Scenario<ScenarioPortal>;
let issued: Uint8Array;

beforeAll(async () => {
  scenario = await startScenario({
    token: { keyUsage: { ec: 'keyEncipherment' } },
    // No site: the file is picked. The document is signed in this process before the agent opens the token.
    portal: async ({ token }) => {
      ({ issued } = await signIssuedDecision(token));
      return { url: 'about:blank', close: async () => {} };
    },
    adapters: () => [],
    login: false,
  });
});
afterAll(async () => scenario?.close());

it('calls a signature by a certificate not issued for signing invalid and says why', async () => {
  const p = await scenario.browser.newPage();
  await p.setViewport({ width: 1366, height: 768 });
  await p.goto(`chrome-extension://${EXTENSION_ID}/src/ui/verify.html`);
  await p.waitForSelector('body[data-ready="true"]');
  const path = join(scenario.dir, 'quyet-dinh-khoa-ma-hoa.pdf');
  await writeFile(path, issued);
  const input = (await p.$('#verify-file')) as ElementHandle<HTMLInputElement>;
  await input.uploadFile(path);
  await p.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), { timeout: 60_000 });
  const shown = await p.evaluate(() => ({
    summary: document.querySelector('#verify-summary')?.getAttribute('data-state'),
    signatures: Array.from(document.querySelectorAll('#signatures li')).map((li) => ({
      verdict: (li as HTMLElement).dataset.verdict,
      text: (li as HTMLElement).innerText,
    })),
  }));
  await p.screenshot({ path: artifactPath('verify-not-for-signing-1366x768.png'), fullPage: true });
  expect(shown.summary).toBe('invalid');
  expect(shown.signatures.map((s) => s.verdict)).toEqual(['valid', 'invalid']);
  expect(shown.signatures[1]?.text).toContain('KHÔNG HỢP LỆ: chứng thư số của người ký không được cấp để ký số.');
  expect(shown.signatures[1]?.text).toContain('mục đích khoá: keyEncipherment');
  expect(shown.signatures[1]?.text).not.toContain('chưa xác định');
  await p.close();
});
