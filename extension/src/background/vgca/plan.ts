/**
 * What a page's `vgca_*` call asks for, checked before anything is fetched: the function's profile, the document
 * and the upload address (both on the page's own origin), or the reason it is refused. Pure, so it is unit-tested.
 *
 * Mapping (roles from Decree 30/2020/NĐ-CP Appendix I and IV):
 *   vgca_sign_approved → leader · vgca_sign_issued → organization (with DocNumber: the clerk's issuance, DocNumber
 *   → number and IssuedDate → date, dd/MM/yyyy or yyyy-MM-dd, today in Vietnam when absent) · vgca_sign_appendix →
 *   appendix · vgca_sign_copy → copy · vgca_sign_income → income (the "ĐẾN" mark; DocNumber, when given, is the
 *   incoming number) · vgca_comment → custom (public portals call it to sign a comment's file or add the
 *   commenter's signature to a document: a personal signature the user places) · vgca_sign_pdf, vgca_sign_file →
 *   the generic signing VGCA's plugin offers: the user picks leader, organization or custom in the dialog; with a
 *   DocNumber they are the clerk's issuance (public portals route issuance through vgca_sign_file).
 */
import type { ProfileName } from '@kyso/shared';
import { z } from 'zod';
import type { AdapterRecipe } from '../../common/adapter';
import { type DocumentInPage, MAX_BATCH_DOCUMENTS } from '../../common/messages';
import { type CalledFunction, VGCA_STATUS, type VgcaFunction } from '../../common/vgca-protocol';
import { type Issuance, parseIssuedDate, vietnamToday } from '../issuance';

/**
 * VGCA's parameters. SessionId and JWTToken are for VGCA's agent, which runs outside the browser; we download and
 * upload with the browser's own session, so they are accepted and ignored (never turned into cookies or headers).
 */
const vgcaParams = z.object({
  FileUploadHandler: z.string().max(2000).optional(),
  FileName: z.string().max(2000).optional(),
  SessionId: z.unknown().optional(),
  JWTToken: z.unknown().optional(),
  DocNumber: z.unknown().optional(),
  IssuedDate: z.unknown().optional(),
  MetaData: z.unknown().optional(),
});

export interface VgcaRefusal {
  /** A `_locales` key; `args` fill its `$1`, `$2`. */
  refuse: string;
  args?: string[];
  status?: number;
}

export interface VgcaPlan {
  /** The dialog offers these, the first chosen. */
  profiles: ProfileName[];
  fileUrl: string;
  uploadUrl: string;
  fileName: string;
  /** `vgca_sign_issued` with a DocNumber: the number and date written with the organisation's signature. */
  issuance?: Issuance;
  /** The number in the profile's text: the appendix's document number, or the incoming number of the "ĐẾN" mark. */
  appendixNumber?: string;
}

/** The functions that sign one PDF, and the profiles each offers. */
export const PDF_PROFILES = {
  vgca_sign_approved: ['leader'],
  vgca_sign_issued: ['organization'],
  vgca_sign_income: ['income'],
  vgca_sign_appendix: ['appendix'],
  vgca_sign_copy: ['copy'],
  vgca_comment: ['custom'],
  vgca_sign_pdf: ['leader', 'organization', 'custom'],
  vgca_sign_file: ['leader', 'organization', 'custom'],
} as const satisfies Partial<Record<VgcaFunction, readonly ProfileName[]>>;
export type PdfFunction = keyof typeof PDF_PROFILES;

export function isPdfFunction(fn: string): fn is PdfFunction {
  return Object.hasOwn(PDF_PROFILES, fn);
}

/** Functions answered "not supported", with the reason the page's user reads (a `_locales` key). */
const UNSUPPORTED: Partial<Record<VgcaFunction, string>> = {
  vgca_sign_hash: 'vgcaHashRefused',
  vgca_sign_xml: 'vgcaXmlUnsupported',
  vgca_verify_xml: 'vgcaXmlUnsupported',
  vgca_sign_office: 'vgcaOfficeUnsupported',
  vgca_verify_office: 'vgcaOfficeUnsupported',
  vgca_sign_pdfwp: 'vgcaP12Unsupported',
  vgca_sign_xml_wp12: 'vgcaP12Unsupported',
  vgca_verify_json: 'vgcaVerifyDataUnsupported',
  vgca_verify_msg: 'vgcaVerifyDataUnsupported',
  vgca_license_request: 'vgcaLicenseUnsupported',
};

/** Why a function is answered "not supported" (an unknown name, or one we do not offer), or undefined. */
export function unsupportedRefusal(fn: CalledFunction): VgcaRefusal | undefined {
  const status = VGCA_STATUS.unsupported;
  if (fn.startsWith('unknown:')) return { refuse: 'vgcaUnknownFunction', args: [fn.slice(8)], status };
  const reason = UNSUPPORTED[fn as VgcaFunction];
  return reason ? { refuse: reason, args: [fn], status } : undefined;
}

/** Functions that issue: their DocNumber and IssuedDate are the clerk's number and date. */
const ISSUING: ReadonlySet<string> = new Set(['vgca_sign_issued', 'vgca_sign_pdf', 'vgca_sign_file']);

/** A number or string the page passed (some pages pass objects by mistake: those count as absent). */
function textOf(value: unknown): string {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' ? value.trim().slice(0, 100) : '';
}

/** A same-origin http(s) URL, `empty`, or `foreign` (with what to show the user). */
function onPageOrigin(value: string | undefined, pageUrl: string): URL | 'empty' | { foreign: string } {
  const text = (value ?? '').trim(); // public portal code passes " http://…" with a stray space
  if (!text) return 'empty';
  let url: URL;
  try {
    url = new URL(text, pageUrl);
  } catch {
    return { foreign: text.slice(0, 100) };
  }
  const sameOrigin = url.origin === new URL(pageUrl).origin && /^https?:$/.test(url.protocol);
  return sameOrigin ? url : { foreign: url.protocol.startsWith('http') ? url.origin : text.slice(0, 100) };
}

export function fileNameOfUrl(url: URL): string {
  let last = url.pathname.split('/').pop() ?? '';
  try {
    last = decodeURIComponent(last);
  } catch {
    // keep it encoded
  }
  return /\.pdf$/i.test(last) ? last.slice(-255) : 'van-ban.pdf';
}

/** The clerk's issuance of a `vgca_sign_issued` call: none without a DocNumber; a date that is no date is refused. */
function issuanceOfCall(docNumber: string, issuedDate: string, now: Date): Issuance | undefined | VgcaRefusal {
  if (!docNumber) return undefined;
  if (!issuedDate) return { number: docNumber, date: vietnamToday(now) };
  const date = parseIssuedDate(issuedDate);
  return date ? { number: docNumber, date } : { refuse: 'vgcaBadIssuedDate', args: [issuedDate] };
}

/** A same-origin document address from the page (FileName, Files[].URL), or why it is refused. */
export function sameOriginFile(value: string | undefined, pageUrl: string): URL | VgcaRefusal {
  const file = onPageOrigin(value, pageUrl);
  if (file === 'empty') return { refuse: 'vgcaNoFile' };
  return file instanceof URL ? file : { refuse: 'vgcaForeignFile', args: [file.foreign] };
}

export function planVgcaCall(
  fn: PdfFunction,
  paramsText: string,
  pageUrl: string,
  now = new Date(),
): VgcaPlan | VgcaRefusal {
  let json: unknown;
  try {
    json = JSON.parse(paramsText);
  } catch {
    return { refuse: 'vgcaBadParams' };
  }
  const parsed = vgcaParams.safeParse(json);
  if (!parsed.success) return { refuse: 'vgcaBadParams' };
  const params = parsed.data;
  const issuance = ISSUING.has(fn)
    ? issuanceOfCall(textOf(params.DocNumber), textOf(params.IssuedDate), now)
    : undefined;
  if (issuance && 'refuse' in issuance) return issuance;
  const file = sameOriginFile(params.FileName, pageUrl);
  if (!(file instanceof URL)) return file;
  const upload = onPageOrigin(params.FileUploadHandler, pageUrl);
  if (upload === 'empty') return { refuse: 'vgcaNoUploadHandler' };
  if (!(upload instanceof URL)) return { refuse: 'vgcaForeignUpload', args: [upload.foreign] };
  const profiles: ProfileName[] = issuance ? ['organization'] : [...PDF_PROFILES[fn]];
  const numbered = fn === 'vgca_sign_appendix' || fn === 'vgca_sign_income';
  const appendixNumber = numbered ? textOf(params.DocNumber) : '';
  return {
    profiles,
    fileUrl: file.href,
    uploadUrl: upload.href,
    fileName: fileNameOfUrl(file),
    ...(issuance ? { issuance } : {}),
    ...(appendixNumber ? { appendixNumber } : {}),
  };
}

/**
 * The page's recipe with its upload replaced by the call's FileUploadHandler (already checked: same origin), posted
 * the way VGCA's agent posts: multipart, the shim's file field, plus the call's own fields (vgca_sign_files: FileID).
 */
export function handlerUpload(
  recipe: AdapterRecipe,
  handlerUrl: string,
  fileField: string,
  extraFields: Record<string, string> = {},
): AdapterRecipe {
  // Braces would read as template placeholders (`{id}`); a query may keep them, so encode them.
  const urlTemplate = handlerUrl.replace(/\{/g, '%7B').replace(/\}/g, '%7D');
  return { ...recipe, upload: { urlTemplate, method: 'POST', fileField, extraFields, csrf: recipe.upload.csrf } };
}

interface FileParam {
  FileID?: unknown;
  FileName?: unknown;
  URL?: unknown;
}

const fileText = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** The page's files as batch documents (same origin only), or why the call is refused. */
export function planFilesCall(
  paramsText: string,
  pageUrl: string,
): { handler: URL; documents: DocumentInPage[] } | VgcaRefusal {
  let params: { FileUploadHandler?: unknown; Files?: unknown };
  try {
    params = JSON.parse(paramsText) as typeof params;
  } catch {
    return { refuse: 'vgcaBadParams' };
  }
  const files = Array.isArray(params?.Files) ? (params.Files as FileParam[]) : [];
  if (files.length === 0 || files.length > MAX_BATCH_DOCUMENTS) return { refuse: 'vgcaBadParams' };
  const handler = sameOriginFile(fileText(params.FileUploadHandler), pageUrl);
  if (!(handler instanceof URL)) {
    return 'args' in handler ? { refuse: 'vgcaForeignUpload', args: handler.args } : { refuse: 'vgcaNoUploadHandler' };
  }
  const documents: DocumentInPage[] = [];
  for (const [index, file] of files.entries()) {
    const url = sameOriginFile(fileText(file.URL) || fileText(file.FileName), pageUrl);
    if (!(url instanceof URL)) return url;
    const id = (fileText(file.FileID) || String(index)).slice(0, 200);
    const title = (fileText(file.FileName) || fileNameOfUrl(url)).slice(0, 500);
    documents.push({ url: url.href, id, title, fileName: fileNameOfUrl(url) });
  }
  return { handler, documents };
}
