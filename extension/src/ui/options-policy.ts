/**
 * Options: what the organisation's policy (chrome.storage.managed) sets, as values a person can read — the port,
 * the language, the portal recipes by name and address — each marked as locked, and the matching fields of the
 * page made read-only. Never the raw JSON.
 */
import { parseAdapters, recipeOrigins } from '../common/adapter';
import type { Translator } from '../common/i18n';
import { loadManagedPolicy } from '../common/settings';
import { byId } from './ui-common';

function lockedItem(text: string): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'locked';
  item.textContent = `🔒 ${text}`;
  return item;
}

function policyRecipes(policy: Awaited<ReturnType<typeof loadManagedPolicy>>): unknown {
  if (policy.adapters) return policy.adapters;
  if (!policy.adaptersJson) return [];
  try {
    return JSON.parse(policy.adaptersJson);
  } catch {
    return 'adaptersJson';
  }
}

export async function renderPolicy(t: Translator): Promise<void> {
  const policy = await loadManagedPolicy();
  const list = byId('managed');
  const items: HTMLLIElement[] = [];
  if (policy.agentPort !== undefined) {
    items.push(lockedItem(t.t('optionsPolicyPort', String(policy.agentPort))));
    const port = byId<HTMLInputElement>('agent-port');
    port.value = String(policy.agentPort);
    port.readOnly = true;
    byId('port-locked').hidden = false;
    byId('port-locked').textContent = `🔒 ${t.t('optionsPolicyLocked')}`;
  }
  if (policy.language) {
    items.push(lockedItem(t.t('optionsPolicyLanguage', policy.language === 'vi' ? 'Tiếng Việt' : 'English')));
    const lang = byId<HTMLSelectElement>('language');
    lang.value = policy.language;
    lang.disabled = true;
    byId('language-locked').hidden = false;
    byId('language-locked').textContent = `🔒 ${t.t('optionsPolicyLocked')}`;
  }
  const { adapters, errors } = parseAdapters(policyRecipes(policy));
  for (const recipe of adapters) {
    items.push(lockedItem(t.t('optionsPolicyRecipe', recipe.name, recipe.id, recipeOrigins(recipe).join(', '))));
  }
  for (const error of errors) {
    const item = document.createElement('li');
    item.className = 'error';
    item.textContent = error;
    items.push(item);
  }
  if (items.length === 0) {
    const none = document.createElement('li');
    none.textContent = t.t('optionsPolicyNone');
    items.push(none);
  }
  list.replaceChildren(...items);
}
