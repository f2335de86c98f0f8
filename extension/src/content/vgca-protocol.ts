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
 * Here: page (MAIN world) ──window.postMessage + channel──> content script ──runtime message──> background.
 */
import { z } from 'zod';

/** VGCA's role functions (shared/DOMAIN.md); the shim defines exactly these on `window`. */
export const VGCA_FUNCTIONS = [
  'vgca_sign_approved',
  'vgca_sign_issued',
  'vgca_sign_income',
  'vgca_sign_appendix',
  'vgca_sign_copy',
  'vgca_comment',
  'vgca_sign_files',
] as const;
export const vgcaFunction = z.enum(VGCA_FUNCTIONS);
export type VgcaFunction = z.infer<typeof vgcaFunction>;

export const CALL_TYPE = 'kyso-vgca-call';
export const RESULT_TYPE = 'kyso-vgca-result';

const channel = z.string().regex(/^[0-9a-f]{32}$/);
const callId = z.string().regex(/^[0-9a-z]{1,40}$/);
/** VGCA's parameter string (a few URLs and a little metadata). */
const params = z.string().max(20_000);

/** Page → content script (window.postMessage). */
export const pageCall = z.object({ type: z.literal(CALL_TYPE), channel, callId, fn: vgcaFunction, params });

/** Content script → background (runtime messages; the page URL comes from the sender, never from these). */
export const vgcaRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('vgca.install'), channel }),
  z.object({
    action: z.literal('vgca.call'),
    callId,
    fn: vgcaFunction,
    params,
    title: z.string().max(500),
    csrfToken: z.string().max(500).optional(),
  }),
]);
export type VgcaRequest = z.infer<typeof vgcaRequest>;
export type VgcaRequestOf<A extends VgcaRequest['action']> = Extract<VgcaRequest, { action: A }>;

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
}

/** The callback's argument: a JSON string, as VGCA's plugin passes it. */
export function vgcaResultJson(fields: Partial<VgcaResult> & Pick<VgcaResult, 'Status' | 'Message'>): string {
  const result: VgcaResult = { FileName: '', FileServer: '', DocumentNumber: '', DocumentDate: '', ...fields };
  return JSON.stringify(result);
}
