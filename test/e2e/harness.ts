/**
 * Browser end-to-end harness: Debian's Chromium driven by puppeteer-core with the unpacked extension, the real
 * agent as a child process, the demo portal in-process. Chromium loads an unpacked extension
 * only with --disable-extensions-except and --load-extension, and only in the new headless mode.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page, type Target, type WebWorker } from 'puppeteer-core';
import { EXTENSION_ID, EXTENSION_ORIGIN } from '../../extension/src/common/extension-id';
import { blueSignaturePng, redSealPng } from '../fixtures/png';
import type { TestToken } from '../fixtures/token';
import { DEMO_USER } from '../portal/server';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const DIST = join(ROOT, 'extension', 'dist');
/** The published package: built without any portal origin (manifest.config.ts, `npm run build:store`). */
export const DIST_STORE = join(ROOT, 'extension', 'dist-store');
export const ARTIFACTS = join(ROOT, 'test', 'artifacts');
export const AGENT_BIN = join(ROOT, 'agent', 'bin', 'kyso-agent.cjs');
export { EXTENSION_ID };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestMtime(path) : (await stat(path)).mtimeMs);
  }
  return newest;
}

/** Builds the extension when dist/ is missing or older than its sources (a plain `vitest` run works too). */
export async function ensureExtensionBuilt(): Promise<void> {
  const sources = Math.max(
    await newestMtime(join(ROOT, 'extension', 'src')),
    await newestMtime(join(ROOT, 'extension', 'public')),
  );
  const fresh = (dist: string) => {
    const manifest = join(dist, 'manifest.json');
    return existsSync(manifest) && statSync(manifest).mtimeMs > sources;
  };
  if (fresh(DIST) && fresh(DIST_STORE)) return;
  const result = spawnSync('npm', ['run', 'build', '-w', 'extension', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('extension build failed');
}

export interface TestBrowser {
  browser: Browser;
  /** The extension's service worker, with `chrome` ready to use. */
  worker: WebWorker;
  close(): Promise<void>;
}

/** `dist`: which build to load (the development one by default, with the demo portal's origins). */
export async function launchBrowser(options: { dist?: string } = {}): Promise<TestBrowser> {
  await ensureExtensionBuilt();
  const dist = options.dist ?? DIST;
  const userDataDir = await mkdtemp(join(tmpdir(), 'kyso-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // Windows keep their own size (the dialog's popup window would otherwise be squeezed to 800×600).
    defaultViewport: null,
    userDataDir,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
    ],
  });
  const target = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${EXTENSION_ID}/`),
    { timeout: 20_000 },
  );
  const worker = await target.worker();
  if (!worker) throw new Error('no extension service worker');
  // The target appears before the worker's code has run.
  await waitFor(() => worker.evaluate(() => typeof chrome !== 'undefined' && !!chrome.storage), 10_000);
  return {
    browser,
    worker,
    close: async () => {
      await browser.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * What Chromium does to an idle MV3 worker after ~30 s: stops it, so its memory and its WebSocket to the agent are
 * gone. Resolves once the running instance's target is destroyed (Chromium may have stopped and restarted the
 * worker during earlier steps, so this looks up the instance running now rather than the one from the launch).
 */
export async function stopExtensionWorker(browser: Browser): Promise<void> {
  const ours = (t: Target) =>
    t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${EXTENSION_ID}/`);
  for (const target of browser.targets().filter(ours)) {
    const destroyed = new Promise<void>((resolve) => {
      const listener = (t: Target) => {
        if (t !== target) return;
        browser.off('targetdestroyed', listener);
        resolve();
      };
      browser.on('targetdestroyed', listener);
    });
    await (await target.worker())?.close();
    await destroyed;
  }
}

export async function waitFor<T>(probe: () => Promise<T>, timeoutMs: number, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

/** What the options page saves: agent port and adapters (the demo recipe moved to the test portal's origin). */
export async function configureExtension(
  worker: WebWorker,
  settings: { agentPort: number; adapters: unknown[]; language?: 'vi' | 'en' },
): Promise<void> {
  await worker.evaluate((value) => chrome.storage.local.set({ settings: value }), {
    language: 'vi' as const,
    ...settings,
  });
}

export async function login(page: Page, portalUrl: string): Promise<void> {
  await page.goto(`${portalUrl}/login`);
  await page.type('#username', DEMO_USER.username);
  await page.type('#password', DEMO_USER.password);
  await Promise.all([page.waitForNavigation(), page.click('#login-submit')]);
  await waitForListReady(page);
}

/**
 * The list is complete (the fetched rows are in) and every row has its button: clicking earlier can miss, as
 * the table re-flows when the late rows arrive.
 */
export async function waitForListReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('#loading')?.textContent?.startsWith('Đã tải'));
  await page.waitForFunction(() => {
    const rows = document.querySelectorAll('tr.doc-row');
    return rows.length > 0 && document.querySelectorAll('tr.doc-row kyso-sign').length === rows.length;
  });
}

/**
 * Clicks a "Ký số" button (inside its shadow root) and returns the signing dialog window it opens — a new one,
 * not a dialog left open by an earlier step.
 */
export async function clickSignButton(browser: Browser, page: Page, rowSelector: string): Promise<Page> {
  const isDialog = (t: Target) => t.url().startsWith(`chrome-extension://${EXTENSION_ID}/src/ui/dialog.html`);
  const before = new Set(browser.targets().filter(isDialog));
  const button = await waitForAria(page, `${rowSelector} kyso-sign`, '[role="button"]');
  await button.click();
  const target = await browser.waitForTarget((t) => isDialog(t) && !before.has(t), { timeout: 15_000 });
  const dialog = await target.asPage();
  // Headless Chromium ignores the popup window's size; give the page the size the extension asked for.
  await dialog.setViewport({ width: 1000, height: 700 });
  await dialog.waitForSelector('#sign-form');
  return dialog;
}

/**
 * Waits for an element inside one of the extension's closed shadow roots (buttons, batch checkboxes and bar), found as
 * assistive technology finds it: the accessibility tree crosses closed shadow roots, page scripts cannot. `aria`
 * is puppeteer's ARIA selector body, e.g. `[role="checkbox"][name="Chọn tất cả"]`.
 */
export async function waitForAria(
  page: Page,
  host: string,
  aria: string,
  timeout = 15_000,
): Promise<ElementHandle<Element>> {
  const found = await waitFor(async () => (await page.$(host))?.$(`::-p-aria(${aria})`), timeout);
  return found as ElementHandle<Element>;
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

export interface RunningAgent {
  port: number;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `kyso-agent serve` for the extension's origin on the test token; resolves when it listens. Its config
 * file names the token's intermediate CA (SoftHSM holds only the signer's certificate, like many real tokens)
 * and keeps the journal and logs inside the token's temp folder.
 */
export async function startAgent(
  token: TestToken,
  port: number,
  /** Configuration values replacing the defaults above (e.g. no chainCertificates). */
  config: Record<string, unknown> = {},
): Promise<RunningAgent> {
  const configPath = join(token.dir, `agent-${port}.json`);
  await writeFile(
    configPath,
    JSON.stringify({
      discoverModules: false,
      chainCertificates: [token.intermediatePath],
      trustedRoots: [token.rootPath],
      journal: { dir: join(token.dir, 'agent-state') },
      log: { dir: join(token.dir, 'agent-state') },
      ...config,
    }),
  );
  const child = spawn(
    process.execPath,
    [
      AGENT_BIN,
      'serve',
      '--port',
      String(port),
      '--config',
      configPath,
      '--allow-origin',
      EXTENSION_ORIGIN,
      '--module',
      token.modulePath,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, SOFTHSM2_CONF: token.confPath, KYSO_AGENT_CACHE_DIR: join(token.dir, 'agent-cache') },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  try {
    const exited = new Promise<never>((_resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`agent exited with ${code}`)));
    });
    exited.catch(() => undefined); // a later, deliberate stop must not count as an unhandled rejection
    const listening = waitFor(async () => output.includes(`KySo Agent listening on ws://127.0.0.1:${port}`), 20_000);
    await Promise.race([listening, exited]);
  } catch (error) {
    await stop();
    throw new Error(`agent did not start: ${String(error)}\n${output}`);
  }
  return { port, process: child, output: () => output, stop };
}

/**
 * The leader's handwritten signature and/or the organisation's seal, chosen on the options page like a user would
 * (PNG files written under `dir` first).
 */
export async function chooseImages(
  browser: Browser,
  dir: string,
  kinds: readonly ('signature' | 'seal')[],
): Promise<void> {
  const options = await browser.newPage();
  await options.goto(`chrome-extension://${EXTENSION_ID}/src/ui/options.html`);
  await options.waitForSelector('body[data-ready="true"]');
  for (const kind of kinds) {
    const path = join(dir, `${kind}.png`);
    await writeFile(path, kind === 'seal' ? redSealPng() : blueSignaturePng());
    const input = await options.waitForSelector(`#${kind}-file`);
    await (input as ElementHandle<HTMLInputElement>).uploadFile(path);
    await options.waitForSelector(`#${kind}-preview:not([hidden])`);
  }
  await options.close();
}
