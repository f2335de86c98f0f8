/**
 * A token that holds only the signer's certificate, whose caIssuers address does not answer, and an agent with no
 * chainCertificates: the document is signed and uploaded, and the dialog's result says, in Vietnamese, that the
 * signature lacks its issuer's certificate (CHAIN_INCOMPLETE) and what to do.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WARNING_TEXTS } from '@kyso/shared';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoAdapterFor } from '../../extension/src/common/default-adapters';
import { createTestToken, type TestToken } from '../fixtures/token';
import { type Portal, startPortal } from '../portal/server';
import {
  artifactPath,
  chooseImages,
  clickSignButton,
  configureExtension,
  freePort,
  launchBrowser,
  login,
  type RunningAgent,
  startAgent,
  type TestBrowser,
} from './harness';

let token: TestToken;
let agent: RunningAgent;
let browser: TestBrowser;
let portal: Portal;
let dataDir: string;
let page: Page;

beforeAll(async () => {
  // A port nothing listens on: taken, then released.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const unreachable = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  token = await createTestToken({ caIssuers: { rsa: `http://127.0.0.1:${unreachable}/issuing-ca.crt` } });
  agent = await startAgent(token, await freePort(), { chainCertificates: [] });
  dataDir = await mkdtemp(join(tmpdir(), 'kyso-portal-'));
  portal = await startPortal({ dataDir, nssDir: token.nssDir });
  browser = await launchBrowser();
  await configureExtension(browser.worker, { agentPort: agent.port, adapters: [demoAdapterFor(portal.url)] });
  await chooseImages(browser.browser, dataDir, ['signature']);
  page = await browser.browser.newPage();
  await login(page, portal.url);
});

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await portal?.close();
  await token?.cleanup();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

it('signs, uploads and shows the CHAIN_INCOMPLETE warning in the dialog result', async () => {
  const dialog = await clickSignButton(browser.browser, page, 'tr[data-doc-id="qd-125"]');
  await dialog.waitForFunction(() => (document.querySelector('#certificate') as HTMLSelectElement).options.length > 0);
  const value = await dialog.$$eval(
    '#certificate option',
    (options, cn) => options.find((o) => o.textContent?.startsWith(cn))?.value,
    token.keys.rsa.commonName,
  );
  await dialog.select('#certificate', value as string);
  await dialog.type('#pin', token.pin);
  await dialog.click('#sign');
  await dialog.waitForFunction(() => !(document.querySelector('#result') as HTMLElement).hidden, { timeout: 90_000 });
  const result = await dialog.$eval('#result', (el) => el.textContent ?? '');
  expect(result).toContain('Đã ký số thành công');
  const expected = WARNING_TEXTS.CHAIN_INCOMPLETE.vi.replace('{issuer}', 'KySo Test Issuing CA');
  expect(result).toContain(expected);
  expect(await dialog.$eval('#result', (el) => (el as HTMLElement).dataset.warnings)).toBe('CHAIN_INCOMPLETE');
  await dialog.setViewport({ width: 1366, height: 768 });
  await dialog.$eval('#result', (el) => el.scrollIntoView({ block: 'center' }));
  await dialog.screenshot({ path: artifactPath('dialog-chain-incomplete.png') });
  expect(await portal.uploads()).toHaveLength(1);
});
