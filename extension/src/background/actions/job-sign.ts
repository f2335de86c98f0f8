/**
 * Sign and upload: the PDF goes to the agent as a binary frame with the chosen certificate, PIN and placement;
 * the signed PDF comes back as a binary frame and goes to the portal through the recipe's upload. A wrong PIN
 * is returned to the dialog as an error and nothing is uploaded; the PIN is never kept or retried.
 */
import { KysoError, type SignResult } from '@kyso/shared';
import browser from 'webextension-polyfill';
import type { BackgroundEvent, RequestOf, SignOutcome } from '../../common/messages';
import { portalErrorText } from '../../common/portal-answers';
import { base64ToBytes, bytesToBase64, imageKindFor, loadSignatureImage } from '../../common/signature-image';
import { agent } from '../context';
import { type Issuance, profileOptionsOf } from '../issuance';
import { jobPdf, loadJob, newJobId, type SigningJob } from '../jobs';
import { withKeepAlive } from '../keepalive';
import { type UploadOutcome, uploadSigned } from '../portal-io';
import { recordRecent } from '../recent';
import { vgcaHandlerAccepted } from '../vgca/pending';

/** The issuance goes with the organisation's signature only (the clerk's step). */
function issuanceFor(job: SigningJob, request: RequestOf<'job.sign'>): Issuance | undefined {
  return request.profile === 'organization' ? job.issuance : undefined;
}

/**
 * Whether the portal took the file: HTTP success, and for a VGCA FileUploadHandler (which answers HTTP 200 either
 * way) no `Status` in its JSON that says otherwise. The dialog, the recent list and the page all hear the same.
 */
function accepted(job: SigningJob, upload: UploadOutcome): UploadOutcome {
  if (job.uploadAnswer !== 'vgca') return upload;
  const ok = vgcaHandlerAccepted(upload);
  // A VGCA handler refuses with HTTP 200 and `Status: false`: its `Message` is the reason to show.
  return { ...upload, ok, reason: ok ? undefined : upload.reason || portalErrorText(upload.body) || undefined };
}

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
      issuance: issuanceFor(job, request),
      profileOptions: request.profile ? profileOptionsOf(request.profile, { number: job.appendixNumber }) : undefined,
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
    const upload = accepted(job, await uploadSigned(job, signed));
    const status = (upload.body as { version?: { status?: { summary?: string } } } | null)?.version?.status?.summary;
    await recordRecent({
      at: result.signedAt,
      title: job.document.title,
      fileName: job.document.fileName,
      signer: result.signer,
      portal: new URL(job.pageUrl).origin,
      uploaded: upload.ok,
      status,
    });
    const done: BackgroundEvent = { event: 'signed', documentUrl: job.document.url, ok: upload.ok };
    browser.tabs.sendMessage(job.tabId, done).catch(() => undefined);
    notify({ event: 'progress', jobId: job.id, stage: 'done' });
    const signedBase64 = bytesToBase64(signed);
    return {
      signer: result.signer,
      signedAt: result.signedAt,
      upload,
      signedBase64,
      issuance: issuanceFor(job, request),
      warnings: result.warnings,
    };
  });
}
