/** Dialog opens: the job's description and the PDF (downloaded with the user's portal session). */

import { KysoError } from '@kyso/shared';
import { bytesToBase64 } from '../../common/base64';
import type { JobView, RequestOf } from '../../common/messages';
import { jobPdf, loadJob, saveJob } from '../jobs';
import { withKeepAlive } from '../keepalive';
import { applyDownloadNotes } from '../portal-io';

export async function jobGet(request: RequestOf<'job.get'>): Promise<JobView> {
  const job = await loadJob(request.jobId);
  if (!job) throw new KysoError('INPUT_NOT_FOUND', { jobId: request.jobId, reason: 'job expired' });
  // These bytes are the ones the signature will use (previewed.ts).
  const bytes = await withKeepAlive(() => jobPdf(job, 'show'));
  // The portal's file name and a token from the download's headers go with the job to the upload.
  if (applyDownloadNotes(job)) await saveJob(job);
  return {
    jobId: job.id,
    title: job.document.title,
    fileName: job.document.fileName,
    portal: new URL(job.pageUrl).origin,
    // The row may narrow the recipe's profiles to what this user may do with this document.
    profiles: job.document.profiles ?? job.recipe.profiles,
    issuance: job.issuance,
    pdfBase64: bytesToBase64(bytes),
  };
}
