/**
 * Host access to the portals the recipes name. The published package has none at install: each portal origin is
 * asked for once, from an extension page, inside the click on "Cho phép KySo Bridge trên cổng này"
 * (chrome.permissions.request needs that user gesture; Chromium then shows its own prompt). Policy can grant it
 * instead (docs/deploy.md).
 */
import browser from 'webextension-polyfill';
import { type AdapterRecipe, recipeOrigins } from '../common/adapter';

export interface RecipeAccess {
  recipe: AdapterRecipe;
  origins: string[];
  missing: string[];
}

export async function recipeAccess(recipes: AdapterRecipe[]): Promise<RecipeAccess[]> {
  return Promise.all(
    recipes.map(async (recipe) => {
      const origins = recipeOrigins(recipe);
      const missing: string[] = [];
      for (const origin of origins) {
        if (!(await browser.permissions.contains({ origins: [origin] }).catch(() => false))) missing.push(origin);
      }
      return { recipe, origins, missing };
    }),
  );
}

/**
 * Asks for the origins; call it straight from the click handler, before any other await (the gesture must still
 * be there when Chromium checks it). Resolves with whether the user (or an earlier grant) allowed them.
 */
export function requestOrigins(origins: string[]): Promise<boolean> {
  return browser.permissions.request({ origins }).catch(() => false);
}
