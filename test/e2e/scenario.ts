/**
 * The set-up most browser tests share, started and stopped as one: token, portal, agent, browser, user's tab.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, WebWorker } from 'puppeteer-core';
import { demoAdapterFor } from '../../extension/src/common/default-adapters';
import { createTestToken, type TestToken, type TestTokenOptions } from '../fixtures/token';
import { buildIssuanceQueue, leaderOnToken } from '../portal/issuance-queue';
import { type IssuanceFile, issuanceDocuments } from '../portal/issuance-seed';
import type { SeedDocument } from '../portal/seed';
import { type Portal, startPortal } from '../portal/server';
import {
  chooseImages,
  configureExtension,
  freePort,
  launchBrowser,
  login,
  type RunningAgent,
  startAgent,
  type TestBrowser,
} from './harness';

/** What a browser test starts with: anything with an address that it closes itself. */
export interface ScenarioPortal {
  url: string;
  close(): Promise<void>;
}

export interface ScenarioOptions<P extends ScenarioPortal = Portal> {
  /** The SoftHSM token (e.g. a caIssuers address in a certificate). */
  token?: TestTokenOptions;
  /**
   * Leader-signed decisions on the demo portal's clerk list, signed in this process before the agent opens the
   * token; `number` is each one's issue number.
   */
  issuance?: { count: number; brokenIndex?: number; number?: (index: number) => string };
  /** More documents on the demo portal. */
  documents?: (token: TestToken) => SeedDocument[];
  /** Configuration values for the agent (see startAgent), or `not-running`: its port is chosen, nothing listens. */
  agent?: Record<string, unknown> | 'not-running';
  /** Another site than the demo portal, started before the agent (it may use the token on its own). */
  portal?: (setup: { dir: string; token: TestToken; agentPort: number }) => Promise<P>;
  /** The extension build to load (the development one by default). */
  dist?: string;
  /** The recipes saved in the extension's settings; the demo recipe for the portal by default. */
  adapters?: (setup: { portal: P; queue: IssuanceFile[] }) => unknown[];
  /** The images chosen on the options page. */
  images?: readonly ('signature' | 'seal')[];
  viewport?: { width: number; height: number };
  /** How the user logs in on the portal's page (the demo portal's form by default); `false`: the page stays blank. */
  login?: ((page: Page, portalUrl: string) => Promise<void>) | false;
}

export interface Scenario<P extends ScenarioPortal = Portal> {
  token: TestToken;
  /** Undefined while the agent is not running. */
  agent: RunningAgent | undefined;
  agentPort: number;
  portal: P;
  /** The demo portal's data folder (documents/, uploads/). */
  portalDir: string;
  queue: IssuanceFile[];
  browser: Browser;
  /** The extension's service worker as launched, with `chrome` ready to use. */
  worker: WebWorker;
  /** The user's tab on the portal, logged in. */
  page: Page;
  /** A temporary folder for the test's own files, removed by `close`. */
  dir: string;
  /** Starts the agent on `agentPort` (for a scenario begun with the agent not running). */
  startAgent(): Promise<RunningAgent>;
  close(): Promise<void>;
}

/**
 * The set-up most browser tests share: a SoftHSM token, the demo portal (or another site), the agent on the token,
 * Chromium with the extension configured for the portal, the chosen images, and the user's tab logged in.
 * Everything started is stopped by `close`, also when the set-up fails half-way.
 */
export async function startScenario<P extends ScenarioPortal = Portal>(
  options: ScenarioOptions<P> = {},
): Promise<Scenario<P>> {
  let dir: string | undefined;
  let token: TestToken | undefined;
  let portal: P | undefined;
  let agent: RunningAgent | undefined;
  let browser: TestBrowser | undefined;
  // Every step runs even when one before it fails, so no browser, agent or folder outlives a broken test.
  const close = async () => {
    const steps = [
      () => browser?.close(),
      () => agent?.stop(),
      () => portal?.close(),
      () => token?.cleanup(),
      () => (dir ? rm(dir, { recursive: true, force: true }) : undefined),
    ];
    const failed: unknown[] = [];
    for (const step of steps) await Promise.resolve(step()).catch((error: unknown) => failed.push(error));
    if (failed.length > 0) throw failed[0];
  };
  try {
    dir = await mkdtemp(join(tmpdir(), 'kyso-e2e-'));
    const started = await createTestToken(options.token);
    token = started;
    const agentPort = await freePort();
    const portalDir = join(dir, 'portal');
    const queue = options.portal ? [] : await leaderSignedQueue(started, join(dir, 'queue'), options.issuance);
    portal = options.portal
      ? await options.portal({ dir, token: started, agentPort })
      : ((await startDemoPortal(started, portalDir, queue, options.documents)) as unknown as P);
    const startScenarioAgent = async () => {
      agent = await startAgent(started, agentPort, options.agent === 'not-running' ? {} : options.agent);
      return agent;
    };
    if (options.agent !== 'not-running') await startScenarioAgent();
    browser = await launchBrowser({ dist: options.dist });
    const adapters = options.adapters?.({ portal, queue }) ?? [demoAdapterFor(portal.url)];
    await configureExtension(browser.worker, { agentPort, adapters });
    if (options.images?.length) await chooseImages(browser.browser, dir, options.images);
    const page = await browser.browser.newPage();
    if (options.viewport) await page.setViewport(options.viewport);
    if (options.login !== false) await (options.login ?? login)(page, portal.url);
    return {
      token: started,
      get agent() {
        return agent;
      },
      agentPort,
      portal,
      portalDir,
      queue,
      browser: browser.browser,
      worker: browser.worker,
      page,
      dir,
      startAgent: startScenarioAgent,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function leaderSignedQueue(
  token: TestToken,
  dir: string,
  issuance: ScenarioOptions['issuance'],
): Promise<IssuanceFile[]> {
  if (!issuance) return [];
  const { count, brokenIndex = -1, number } = issuance;
  const files = await buildIssuanceQueue({ dir, count, brokenIndex, signer: leaderOnToken(token) });
  return number ? files.map((file, i) => ({ ...file, number: number(i) })) : files;
}

function startDemoPortal(
  token: TestToken,
  dataDir: string,
  queue: IssuanceFile[],
  documents: ScenarioOptions['documents'],
): Promise<Portal> {
  const extraDocuments = [...issuanceDocuments(queue), ...(documents?.(token) ?? [])];
  return startPortal({ dataDir, nssDir: token.nssDir, extraDocuments });
}
