/**
 * The "Ký số" click: check the page has a recipe and the PDF is on the portal, make sure the agent answers
 * (so the button can say "agent not running" at once), then open the signing dialog in its own window.
 */
import { KysoError } from '@kyso/shared';
import type { Runtime } from 'webextension-polyfill';
import { type AdapterRecipe, findRecipe, recipeMatchesUrl } from '../../common/adapter';
import type { RequestOf } from '../../common/messages';
import { loadSettings } from '../../common/settings';
import { agent, requireTab } from '../context';
import { newJobId, type SigningJob, saveJob } from '../jobs';
import { openExtensionWindow } from '../windows';

/**
 * The page's recipe, when the PDF comes from the portal itself: a page cannot make us fetch (and sign or show)
 * another site's file.
 */
export async function recipeForPortalPdf(pageUrl: string, documentUrl: string): Promise<AdapterRecipe> {
  const recipe = findRecipe((await loadSettings()).adapters, pageUrl);
  if (!recipe) throw new KysoError('ORIGIN_NOT_ALLOWED', { pageUrl });
  const pdfUrl = new URL(documentUrl);
  if (pdfUrl.origin !== new URL(pageUrl).origin && !recipeMatchesUrl(recipe, pdfUrl.href)) {
    throw new KysoError('ORIGIN_NOT_ALLOWED', { pdfUrl: pdfUrl.href });
  }
  return recipe;
}

export async function startSigning(
  request: RequestOf<'signing.start'>,
  sender: Runtime.MessageSender,
): Promise<{ jobId: string }> {
  const { tabId, url: pageUrl } = requireTab(sender, request.pageUrl);
  const recipe = await recipeForPortalPdf(pageUrl, request.document.url);
  await agent.connect();
  const job: SigningJob = {
    id: newJobId(),
    tabId,
    pageUrl,
    recipe,
    document: request.document,
    csrfToken: request.csrfToken,
    createdAt: new Date().toISOString(),
  };
  // Saved before the window opens: the dialog asks for the job as soon as it loads.
  await saveJob(job);
  job.windowId = await openExtensionWindow('dialog.html', { job: job.id });
  await saveJob(job);
  return { jobId: job.id };
}
