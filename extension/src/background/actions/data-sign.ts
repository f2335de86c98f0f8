/**
 * The text-signing window's "Ký": the agent's `data.sign` over the text kept in the background for this window
 * (never text the window sends), and the page's pending call hears the signature.
 */
import { KysoError } from '@kyso/shared';
import type { RequestOf } from '../../common/messages';
import { VGCA_STATUS, vgcaResultJson } from '../../common/vgca-protocol';
import { agent } from '../context';
import { withKeepAlive } from '../keepalive';
import { deleteDataJob, loadDataJob } from '../vgca/data-jobs';
import { finishPending, requirePending } from '../vgca/pending';

export async function dataSign(request: RequestOf<'data.sign'>): Promise<{ signer: string; signedAt: string }> {
  const job = await loadDataJob(request.jobId);
  const content = job.kind === 'sign' ? job.content : undefined;
  if (!content) throw new KysoError('INVALID_REQUEST', { reason: 'nothing to sign' });
  const call = await requirePending(job.id);
  const result = await withKeepAlive(() =>
    agent.call('data.sign', {
      certificate: request.certificate,
      pin: request.pin,
      content,
      attached: job.attached ?? false,
    }),
  );
  await deleteDataJob(job.id);
  const answer = vgcaResultJson({
    Status: VGCA_STATUS.ok,
    Message: '',
    Signature: result.signature,
    Certificate: result.certificate,
    Signer: result.signer,
    SigningTime: result.signedAt,
  });
  await finishPending(call, answer);
  return { signer: result.signer, signedAt: result.signedAt };
}
