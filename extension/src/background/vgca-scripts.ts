/**
 * The `vgca_*` drop-in's two scripts, registered at run time at document_start on exactly the pages whose recipe
 * enables the shim (its `matches`, narrowed to `vgcaShim.paths`) and whose origin is granted: the MAIN-world script
 * (functions and the WebSocket wrapper) must run before the page's own scripts, and the isolated one hands it its
 * private channel. Every other page gets neither: a page elsewhere that opens wss://127.0.0.1:8987 talks to the
 * network as before. The background still checks the recipe again on every call.
 */
import browser from 'webextension-polyfill';
import type { AdapterRecipe } from '../common/adapter';
import { loadSettings } from '../common/settings';
import isolatedScript from '../content/vgca-isolated.iife.ts?script';
import mainScript from '../content/vgca-main.iife.ts?script';

const MAIN_ID = 'kyso-vgca-main';
const ISOLATED_ID = 'kyso-vgca-isolated';

/** Chrome match patterns for a recipe's shim pages: scheme://host[:port] of each match, with each shim path. */
export function vgcaShimPatterns(recipe: AdapterRecipe): string[] {
  if (!recipe.vgcaShim?.enabled) return [];
  const patterns = recipe.matches.flatMap((glob) => {
    const match = /^(https?:\/\/[^/]+)(\/.*)$/.exec(glob);
    if (!match) return [];
    const origin = (match[1] as string).replace(/:\*$/, '');
    return (recipe.vgcaShim?.paths ?? [match[2] as string]).map((path) => `${origin}${path}`);
  });
  return [...new Set(patterns)];
}

/** Brings the registration up to date (script-registration.ts says when). */
export async function registerVgcaScripts(): Promise<void> {
  const { adapters } = await loadSettings();
  const candidates = [...new Set(adapters.flatMap(vgcaShimPatterns))];
  const matches: string[] = [];
  for (const pattern of candidates) {
    const origin = pattern.replace(/^(https?:\/\/[^/]+)\/.*$/, '$1/*');
    if (await browser.permissions.contains({ origins: [origin] }).catch(() => false)) matches.push(pattern);
  }
  matches.sort();
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [MAIN_ID, ISOLATED_ID] });
  const current =
    existing
      .find((s) => s.id === MAIN_ID)
      ?.matches?.slice()
      .sort() ?? [];
  if (existing.length === 2 && current.join('\n') === matches.join('\n')) return;
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: existing.map((s) => s.id) });
  if (matches.length === 0) return;
  const common = { matches, runAt: 'document_start' as const, allFrames: false, persistAcrossSessions: true };
  // The isolated script first: it sends the port the MAIN-world script waits for.
  await browser.scripting.registerContentScripts([
    { id: ISOLATED_ID, js: [isolatedScript], ...common },
    { id: MAIN_ID, js: [mainScript], world: 'MAIN', ...common },
  ]);
}
