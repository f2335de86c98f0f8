/**
 * Sign and upload: the PDF goes to the agent as a binary frame with the chosen certificate, PIN and placement;
 * the signed PDF comes back as a binary frame and goes to the portal through the recipe's upload. A wrong PIN
 * is returned to the dialog as an error and nothing is uploaded; the PIN is never kept or retried.
 */
import { KysoError, type SignResult } from '@kyso/shared';
import browser from 'webextension-polyfill';
import { base64ToBytes, bytesToBase64 } from '../../common/base64';
import type { BackgroundEvent, RequestOf, SignOutcome } from '../../common/messages';
import { imageKindFor, loadSignatureImage } from '../../common/signature-image';
import { agent } from '../context';
import { jobChoices } from '../issuance';
import { jobPdf, loadJob, newJobId, type SigningJob } from '../jobs';
import { withKeepAlive } from '../keepalive';
import { portalVerdict, recentOf } from '../outcomes';
import { uploadSigned } from '../portal-io';
import { recordRecent } from '../recent';

function notify(event: BackgroundEvent): void {
  // Nobody listening (dialog closed) is fine.
  browser.runtime.sendMessage(event).catch(() => undefined);
}

async function signWithAgent(
  job: SigningJob,
  request: RequestOf<'job.sign'>,
): Promise<{ result: SignResult; signed: Uint8Array }> {
  // Exactly the bytes the dialog showed; after a worker restart a changed document is refused.
  const bytes = await jobPdf(job, 'use');
  const blobId = newJobId();
  const blobs = [{ id: blobId, bytes }];
  // Decree 30: the competent person's handwriting, the organisation's seal; other profiles are text only.
  const kind = imageKindFor(request.profile);
  const image = kind && !('invisible' in request.placement) ? await loadSignatureImage(kind) : undefined;
  const imageBlob = image ? { id: newJobId(), bytes: base64ToBytes(image.pngBase64) } : undefined;
  if (imageBlob) blobs.push(imageBlob);
  const result = await agent.call(
    'pdf.sign',
    {
      document: { blob: blobId, name: job.document.fileName },
      certificate: request.certificate,
      pin: request.pin,
      placement: request.placement,
      profile: request.profile,
      // What the dialog's preview planned with (job-plan.ts).
      ...jobChoices(job, request.profile),
      appearance: imageBlob ? { image: { blob: imageBlob.id } } : undefined,
    },
    {
      blobs,
      onProgress: (p) => notify({ event: 'progress', jobId: job.id, stage: p.stage, percent: p.percent }),
    },
  );
  const signed = await agent.takeBlob(result.document.blob);
  return { result, signed };
}

export async function jobSign(request: RequestOf<'job.sign'>): Promise<SignOutcome> {
  const job = await loadJob(request.jobId);
  if (!job) throw new KysoError('INPUT_NOT_FOUND', { jobId: request.jobId, reason: 'job expired' });
  return withKeepAlive(async () => {
    notify({ event: 'progress', jobId: job.id, stage: 'preparing' });
    const { result, signed } = await signWithAgent(job, request);
    notify({ event: 'progress', jobId: job.id, stage: 'uploading' });
    const upload = portalVerdict(await uploadSigned(job, signed), job.uploadAnswer === 'vgca');
    await recordRecent(recentOf(job.document, job.pageUrl, result, upload));
    const done: BackgroundEvent = { event: 'signed', documentUrl: job.document.url, ok: upload.ok };
    browser.tabs.sendMessage(job.tabId, done).catch(() => undefined);
    notify({ event: 'progress', jobId: job.id, stage: 'done' });
    const signedBase64 = bytesToBase64(signed);
    return {
      signer: result.signer,
      signedAt: result.signedAt,
      upload,
      signedBase64,
      issuance: jobChoices(job, request.profile).issuance,
      warnings: result.warnings,
    };
  });
}
