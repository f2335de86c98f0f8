/**
 * `vgca_verify_pdf({ FileName })`: the agent's `pdf.verify` on a document of the page's own origin (downloaded with
 * the user's session, no redirects), answered in VGCA's result shape with one entry per signature. Public portals
 * pass an empty callback (VGCA's plugin shows its own window); the answer's `Message` says the verdict in words.
 */
import type { Translator } from '../../common/i18n';
import { VGCA_STATUS, type VgcaSignatureInfo, vgcaResultJson } from '../../common/vgca-protocol';
import { agent } from '../context';
import { newJobId } from '../jobs';
import { downloadPdf } from '../portal-io';
import { refusalResult } from './pending';
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
  const signatures: VgcaSignatureInfo[] = result.signatures.map((s) => ({
    SignerName: s.signer,
    SigningTime: s.signedAt ?? '',
    IsValid: s.integrity && s.chainTrusted && (s.coversWholeDocument || s.laterChangesAllowed),
    Integrity: s.integrity,
    CertificateTrusted: s.chainTrusted,
    CoversWholeDocument: s.coversWholeDocument,
  }));
  const count = String(signatures.length);
  const message =
    signatures.length === 0
      ? t.t('vgcaNotSigned')
      : result.valid
        ? t.t('vgcaVerified', count)
        : t.t('vgcaVerifyInvalid', count);
  const status = result.valid && signatures.length > 0 ? VGCA_STATUS.ok : VGCA_STATUS.failed;
  return vgcaResultJson({ Status: status, Message: message, FileName: name, Signatures: signatures });
}
