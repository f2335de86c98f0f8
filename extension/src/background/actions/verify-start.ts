/**
 * "Kiểm tra chữ ký" on a portal row: the verify view opens on the row's PDF. The view downloads it with the user's
 * session (no redirects) and asks the agent's `pdf.verify`; nothing is signed or uploaded.
 */
import type { Runtime } from 'webextension-polyfill';
import type { ReplyOf, RequestOf } from '../../common/messages';
import { requireTab } from '../context';
import { recipeForPortalPdf } from '../portal-recipe';
import { openExtensionWindow } from '../windows';

export async function startVerify(
  request: RequestOf<'verify.start'>,
  sender: Runtime.MessageSender,
): Promise<ReplyOf<'verify.start'>> {
  const { url: pageUrl } = requireTab(sender, request.pageUrl);
  await recipeForPortalPdf(pageUrl, request.document.url);
  await openExtensionWindow('verify.html', { url: request.document.url });
  return {};
}
