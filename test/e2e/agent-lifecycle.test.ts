/**
 * The agent is not running when the user clicks "Ký số": the button says so and what to do; once the agent is
 * started, the next click works without reloading the page. The popup tells the same story.
 */
import { ERROR_TEXTS } from '@kyso/shared';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, clickSignButton, EXTENSION_ID, waitForAria } from './harness';
import { type Scenario, startScenario } from './scenario';

let scenario: Scenario;
let page: Page;

beforeAll(async () => {
  scenario = await startScenario({ agent: 'not-running' });
  page = scenario.page;
});
afterAll(async () => scenario?.close());

async function popupStatus(): Promise<string> {
  const popup = await scenario.browser.newPage();
  await popup.goto(`chrome-extension://${EXTENSION_ID}/src/ui/popup.html`);
  await popup.waitForFunction(() => (document.querySelector('#agent-status')?.textContent ?? '') !== '');
  const text = await popup.$eval('body', (el) => el.textContent ?? '');
  await popup.close();
  return text;
}

describe('when the agent is not running', () => {
  it('the button shows the "agent not running" help next to it', async () => {
    await (await waitForAria(page, 'tr[data-doc-id="qd-125"] kyso-sign', '[role="button"]')).click();
    // The help is in the accessibility tree only while it is shown.
    const help = await waitForAria(page, 'tr[data-doc-id="qd-125"] kyso-sign', '[role="alert"]');
    const text = await help.evaluate((el) => el.textContent ?? '');
    expect(text).toContain(ERROR_TEXTS.AGENT_NOT_RUNNING.vi);
    expect(text).toContain('không cần tải lại trang');
    expect(await help.evaluate((el) => el.getAttribute('role'))).toBe('alert');
    await page.screenshot({ path: artifactPath('portal-agent-not-running.png') });
  });

  it('the popup says the agent is not running', async () => {
    expect(await popupStatus()).toContain(`Chưa chạy (cổng ${scenario.agentPort})`);
  });

  it('starting the agent recovers on the next click, without reloading the page', async () => {
    await scenario.startAgent();
    const navigations: string[] = [];
    page.on('framenavigated', (frame) => navigations.push(frame.url()));
    const dialog = await clickSignButton(scenario.browser, page, 'tr[data-doc-id="qd-125"]');
    await dialog.waitForFunction(
      () => (document.querySelector('#certificate') as HTMLSelectElement).options.length > 0,
    );
    expect(navigations).toEqual([]);
    const help = await (await page.$('tr[data-doc-id="qd-125"] kyso-sign'))?.$('::-p-aria([role="alert"])');
    expect(help).toBeNull();
    await dialog.close();
    expect(await popupStatus()).toContain('Đang chạy');
  });
});
