/**
 * What a signature and its upload came to, as the dialog, the batch page, the recent list and a run's summary show
 * it, and which rows a run signs. Pure, so it is unit-tested; the actions do the I/O.
 */
import { type BatchEndResult, type ReceivedWarning, type SerializedError, serializeError } from '@kyso/shared';
import { bytesToBase64 } from '../common/base64';
import type {
  BatchItemResult,
  BatchPlanItem,
  BatchRunSummary,
  DocumentInPage,
  RecentSignature,
  UploadOutcome,
} from '../common/messages';
import { portalErrorText } from '../common/portal-answers';
import { vgcaHandlerAccepted } from './vgca/answers';

/**
 * Whether the portal took the file: HTTP success, and for a VGCA FileUploadHandler (which answers HTTP 200 either
 * way) no `Status` in its JSON that says otherwise; then its `Message` is the reason to show. The dialog, the batch
 * page, the recent list and the page all hear the same.
 */
export function portalVerdict(upload: UploadOutcome, vgcaHandler: boolean): UploadOutcome {
  if (!vgcaHandler) return upload;
  const ok = vgcaHandlerAccepted(upload);
  return { ...upload, ok, reason: ok ? undefined : upload.reason || portalErrorText(upload.body) || undefined };
}

/** The portal's own verdict on the uploaded file, when its answer gives one (`version.status.summary`). */
export function portalStatusOf(body: unknown): string | undefined {
  const summary = (body as { version?: { status?: { summary?: unknown } } } | null)?.version?.status?.summary;
  return typeof summary === 'string' ? summary.slice(0, 200) : undefined;
}

/** The popup's recent list: names only, never the document's content. */
export function recentOf(
  document: Pick<DocumentInPage, 'title' | 'fileName'>,
  pageUrl: string,
  signed: { signer: string; signedAt: string },
  upload: UploadOutcome,
): RecentSignature {
  return {
    at: signed.signedAt,
    title: document.title,
    fileName: document.fileName,
    signer: signed.signer,
    portal: new URL(pageUrl).origin,
    uploaded: upload.ok,
    status: portalStatusOf(upload.body),
  };
}

/** The rows a run signs: each asked row once, in the order asked, and only rows the batch has. */
export function rowsToSign(indexes: readonly number[], documentCount: number): number[] {
  return [...new Set(indexes)].filter((index) => Number.isInteger(index) && index >= 0 && index < documentCount);
}

/**
 * A signed row after its upload: done when the portal took it; otherwise failed, and the signed file stays on the
 * batch page (nothing is lost). A VGCA handler's answer goes along for the page's callback.
 */
export function uploadedItem(
  index: number,
  upload: UploadOutcome,
  signed: Uint8Array,
  warnings: ReceivedWarning[],
  vgcaHandler: boolean,
): BatchItemResult {
  const portalBody = vgcaHandler ? upload.body : undefined;
  const portalStatus = portalStatusOf(upload.body);
  if (upload.ok) return { index, state: 'done', portalStatus, warnings, portalBody };
  return {
    index,
    state: 'failed',
    uploadStatus: upload.status,
    signedBase64: bytesToBase64(signed),
    warnings,
    portalBody,
  };
}

/** A row that failed before or during its upload, with its reason (and the signed file when there is one). */
export function failedItem(index: number, error: unknown, signed?: Uint8Array): BatchItemResult {
  const item: BatchItemResult = { index, state: 'failed', error: serializeError(error) };
  if (signed) item.signedBase64 = bytesToBase64(signed);
  return item;
}

/** The run's counts: uploaded rows, signed rows (uploaded or kept on the page), failed rows. */
export function runSummary(
  results: BatchItemResult[],
  agent: BatchEndResult | undefined,
  startedAt: string,
  finishedAt: string,
): BatchRunSummary {
  const uploaded = results.filter((r) => r.state === 'done').length;
  const keptSigned = results.filter((r) => r.state !== 'done' && r.signedBase64).length;
  return {
    results,
    uploaded,
    signed: uploaded + keptSigned,
    failed: results.length - uploaded,
    agent,
    startedAt,
    finishedAt,
  };
}

/** The review list's row when its plan failed: the reason, and the page count and thumbnail when they are known. */
export function planFailure(index: number, error: unknown, bytes: Uint8Array | undefined): BatchPlanItem {
  const serialized: SerializedError = serializeError(error);
  const pageCount = serialized.details?.pageCount;
  return {
    index,
    error: serialized,
    pageCount: typeof pageCount === 'number' ? pageCount : undefined,
    pdfBase64: bytes ? bytesToBase64(bytes) : undefined,
  };
}
