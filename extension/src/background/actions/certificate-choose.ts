/** The certificate window's choice: the page's `vgca_get_certinfo` hears that one certificate (never all of them). */
import { KysoError } from '@kyso/shared';
import type { RequestOf } from '../../common/messages';
import { VGCA_STATUS, vgcaResultJson } from '../../common/vgca-protocol';
import { agent } from '../context';
import { certInfoOf } from '../vgca/answers';
import { deleteDataJob, loadDataJob } from '../vgca/data-jobs';
import { finishPending, requirePending } from '../vgca/pending';

export async function certificateChoose(request: RequestOf<'certificate.choose'>): Promise<{ subject: string }> {
  const job = await loadDataJob(request.jobId);
  if (job.kind !== 'certificate') throw new KysoError('INVALID_REQUEST', { reason: 'not a certificate window' });
  const call = await requirePending(job.id);
  const { certificates: all } = await agent.call('certificates.list', {});
  const chosen = all.find((c) => c.token === request.certificate.token && c.id === request.certificate.id);
  if (!chosen) throw new KysoError('CERTIFICATE_NOT_FOUND', { id: request.certificate.id });
  await deleteDataJob(job.id);
  await finishPending(call, vgcaResultJson({ Status: VGCA_STATUS.ok, Message: '', CertInfo: certInfoOf(chosen) }));
  return { subject: chosen.subject };
}
