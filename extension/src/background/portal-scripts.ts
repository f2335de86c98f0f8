/**
 * The content script runs only on the portals the recipes name: it is registered at run time
 * (chrome.scripting.registerContentScripts) for each recipe origin the user or policy has granted, and again
 * whenever the recipes or the granted origins change. Pages no recipe names get nothing injected. Origins
 * compiled into the manifest (a province's own build, or the demo build) already have the script and are skipped.
 */
import browser from 'webextension-polyfill';
import { recipeOrigins } from '../common/adapter';
import { loadSettings } from '../common/settings';
import portalScript from '../content/portal.iife.ts?script';
import { coveredBy } from './match-patterns';

const SCRIPT_ID = 'kyso-portals';

function manifestContentPatterns(): string[] {
  return (browser.runtime.getManifest().content_scripts ?? []).flatMap((script) => script.matches ?? []);
}

/** The recipe origins the extension may use now (granted at install, by the user, or by policy). */
export async function grantedRecipeOrigins(): Promise<{ granted: string[]; missing: string[] }> {
  const { adapters } = await loadSettings();
  const origins = [...new Set(adapters.flatMap(recipeOrigins))];
  const granted: string[] = [];
  const missing: string[] = [];
  for (const origin of origins) {
    const has = await browser.permissions.contains({ origins: [origin] }).catch(() => false);
    (has ? granted : missing).push(origin);
  }
  return { granted, missing };
}

/** Brings the registration up to date (script-registration.ts says when). */
export async function registerPortalScripts(): Promise<void> {
  const { granted } = await grantedRecipeOrigins();
  const fromManifest = manifestContentPatterns();
  const matches = granted.filter((origin) => !coveredBy(origin, fromManifest)).sort();
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  const current = existing[0]?.matches?.slice().sort() ?? [];
  const unchanged = existing.length > 0 ? current.join('\n') === matches.join('\n') : matches.length === 0;
  if (unchanged) return;
  if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  if (matches.length === 0) return;
  await browser.scripting.registerContentScripts([
    { id: SCRIPT_ID, matches, js: [portalScript], runAt: 'document_idle', persistAcrossSessions: true },
  ]);
}
