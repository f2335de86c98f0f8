/**
 * What a page's `vgca_*` callback hears, in VGCA's result shape (a JSON string): refusals, errors with their stable
 * code, a signed and uploaded file, a batch of files, a verification, a chosen certificate. Pure, so it is
 * unit-tested; pending.ts delivers the answers.
 */
import { type CertificateSummary, formatVietnamDate, type VerifyResult, vietnamIsoTime } from '@kyso/shared';
import type { Translator } from '../../common/i18n';
import type { BatchItemResult, DocumentInPage, SignOutcome, UploadOutcome } from '../../common/messages';
import { verdictOf } from '../../common/verdict';
import {
  VGCA_STATUS,
  type VgcaCertInfo,
  type VgcaFileResult,
  type VgcaSignatureInfo,
  vgcaResultJson,
} from '../../common/vgca-protocol';
import type { VgcaRefusal } from './plan';

/** A number or string the page's server sent, as text (anything else counts as absent). */
function textOf(value: unknown, max: number): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, max) : '';
}

function field(body: unknown, name: string): string {
  return textOf(body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined, 2000);
}

export function refusalResult(t: Translator, refusal: VgcaRefusal): string {
  const message = t.t(refusal.refuse, ...(refusal.args ?? []));
  return vgcaResultJson({ Status: refusal.status ?? VGCA_STATUS.failed, Message: message });
}

export function cancelledResult(t: Translator): string {
  return vgcaResultJson({ Status: VGCA_STATUS.cancelled, Message: t.t('vgcaCancelled') });
}

/**
 * VGCA upload handlers answer HTTP 200 with `{ Status: true|false, Message, FileName, FileServer }`; some answer
 * plain text. Accepted = HTTP success and no `Status` that says otherwise: `true`/`"true"`, or `0`/`"0"` (VGCA's
 * "no error", as in the callback's Status) accept; `false`/`"false"`, any other number or text refuse.
 */
export function vgcaHandlerAccepted(upload: UploadOutcome): boolean {
  if (!upload.ok) return false;
  const body = upload.body;
  if (typeof body !== 'object' || body === null || !('Status' in body)) return true;
  const status = (body as { Status: unknown }).Status;
  const text = typeof status === 'string' ? status.trim().toLowerCase() : status;
  return text === true || text === 0 || text === '0' || text === 'true';
}

/** The handler took the signed file: where it keeps it, and the number and date written into the document. */
export function signedResult(outcome: SignOutcome, fileName: string): string {
  const { upload, issuance } = outcome;
  return vgcaResultJson({
    Status: VGCA_STATUS.ok,
    Message: '',
    FileName: field(upload.body, 'FileName') || fileName,
    FileServer: field(upload.body, 'FileServer'),
    DocumentNumber: issuance?.number ?? '',
    // Vietnamese pages write dates dd/MM/yyyy.
    DocumentDate: issuance ? formatVietnamDate(issuance.date) : '',
    Signer: outcome.signer,
    SigningTime: outcome.signedAt,
  });
}

/** Signed, but the handler refused the file: its HTTP status and its own reason. */
export function uploadRefusedResult(t: Translator, outcome: SignOutcome): string {
  const { upload } = outcome;
  const reason = field(upload.body, 'Message') || field(upload.body, 'error');
  const message = t.t('vgcaUploadRefused', String(upload.status), reason).trim();
  return vgcaResultJson({ Status: VGCA_STATUS.failed, Message: message, Signer: outcome.signer });
}

function fileResult(document: DocumentInPage, item: BatchItemResult | undefined, t: Translator): VgcaFileResult {
  const body = item?.portalBody;
  const ok = item?.state === 'done';
  const message = ok ? '' : field(body, 'Message') || item?.error?.message || t.t('vgcaCancelled');
  return {
    FileID: document.id,
    FileName: document.title,
    Status: ok ? VGCA_STATUS.ok : VGCA_STATUS.failed,
    Message: message.slice(0, 500),
    FileServer: field(body, 'FileServer'),
    FileSignedURL: body === undefined ? '' : JSON.stringify(body).slice(0, 4000),
  };
}

/** A vgca_sign_files run: every file's outcome in the page's order (a file never run counts as cancelled). */
export function filesResult(t: Translator, documents: DocumentInPage[], results: BatchItemResult[]): string {
  const files = documents.map((doc, index) =>
    fileResult(
      doc,
      results.find((r) => r.index === index),
      t,
    ),
  );
  const failed = files.filter((f) => f.Status !== VGCA_STATUS.ok).length;
  const status = failed === 0 ? VGCA_STATUS.ok : VGCA_STATUS.failed;
  const message = t.t('vgcaFilesDone', String(files.length - failed), String(files.length));
  return vgcaResultJson({ Status: status, Message: message, Files: files });
}

/** vgca_verify_pdf: one entry per signature, and the verdict in words. */
export function verifyResult(t: Translator, result: VerifyResult, fileName: string): string {
  const signatures: VgcaSignatureInfo[] = result.signatures.map((s) => ({
    SignerName: s.signer,
    SigningTime: s.signedAt ?? '',
    IsValid: verdictOf(s) === 'valid',
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
  return vgcaResultJson({ Status: status, Message: message, FileName: fileName, Signatures: signatures });
}

/** vgca_get_certinfo: the one certificate the user chose, in the shape token-login pages read. */
export function certInfoOf(cert: CertificateSummary): VgcaCertInfo {
  return {
    Subject: cert.subject,
    Issuer: cert.issuer,
    // The INTEGER's value in hex (no DER sign byte), as OpenSSL, .NET and browsers show it.
    SerialNumber: cert.serial.toUpperCase().replace(/^(00)+(?=.)/, ''),
    ValidFrom: vietnamIsoTime(cert.notBefore),
    ValidTo: vietnamIsoTime(cert.notAfter),
    Base64Data: cert.der ?? '',
  };
}
