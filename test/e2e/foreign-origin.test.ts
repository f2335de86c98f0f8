/**
 * A site the extension has no adapter for: even with document-like markup, it gets no buttons; and the page's
 * own WebSocket to the agent is refused (only the extension's origin is allowed), and it cannot tell the extension
 * is installed by fetching the files the extension exposes to pages (they only exist at a per-session address).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PORTAL_ADAPTER } from '../../extension/src/common/default-adapters';
import { createTestToken, type TestToken } from '../fixtures/token';
import { startForeignSite } from '../portal/server';
import {
  configureExtension,
  DIST,
  EXTENSION_ID,
  freePort,
  launchBrowser,
  type RunningAgent,
  startAgent,
  type TestBrowser,
  waitFor,
} from './harness';

let token: TestToken;
let agent: RunningAgent;
let browser: TestBrowser;
let site: Awaited<ReturnType<typeof startForeignSite>>;

beforeAll(async () => {
  token = await createTestToken();
  agent = await startAgent(token, await freePort());
  site = await startForeignSite({ agentPort: agent.port });
  browser = await launchBrowser();
  // An adapter for some other portal only: this site's origin matches none.
  await configureExtension(browser.worker, {
    agentPort: agent.port,
    adapters: [{ ...DEMO_PORTAL_ADAPTER, id: 'other-portal', matches: ['https://qlvb.example.gov.vn/*'] }],
  });
});

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await site?.close();
  await token?.cleanup();
});

describe('a page on an origin without an adapter', () => {
  it('gets no "Ký số" buttons and its own WebSocket to the agent is refused', async () => {
    const page = await browser.browser.newPage();
    await page.goto(site.url);
    const result = await waitFor(async () => {
      const text = await page.$eval('#ws-result', (el) => el.textContent ?? '');
      return text === 'đang thử…' || text === 'open' ? '' : text;
    }, 10_000);
    expect(result).toBe('refused');
    // Give the content script time to have acted if it (wrongly) were going to.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await page.$$('kyso-sign')).toHaveLength(0);
    expect(agent.output()).not.toContain('hello');
  });

  it('cannot fetch any extension file at its chrome-extension:// address', async () => {
    const manifest = JSON.parse(await readFile(join(DIST, 'manifest.json'), 'utf8')) as {
      web_accessible_resources?: { resources: string[] }[];
      content_scripts?: { js?: string[] }[];
    };
    // Whatever the manifest exposes, the content script, the texts and the pages: a page probing for the
    // extension must learn nothing (nothing is web-accessible; the content script needs no such entry).
    const files = [
      ...(manifest.web_accessible_resources ?? []).flatMap((r) => r.resources),
      ...(manifest.content_scripts ?? []).flatMap((c) => c.js ?? []),
      'manifest.json',
      '_locales/vi/messages.json',
      'src/ui/dialog.html',
    ];
    const page = await browser.browser.newPage();
    await page.goto(site.url);
    const answers = await page.evaluate(
      (urls) =>
        Promise.all(
          urls.map((url) =>
            fetch(url).then(
              (r) => `HTTP ${r.status}`,
              () => 'refused',
            ),
          ),
        ),
      files.map((path) => `chrome-extension://${EXTENSION_ID}/${path}`),
    );
    expect(answers).toEqual(files.map(() => 'refused'));
    await page.close();
  });
});
