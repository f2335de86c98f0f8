/** Dialog: where the chosen profile puts the signature on this job's PDF (the agent's automatic placement). */
import { KysoError, type PlanResult } from '@kyso/shared';
import type { RequestOf } from '../../common/messages';
import { jobChoices } from '../issuance';
import { jobPdf, loadJob } from '../jobs';
import { withKeepAlive } from '../keepalive';
import { planPlacement } from '../plan';

export async function jobPlan(request: RequestOf<'job.plan'>): Promise<PlanResult> {
  const job = await loadJob(request.jobId);
  if (!job) throw new KysoError('INPUT_NOT_FOUND', { jobId: request.jobId, reason: 'job expired' });
  return withKeepAlive(async () => {
    const bytes = await jobPdf(job, 'use');
    return planPlacement({
      bytes,
      fileName: job.document.fileName,
      profile: request.profile,
      signerName: request.signerName,
      // With the issuance the agent also checks that the "Số: …" and date blanks are there.
      choices: jobChoices(job, request.profile),
    });
  });
}
