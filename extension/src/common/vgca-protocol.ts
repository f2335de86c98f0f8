/**
 * The `vgca_*` compatibility shim: what the page, the content script and the background say to each other.
 *
 * VGCA's page API, as public portal code calls it (no official specification is published; sources are listed in
 * extension/README.md, "For vendors: the vgca_* shim"):
 *   vgca_sign_approved(JSON.stringify({ FileUploadHandler, SessionId, JWTToken, FileName, DocNumber, IssuedDate,
 *     MetaData: [{ Key, Value }] }), SignFileCallBack)
 * and the callback receives one JSON string: { Status: 0 (success) | other, Message, FileName, FileServer,
 * DocumentNumber, DocumentDate }. VGCA's own plugin sends the JSON string unchanged over one WebSocket per call to
 * wss://127.0.0.1:8987 and hands the first answer to the callback; its agent downloads FileName and posts the
 * signed file to FileUploadHandler as multipart (field `uploadfile`), whose JSON answer gives FileServer.
 *
 * Here: page (MAIN world) ──private MessagePort──> content script ──runtime message──> background.
 */
import { isErrorCode, type SerializedError } from '@kyso/shared';
import { z } from 'zod';
import type { Translator } from './i18n';
import { VGCA_FUNCTIONS, type VgcaFunction } from './vgca-names';

export { VGCA_CATALOGUE, VGCA_FUNCTIONS, type VgcaFunction } from './vgca-names';

export const vgcaFunction = z.enum(VGCA_FUNCTIONS as [VgcaFunction, ...VgcaFunction[]]);

const callId = z.string().regex(/^[0-9a-z]{1,40}$/);
/** A known function, or `unknown:<Path>` for a socket path VGCA's plugin does not have (answered and logged). */
const calledFunction = z.union([vgcaFunction, z.string().regex(/^unknown:[\w.-]{0,40}$/)]);
export type CalledFunction = z.infer<typeof calledFunction>;
/** VGCA's request string: a few URLs and a little metadata, or the text to sign (data.sign's limit, as UTF-16). */
const params = z.string().max(200_000);

/** MAIN-world script → content script, over their private MessagePort. */
export const pageCall = z.object({ callId, fn: calledFunction, params });

/** Content script → background (runtime messages; the page URL comes from the sender, never from these). */
export const vgcaRequest = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('vgca.call'),
    callId,
    fn: calledFunction,
    params,
    title: z.string().max(500),
    csrfToken: z.string().max(500).optional(),
  }),
]);
export type VgcaRequest = z.infer<typeof vgcaRequest>;
export type VgcaRequestOf<A extends VgcaRequest['action']> = Extract<VgcaRequest, { action: A }>;

/** What each `vgca.*` action answers. */
export interface VgcaReplies {
  /** `result`: VGCA's JSON answer when the call ends at once (refused); absent while the dialog is open. */
  'vgca.call': { result?: string };
}

export function isVgcaAction(message: unknown): boolean {
  const action = (message as { action?: unknown } | null)?.action;
  return typeof action === 'string' && action.startsWith('vgca.');
}

/** Background → content script, when the dialog ends a pending call (signed and uploaded, or closed). */
export interface VgcaResultEvent {
  event: 'vgca-result';
  callId: string;
  result: string;
}

/**
 * Status values of our answers. VGCA documents only `0` = success (pages test `Status == 0` and show `Message`);
 * the other numbers are ours, and `Code` carries our stable error code when there is one.
 */
export const VGCA_STATUS = { ok: 0, failed: 1, cancelled: 2, unsupported: 3 } as const;

export interface VgcaResult {
  Status: number;
  Message: string;
  FileName: string;
  FileServer: string;
  DocumentNumber: string;
  DocumentDate: string;
  Code?: string;
  Signer?: string;
  SigningTime?: string;
  /** vgca_sign_json / vgca_sign_msg / vgca_auth: base64 DER CMS SignedData over the UTF-8 text. */
  Signature?: string;
  /** Base64 DER of the signing certificate. */
  Certificate?: string;
  /** vgca_get_certinfo: the certificate the user chose. */
  CertInfo?: VgcaCertInfo;
  /** vgca_sign_files: one entry per file, in the page's order. */
  Files?: VgcaFileResult[];
  /** vgca_verify_pdf: one entry per signature. */
  Signatures?: VgcaSignatureInfo[];
  /** vgca_get_version. */
  Version?: string;
}

/** What token-login pages read (`CertInfo.Base64Data` as the serial they send, `Subject`, `ValidFrom`, `ValidTo`). */
export interface VgcaCertInfo {
  Subject: string;
  Issuer: string;
  SerialNumber: string;
  ValidFrom: string;
  ValidTo: string;
  Base64Data: string;
}

export interface VgcaFileResult {
  FileID: string;
  FileName: string;
  Status: number;
  Message: string;
  FileServer: string;
  /** The upload handler's answer, as a JSON string (pages parse it: `JSON.parse(FileSignedURL)`). */
  FileSignedURL: string;
}

export interface VgcaSignatureInfo {
  SignerName: string;
  SigningTime: string;
  IsValid: boolean;
  Integrity: boolean;
  CertificateTrusted: boolean;
  CoversWholeDocument: boolean;
}

/** The callback's argument: a JSON string, as VGCA's plugin passes it. */
export function vgcaResultJson(fields: Partial<VgcaResult> & Pick<VgcaResult, 'Status' | 'Message'>): string {
  const result: VgcaResult = { FileName: '', FileServer: '', DocumentNumber: '', DocumentDate: '', ...fields };
  return JSON.stringify(result);
}

/**
 * A failure (agent not running, session expired, a reply lost to a worker restart, …) as the page's answer: the
 * user's text for its stable code, and the code itself. The content script and the background answer alike.
 */
export function vgcaErrorResult(t: Translator, error: unknown): string {
  const serialized = error as Partial<SerializedError>;
  const code = typeof serialized?.code === 'string' && isErrorCode(serialized.code) ? serialized.code : undefined;
  const text = code ? t.error({ code, message: '', messageEn: '' }) : String((error as Error)?.message ?? error);
  return vgcaResultJson({ Status: VGCA_STATUS.failed, Message: t.t('vgcaFailed', text), Code: code });
}
