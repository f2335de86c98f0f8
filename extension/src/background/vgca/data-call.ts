/**
 * The `vgca_*` calls that sign no PDF, each in a small window of its own (src/ui/vgca.html):
 * - vgca_sign_json({ JsonContent, DetachPayload }), vgca_sign_msg(base64 text), vgca_auth(challenge): the window
 *   SHOWS the text, the user chooses the certificate and types the PIN, the agent's `data.sign` signs exactly the
 *   text kept here (never what a window sends back). Answer: { Status: 0, Signature (base64 CMS), Certificate }.
 *   Text that is not readable (binary, control characters) is refused: nobody could see what they sign.
 * - vgca_get_certinfo(cb): the user picks one certificate (never silently, never all of them); answer:
 *   { Status: 0, CertInfo: { Subject, Issuer, SerialNumber, ValidFrom, ValidTo, Base64Data } }, what token-login
 *   pages read (they send `CertInfo.Base64Data`, the certificate, to their server).
 */
import { agent } from '../context';
import { newJobId } from '../jobs';
import { openExtensionWindow } from '../windows';
import { type DataJob, deleteDataJob, saveDataJob } from './data-jobs';
import { openCallWindow, type VgcaCaller } from './pending';
import type { VgcaRefusal } from './plan';
import { type DataFunction, textToSign } from './text';

export { type DataFunction, isDataFunction } from './text';

export async function vgcaDataCall(caller: VgcaCaller, fn: DataFunction): Promise<VgcaRefusal | undefined> {
  const { request, pageUrl } = caller;
  const kind = fn === 'vgca_get_certinfo' ? 'certificate' : 'sign';
  const text = kind === 'sign' ? textToSign(fn, request.params) : undefined;
  if (text && 'refuse' in text) return text;
  await agent.connect(); // "agent not running" goes to the page at once, not after a window
  const job: DataJob = { id: newJobId(), kind, fn, origin: new URL(pageUrl).origin, title: request.title };
  if (text) Object.assign(job, text);
  await saveDataJob(job);
  const size = kind === 'sign' ? { width: 760, height: 720 } : { width: 640, height: 520 };
  const open = () => openExtensionWindow('vgca.html', { job: job.id }, size);
  await openCallWindow(caller, { jobId: job.id, fn }, open, () => deleteDataJob(job.id));
  return undefined;
}
