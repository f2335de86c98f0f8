/** The recipe of the page a click came from, and the documents that page may have us fetch. */
import { KysoError } from '@kyso/shared';
import { type AdapterRecipe, documentOfPortal, findRecipe } from '../common/adapter';
import { loadSettings } from '../common/settings';

/** ORIGIN_NOT_ALLOWED unless the document is the portal's own file (documentOfPortal). */
export function requirePortalDocument(recipe: AdapterRecipe, pageUrl: string, documentUrl: string): void {
  if (!documentOfPortal(recipe, pageUrl, documentUrl)) {
    throw new KysoError('ORIGIN_NOT_ALLOWED', { pdfUrl: new URL(documentUrl).href });
  }
}

/** The page's recipe, when the PDF comes from the portal itself. */
export async function recipeForPortalPdf(pageUrl: string, documentUrl: string): Promise<AdapterRecipe> {
  const recipe = findRecipe((await loadSettings()).adapters, pageUrl);
  if (!recipe) throw new KysoError('ORIGIN_NOT_ALLOWED', { pageUrl });
  requirePortalDocument(recipe, pageUrl, documentUrl);
  return recipe;
}
