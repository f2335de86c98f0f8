/**
 * What the text-signing and certificate windows (src/ui/vgca.ts) ask: the text to show, signing that text with the
 * agent's `data.sign`, and the certificate the user chose. Each ends the page's pending call with its answer.
 */
import type { CertificateSummary } from '@kyso/shared';
import { KysoError } from '@kyso/shared';
import type { DataWindowView, RequestOf } from '../../common/messages';
import { VGCA_STATUS, type VgcaCertInfo, vgcaResultJson } from '../../common/vgca-protocol';
import { agent } from '../context';
import { withKeepAlive } from '../keepalive';
import { deleteDataJob, loadDataJob } from './vgca-data';
import { finishPending, loadPending } from './vgca-pending';

export async function dataGet(request: RequestOf<'data.get'>): Promise<DataWindowView> {
  const { kind, fn, origin, title, content, attached } = await loadDataJob(request.jobId);
  return { kind, fn, origin, title, content, attached };
}

async function pendingOf(jobId: string) {
  const call = await loadPending(jobId);
  if (!call) throw new KysoError('INVALID_REQUEST', { reason: 'the page no longer waits for this window', jobId });
  return call;
}

export async function dataSign(request: RequestOf<'data.sign'>): Promise<{ signer: string; signedAt: string }> {
  const job = await loadDataJob(request.jobId);
  if (job.kind !== 'sign' || !job.content) throw new KysoError('INVALID_REQUEST', { reason: 'nothing to sign' });
  const call = await pendingOf(job.id);
  const result = await withKeepAlive(() =>
    agent.call('data.sign', {
      certificate: request.certificate,
      pin: request.pin,
      content: job.content as string,
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

/** ISO 8601 with +07:00 (Vietnam, no daylight saving), as dates are written on Vietnamese documents. */
function vietnamTime(iso: string): string {
  return `${new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
}

export function certInfoOf(cert: CertificateSummary): VgcaCertInfo {
  return {
    Subject: cert.subject,
    Issuer: cert.issuer,
    // The INTEGER's value in hex (no DER sign byte), as OpenSSL, .NET and browsers show it.
    SerialNumber: cert.serial.toUpperCase().replace(/^(00)+(?=.)/, ''),
    ValidFrom: vietnamTime(cert.notBefore),
    ValidTo: vietnamTime(cert.notAfter),
    Base64Data: cert.der ?? '',
  };
}

export async function certificateChoose(request: RequestOf<'certificate.choose'>): Promise<{ subject: string }> {
  const job = await loadDataJob(request.jobId);
  if (job.kind !== 'certificate') throw new KysoError('INVALID_REQUEST', { reason: 'not a certificate window' });
  const call = await pendingOf(job.id);
  const { certificates: all } = await agent.call('certificates.list', {});
  const chosen = all.find((c) => c.token === request.certificate.token && c.id === request.certificate.id);
  if (!chosen) throw new KysoError('CERTIFICATE_NOT_FOUND', { id: request.certificate.id });
  await deleteDataJob(job.id);
  await finishPending(call, vgcaResultJson({ Status: VGCA_STATUS.ok, Message: '', CertInfo: certInfoOf(chosen) }));
  return { subject: chosen.subject };
}
