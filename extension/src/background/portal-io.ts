/**
 * Talks to the portal with the user's own session: the worker's fetch carries the portal's cookies (even HttpOnly,
 * SameSite=Strict) because the portal is in host_permissions. The agent never sees portal URLs or credentials.
 */
import { DEFAULT_LIMITS, KysoError } from '@kyso/shared';
import type { UploadOutcome } from '../common/messages';
import { fileNameFromContentDisposition, portalErrorText } from '../common/portal-answers';
import { isProblem, uploadTarget } from '../common/upload-target';
import type { SigningJob } from './signing-job';

export type { UploadOutcome };

/** What the latest downloads said about their file (name, headers), by URL; a few only. */
const downloadNotes = new Map<string, { fileName?: string; headers: Headers }>();
// A batch holds up to 200 documents, all downloaded for its review before the first upload.
const MAX_NOTES = 200;

function noteDownload(url: string, headers: Headers): void {
  downloadNotes.delete(url);
  downloadNotes.set(url, { fileName: fileNameFromContentDisposition(headers.get('content-disposition')), headers });
  for (const key of downloadNotes.keys()) {
    if (downloadNotes.size <= MAX_NOTES) break;
    downloadNotes.delete(key);
  }
}

/**
 * What the job's download said, kept with the job: the portal's file name (Content-Disposition; the signed file
 * goes back under it) and a CSRF token the recipe takes from a response header. Returns whether the job changed.
 */
export function applyDownloadNotes(job: SigningJob): boolean {
  const notes = downloadNotes.get(job.document.url);
  if (!notes) return false;
  const header = job.recipe.upload.csrf?.responseHeader;
  const token = header ? notes.headers.get(header)?.slice(0, 500) : undefined;
  const named = notes.fileName && !job.recipe.upload.fileNameTemplate ? notes.fileName : undefined;
  let changed = false;
  if (token && token !== job.csrfToken) {
    job.csrfToken = token;
    changed = true;
  }
  if (named && named !== job.document.fileName) {
    job.document = { ...job.document, fileName: named, values: { ...job.document.values, name: named } };
    changed = true;
  }
  return changed;
}

/**
 * The PDF with the user's session. No redirect is followed (`redirect: 'manual'`): a portal URL that answers 3xx
 * could otherwise lead the extension to another site in its host permissions, with that site's cookies, and that
 * site's file would be signed and uploaded to the portal. Recipes name the document's final address instead.
 */
export async function downloadPdf(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'include', cache: 'no-store', redirect: 'manual' });
  } catch (cause) {
    throw new KysoError('INPUT_NOT_FOUND', { url, reason: String(cause) });
  }
  // Fetch hides a manual redirect's status and Location: an opaque answer with status 0.
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    throw new KysoError('DOCUMENT_REDIRECTED', { url });
  }
  if (!response.ok) throw new KysoError('INPUT_NOT_FOUND', { url, status: response.status });
  const bytes = new Uint8Array(await response.arrayBuffer());
  // The agent's default document limit (it announces the configured one in hello).
  if (bytes.length > DEFAULT_LIMITS.maxDocumentBytes) throw new KysoError('PAYLOAD_TOO_LARGE', { bytes: bytes.length });
  if (new TextDecoder().decode(bytes.subarray(0, 1024)).indexOf('%PDF-') < 0) {
    // A login page instead of the PDF usually means the session expired.
    throw new KysoError('PDF_MALFORMED', { url, contentType: response.headers.get('content-type') });
  }
  noteDownload(url, response.headers);
  return bytes;
}

function templateValues(job: SigningJob): Record<string, string> {
  return { ...job.document.values, id: job.document.id, name: job.document.fileName };
}

/** Uploads through the recipe: multipart form, CSRF token as field and/or header, same origin as the page. */
export async function uploadSigned(job: SigningJob, signed: Uint8Array): Promise<UploadOutcome> {
  const { upload } = job.recipe;
  const target = uploadTarget(job.recipe, templateValues(job), job.pageUrl);
  if (isProblem(target)) throw new KysoError('CONFIG_INVALID', { field: target.field, reason: target.reason });
  const form = new FormData();
  for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
  const headers: Record<string, string> = {};
  if (upload.csrf && job.csrfToken) {
    if (upload.csrf.field) form.append(upload.csrf.field, job.csrfToken);
    if (upload.csrf.header) headers[upload.csrf.header] = job.csrfToken;
  }
  form.append(upload.fileField, new Blob([signed as BlobPart], { type: 'application/pdf' }), target.fileName);
  const response = await fetch(target.url, { method: target.method, body: form, headers, credentials: 'include' });
  const text = await response.text();
  let body: unknown = text.slice(0, 2000);
  try {
    body = JSON.parse(text);
  } catch {
    // Portals that answer with HTML: keep the beginning for the dialog.
  }
  const reason = response.ok ? undefined : portalErrorText(body) || undefined;
  return { ok: response.ok, status: response.status, body, reason };
}
