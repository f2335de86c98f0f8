/**
 * "Ký số hàng loạt" on the portal's list: the ticked documents must all be the portal's own files, then the batch
 * page opens in its own window with the review list. The agent must answer first, like for one document.
 */
import { KysoError } from '@kyso/shared';
import type { Runtime } from 'webextension-polyfill';
import { findRecipe } from '../../common/adapter';
import type { RequestOf } from '../../common/messages';
import { loadSettings } from '../../common/settings';
import { type BatchJob, saveBatch } from '../batches';
import { agent, requireTab } from '../context';
import { newJobId } from '../jobs';
import { requirePortalDocument } from '../portal-recipe';
import { BATCH_WINDOW_SIZE, openExtensionWindow } from '../windows';

export async function batchStart(
  request: RequestOf<'batch.start'>,
  sender: Runtime.MessageSender,
): Promise<{ batchId: string }> {
  const { tabId, url: pageUrl } = requireTab(sender, request.pageUrl);
  const recipe = findRecipe((await loadSettings()).adapters, pageUrl);
  if (!recipe?.batch) throw new KysoError('ORIGIN_NOT_ALLOWED', { pageUrl, reason: 'no batch in the recipe' });
  for (const document of request.documents) requirePortalDocument(recipe, pageUrl, document.url);
  await agent.connect();
  const batch: BatchJob = {
    id: newJobId(),
    tabId,
    pageUrl,
    recipe,
    profile: recipe.batch.profile,
    documents: request.documents,
    csrfToken: request.csrfToken,
    createdAt: new Date().toISOString(),
  };
  await saveBatch(batch);
  batch.windowId = await openExtensionWindow('batch.html', { batch: batch.id }, BATCH_WINDOW_SIZE);
  await saveBatch(batch);
  return { batchId: batch.id };
}
