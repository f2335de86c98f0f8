/**
 * The "Ký số" click: check the page has a recipe and the PDF is on the portal, make sure the agent answers
 * (so the button can say "agent not running" at once), then open the signing dialog in its own window.
 */
import type { Runtime } from 'webextension-polyfill';
import type { RequestOf } from '../../common/messages';
import { agent, requireTab } from '../context';
import { newJobId, type SigningJob, saveJob } from '../jobs';
import { recipeForPortalPdf } from '../portal-recipe';
import { openExtensionWindow } from '../windows';

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
