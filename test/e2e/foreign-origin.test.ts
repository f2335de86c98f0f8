/**
 * A site the extension has no adapter for: even with document-like markup, it gets no buttons; and the page's
 * own WebSocket to the agent is refused (only the extension's origin is allowed), and it cannot tell the extension
 * is installed by fetching the files the extension exposes to pages (they only exist at a per-session address).
 * The absence of buttons is read only once the extension is known to be done with the page: the page then moves
 * itself (history.pushState) to the one address a recipe names, and that address gets its button.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PORTAL_ADAPTER } from '../../extension/src/common/default-adapters';
import { startForeignSite } from '../portal/server';
import { DIST, EXTENSION_ID, waitFor } from './harness';
import { type Scenario, startScenario } from './scenario';

type ForeignSite = Awaited<ReturnType<typeof startForeignSite>>;
let scenario: Scenario<ForeignSite>;

/**
 * One address on the site that a recipe does name. Its button goes into the row's first cell, where no recipe for
 * another portal would put one, so it is told apart from any button the first address might (wrongly) get.
 */
const PROBE_PATH = '/?co-cong-thong-tin';
const PROBE_BUTTON = 'tr.doc-row td:first-child > kyso-sign';

beforeAll(async () => {
  scenario = await startScenario({
    portal: ({ agentPort }) => startForeignSite({ agentPort }),
    adapters: ({ portal }) => [
      // An adapter for some other portal: this site's pages match none of it.
      { ...DEMO_PORTAL_ADAPTER, id: 'other-portal', matches: ['https://qlvb.example.gov.vn/*'] },
      {
        ...DEMO_PORTAL_ADAPTER,
        id: 'probe',
        matches: [`${portal.url}${PROBE_PATH}`],
        button: { anchorSelector: 'td:first-child', position: 'append' },
        batch: undefined,
        vgcaShim: undefined,
      },
    ],
    login: false,
  });
});
afterAll(async () => scenario?.close());

/** Runs in the page before its own scripts: notes every element of the extension's that is ever added to it. */
function recordExtensionElements(): void {
  const seen: string[] = [];
  (window as unknown as { kysoElements: string[] }).kysoElements = seen;
  const note = (node: Element) => {
    for (const el of [node, ...node.querySelectorAll('*')])
      if (el.localName.startsWith('kyso-')) seen.push(el.localName);
  };
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node instanceof Element) note(node);
  }).observe(document, { childList: true, subtree: true });
}

describe('a page on an origin without an adapter', () => {
  it('gets no "Ký số" buttons and its own WebSocket to the agent is refused', async () => {
    const { page, portal: site } = scenario;
    await page.evaluateOnNewDocument(recordExtensionElements);
    await page.goto(site.url);
    const result = await waitFor(async () => {
      const text = await page.$eval('#ws-result', (el) => el.textContent ?? '');
      return text === 'đang thử…' || text === 'open' ? '' : text;
    }, 10_000);
    expect(result).toBe('refused');
    expect(scenario.agent!.output()).not.toContain('hello');
    // The content script looks each address up in turn, after the one before: once the page's own move to the
    // probe's address has its button, the first address has been dealt with, and it must have added nothing.
    await page.evaluate((path) => history.pushState(null, '', path), PROBE_PATH);
    await page.waitForSelector(PROBE_BUTTON);
    expect(await page.evaluate(() => (window as unknown as { kysoElements: string[] }).kysoElements)).toEqual([
      'kyso-sign',
    ]);
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
    const page = await scenario.browser.newPage();
    await page.goto(scenario.portal.url);
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
