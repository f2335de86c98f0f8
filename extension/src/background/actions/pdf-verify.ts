/**
 * The verify view's check: the agent's `pdf.verify` on a PDF the user chose (picked, dropped, the tab's PDF or a
 * portal row's). Only extension pages may ask; the bytes go to the agent and nowhere else.
 */
import type { VerifyResult } from '@kyso/shared';
import { base64ToBytes } from '../../common/base64';
import type { RequestOf } from '../../common/messages';
import { agent } from '../context';
import { newJobId } from '../jobs';
import { withKeepAlive } from '../keepalive';

export async function pdfVerify(request: RequestOf<'pdf.verify'>): Promise<VerifyResult> {
  const blob = newJobId();
  const bytes = base64ToBytes(request.pdfBase64);
  return withKeepAlive(() =>
    agent.call('pdf.verify', { document: { blob, name: request.name } }, { blobs: [{ id: blob, bytes }] }),
  );
}
