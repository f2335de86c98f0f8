/** Dialog closed or "Huỷ": forget the job and its cached PDF. */
import type { RequestOf } from '../../common/messages';
import { deleteJob } from '../jobs';

export async function jobCancel(request: RequestOf<'job.cancel'>): Promise<{ cancelled: true }> {
  await deleteJob(request.jobId);
  return { cancelled: true };
}
