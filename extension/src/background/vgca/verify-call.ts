/**
 * `vgca_verify_pdf({ FileName })`: the agent's `pdf.verify` on a document of the page's own origin (downloaded with
 * the user's session, no redirects), answered in VGCA's result shape with one entry per signature. Public portals
 * pass an empty callback (VGCA's plugin shows its own window); the answer's `Message` says the verdict in words.
 */
import type { Translator } from '../../common/i18n';
import { agent } from '../context';
import { newJobId } from '../jobs';
import { downloadPdf } from '../portal-io';
import { refusalResult, verifyResult } from './answers';
import { fileNameOfUrl, sameOriginFile } from './plan';

export async function vgcaVerifyPdf(paramsText: string, pageUrl: string, t: Translator): Promise<string> {
  let fileName: unknown;
  try {
    fileName = (JSON.parse(paramsText) as { FileName?: unknown } | null)?.FileName;
  } catch {
    return refusalResult(t, { refuse: 'vgcaBadParams' });
  }
  const file = sameOriginFile(typeof fileName === 'string' ? fileName : undefined, pageUrl);
  if (!(file instanceof URL)) return refusalResult(t, file);
  const bytes = await downloadPdf(file.href);
  const blob = newJobId();
  const name = fileNameOfUrl(file);
  const result = await agent.call('pdf.verify', { document: { blob, name } }, { blobs: [{ id: blob, bytes }] });
  return verifyResult(t, result, name);
}
