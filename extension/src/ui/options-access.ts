/**
 * Options: the portals the recipes name and whether KySo Bridge may work there, with one
 * "Cho phép KySo Bridge trên cổng này" button per portal not allowed yet (its click carries the user gesture
 * chrome.permissions.request needs).
 */
import type { Translator } from '../common/i18n';
import { loadSettings } from '../common/settings';
import { recipeAccess, requestOrigins } from './portal-access';
import { byId } from './ui-common';

export async function renderPortalAccess(t: Translator): Promise<void> {
  const list = byId('portal-access');
  const { adapters } = await loadSettings();
  const rows = await recipeAccess(adapters);
  list.replaceChildren(
    ...rows.map(({ recipe, origins, missing }) => {
      const item = document.createElement('li');
      item.dataset.recipe = recipe.id;
      const name = document.createElement('strong');
      name.textContent = recipe.name;
      const where = document.createElement('span');
      where.className = 'note';
      where.textContent = ` — ${origins.join(', ')} — `;
      const state = document.createElement('span');
      state.className = missing.length > 0 ? 'status-bad' : 'status-ok';
      state.textContent =
        missing.length > 0 ? t.t('optionsPortalMissing', missing.join(', ')) : t.t('optionsPortalAllowed');
      item.append(name, where, state);
      if (missing.length > 0) {
        const allow = document.createElement('button');
        allow.type = 'button';
        allow.className = 'primary allow-portal';
        allow.dataset.origins = missing.join(' ');
        allow.textContent = t.t('allowPortal');
        allow.addEventListener('click', () => {
          void requestOrigins(missing).then(() => renderPortalAccess(t));
        });
        item.append(' ', allow);
      }
      return item;
    }),
  );
  list.dataset.ready = 'true';
}
