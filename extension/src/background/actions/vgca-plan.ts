/**
 * What a page's `vgca_*` call asks for, checked before anything is fetched: the function's profile, the document
 * and the upload address (both on the page's own origin), or the reason it is refused. Pure, so it is unit-tested.
 *
 * Mapping (roles from shared/DOMAIN.md, Decree 30 Appendix I):
 *   vgca_sign_approved → leader · vgca_sign_issued → organization (with DocNumber: the clerk's issuance, DocNumber
 *   → number and IssuedDate → date, dd/MM/yyyy or yyyy-MM-dd, today in Vietnam when absent) · vgca_sign_appendix →
 *   appendix · vgca_sign_copy → copy ·
 *   vgca_sign_income, vgca_comment, vgca_sign_files → refused as not supported (no profile / batch is its own flow).
 */
import type { ProfileName } from '@kyso/shared';
import { z } from 'zod';
import { VGCA_STATUS, type VgcaFunction } from '../../content/vgca-protocol';
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
  profile: ProfileName;
  fileUrl: string;
  uploadUrl: string;
  fileName: string;
  /** `vgca_sign_issued` with a DocNumber: the number and date written with the organisation's signature. */
  issuance?: Issuance;
  /** `vgca_sign_appendix` with a DocNumber: the number of the document the appendix belongs to (its text). */
  appendixNumber?: string;
}

const PROFILES: Partial<Record<VgcaFunction, ProfileName>> = {
  vgca_sign_approved: 'leader',
  vgca_sign_issued: 'organization',
  vgca_sign_appendix: 'appendix',
  vgca_sign_copy: 'copy',
};

const UNSUPPORTED: Partial<Record<VgcaFunction, string>> = {
  vgca_sign_income: 'vgcaIncomeUnsupported',
  vgca_comment: 'vgcaCommentUnsupported',
  vgca_sign_files: 'vgcaFilesUnsupported',
};

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

function fileNameOf(url: URL): string {
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

export function planVgcaCall(
  fn: VgcaFunction,
  paramsText: string,
  pageUrl: string,
  now = new Date(),
): VgcaPlan | VgcaRefusal {
  const unsupported = UNSUPPORTED[fn];
  if (unsupported) return { refuse: unsupported, status: VGCA_STATUS.unsupported };
  let json: unknown;
  try {
    json = JSON.parse(paramsText);
  } catch {
    return { refuse: 'vgcaBadParams' };
  }
  const parsed = vgcaParams.safeParse(json);
  if (!parsed.success) return { refuse: 'vgcaBadParams' };
  const params = parsed.data;
  const issuance =
    fn === 'vgca_sign_issued' ? issuanceOfCall(textOf(params.DocNumber), textOf(params.IssuedDate), now) : undefined;
  if (issuance && 'refuse' in issuance) return issuance;
  const file = onPageOrigin(params.FileName, pageUrl);
  if (file === 'empty') return { refuse: 'vgcaNoFile' };
  if (!(file instanceof URL)) return { refuse: 'vgcaForeignFile', args: [file.foreign] };
  const upload = onPageOrigin(params.FileUploadHandler, pageUrl);
  if (upload === 'empty') return { refuse: 'vgcaNoUploadHandler' };
  if (!(upload instanceof URL)) return { refuse: 'vgcaForeignUpload', args: [upload.foreign] };
  const profile = PROFILES[fn];
  if (!profile) return { refuse: 'vgcaBadParams' };
  const appendixNumber = fn === 'vgca_sign_appendix' ? textOf(params.DocNumber) : '';
  return {
    profile,
    fileUrl: file.href,
    uploadUrl: upload.href,
    fileName: fileNameOf(file),
    ...(issuance ? { issuance } : {}),
    ...(appendixNumber ? { appendixNumber } : {}),
  };
}
