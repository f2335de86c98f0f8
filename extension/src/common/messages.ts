/**
 * Messages from the content script and the extension pages to the background worker: one schema per action,
 * checked on arrival (web-eid dispatches by action; we also validate, it did not). Replies are
 * `{ ok: true, value }` or `{ ok: false, error: SerializedError }`, never a thrown exception across the boundary.
 */
import {
  type BatchEndResult,
  type CertificateSummary,
  certificateRef,
  DEFAULT_LIMITS,
  type HelloResult,
  type PlanResult,
  type ProfileName,
  pin,
  placement,
  profileName,
  type ReceivedWarning,
  type SerializedError,
  type TokenInfo,
  type VerifyResult,
} from '@kyso/shared';
import { z } from 'zod';
import type { AdapterRecipe } from './adapter';
import type { Texts } from './i18n';
import type { Language } from './settings';
import type { VgcaFunction } from './vgca-protocol';

// Certificates, placements and PINs are the agent protocol's own schemas: one set of limits on both hops.
const jobId = z.string().max(64);
/** The page's address after a single-page app's own navigation (checked against the sender's origin). */
const pageUrl = z.string().url().max(2000).optional();
/** A batch's documents: one portal list page (vgca_sign_files pages are held to it too). */
export const MAX_BATCH_DOCUMENTS = 200;
/** The agent's document limit, as base64 text (4 characters per 3 bytes). */
const pdfBase64 = z.string().max(Math.ceil(DEFAULT_LIMITS.maxDocumentBytes / 3) * 4);

export const documentInPage = z.object({
  /** Absolute URL, already resolved by the content script from the recipe. */
  url: z.string().url().max(2000),
  id: z.string().max(200),
  title: z.string().max(500),
  fileName: z.string().max(255),
  /** The profiles the portal allows for this user and document (row attribute); absent → the recipe's. */
  profiles: z.array(profileName).max(5).optional(),
  /** The number the portal assigned (clerk's list): written into "Số: …" by a batch issuance. */
  issueNumber: z.string().max(100).optional(),
  /** The row's values the recipe's upload templates use (`id`, `name`, `attr:…`, named values), bounded. */
  values: z
    .record(z.string().max(100), z.string().max(1000))
    .refine((values) => Object.keys(values).length <= 64, 'too many values')
    .optional(),
});
export type DocumentInPage = z.infer<typeof documentInPage>;

export const requestSchema = z.discriminatedUnion('action', [
  // From the content script (the page's origin comes from the sender, never from these fields).
  z.object({ action: z.literal('adapter.forPage'), pageUrl }),
  z.object({
    action: z.literal('signing.start'),
    document: documentInPage,
    csrfToken: z.string().max(500).optional(),
    pageUrl,
  }),
  // "Kiểm tra chữ ký" on a row: the verify view opens on the row's PDF (the portal's own file, nothing signed).
  z.object({
    action: z.literal('verify.start'),
    document: documentInPage,
    pageUrl,
  }),
  // From the extension pages (dialog, popup, options).
  z.object({ action: z.literal('ui.texts') }),
  z.object({ action: z.literal('agent.status') }),
  z.object({ action: z.literal('job.get'), jobId }),
  z.object({ action: z.literal('job.certificates'), jobId }),
  z.object({
    action: z.literal('job.sign'),
    jobId,
    certificate: certificateRef,
    // The PIN lives only in this message and the agent request; it is never stored or logged.
    pin: pin.optional(),
    placement,
    profile: profileName.optional(),
  }),
  z.object({ action: z.literal('job.cancel'), jobId }),
  // The window of a page's vgca_sign_json / vgca_sign_msg / vgca_auth (text) or vgca_get_certinfo (certificate).
  z.object({ action: z.literal('data.get'), jobId }),
  // Signs the text kept in the background for this window (never text the window sends).
  z.object({
    action: z.literal('data.sign'),
    jobId,
    certificate: certificateRef,
    pin: pin.optional(),
  }),
  z.object({ action: z.literal('certificate.choose'), jobId, certificate: certificateRef }),
  z.object({ action: z.literal('recent.list') }),
  z.object({ action: z.literal('job.plan'), jobId, profile: profileName, signerName: z.string().max(200).optional() }),
  // The verify view: a PDF the user picked, dropped or opened, checked by the agent (nothing is sent anywhere else).
  z.object({ action: z.literal('pdf.verify'), pdfBase64, name: z.string().max(300) }),
  // Batch issuance: from the content script (start), then from the batch page.
  z.object({
    action: z.literal('batch.start'),
    documents: z.array(documentInPage).min(1).max(MAX_BATCH_DOCUMENTS),
    csrfToken: z.string().max(500).optional(),
    pageUrl,
  }),
  z.object({ action: z.literal('batch.get'), batchId: jobId }),
  z.object({
    action: z.literal('batch.plan'),
    batchId: jobId,
    index: z
      .number()
      .int()
      .min(0)
      .max(MAX_BATCH_DOCUMENTS - 1),
    // The chosen certificate's names: the leader profile finds the signer block by the name (the agent signs with it).
    signerName: z.string().max(200).optional(),
    organization: z.string().max(200).optional(),
  }),
  z.object({
    action: z.literal('batch.run'),
    batchId: jobId,
    certificate: certificateRef,
    // One PIN for the whole batch: it lives in this message and the agent's batch.begin only.
    pin: pin.optional(),
    indexes: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(MAX_BATCH_DOCUMENTS - 1),
      )
      .min(1)
      .max(MAX_BATCH_DOCUMENTS),
  }),
  z.object({ action: z.literal('batch.stop'), batchId: jobId }),
]);

export type Request = z.infer<typeof requestSchema>;
export type Action = Request['action'];
export type RequestOf<A extends Action> = Extract<Request, { action: A }>;

export type Reply<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

// ---- What each action answers (the background's actions are typed against this map; `ask` reads it) ----

export interface ActionReplies {
  'adapter.forPage': PageAdapter | null;
  'signing.start': { jobId: string };
  'verify.start': Record<string, never>;
  'ui.texts': { lang: Language; texts: Texts };
  'agent.status': AgentStatus;
  'job.get': JobView;
  'job.certificates': CertificateChoice;
  'job.sign': SignOutcome;
  'job.cancel': { cancelled: true };
  'data.get': DataWindowView;
  'data.sign': { signer: string; signedAt: string };
  'certificate.choose': { subject: string };
  'recent.list': RecentSignature[];
  'job.plan': PlanResult;
  'pdf.verify': VerifyResult;
  'batch.start': { batchId: string };
  'batch.get': BatchView;
  'batch.plan': BatchPlanItem;
  'batch.run': BatchRunSummary;
  'batch.stop': { stopping: true };
}
export type ReplyOf<A extends Action> = ActionReplies[A];

/** The recipe of the page's portal, for the content script (null: no adapter, the script does nothing). */
export interface PageAdapter {
  recipe: AdapterRecipe;
  texts: Texts;
  lang: Language;
}

/** Popup: is the agent there, which version, which tokens and certificates. Errors are part of the answer. */
export interface AgentStatus {
  port: number;
  connected: boolean;
  hello?: HelloResult;
  tokens: TokenInfo[];
  certificates: CertificateSummary[];
  error?: SerializedError;
}

/** The document's number and date as the agent writes them. */
export interface Issuance {
  number: string;
  /** YYYY-MM-DD (the agent's format). */
  date: string;
}

export interface JobView {
  jobId: string;
  title: string;
  fileName: string;
  portal: string;
  profiles: ProfileName[];
  /** The number and date the signature will write (read-only in the dialog). */
  issuance?: Issuance;
  /** Base64: runtime messages are JSON, and a few MB of base64 is fine for one dialog. */
  pdfBase64: string;
}

/** The data window of a page's `vgca_*` call: what it asks (text to sign, or a certificate) and for whom. */
export interface DataWindowView {
  kind: 'sign' | 'certificate';
  fn: VgcaFunction;
  origin: string;
  title: string;
  /** The exact text signed as UTF-8 (sign only). */
  content?: string;
  attached?: boolean;
}

/** Dialog: the certificates the agent can sign with, and their tokens (for PIN-retry warnings up front). */
export interface CertificateChoice {
  certificates: CertificateSummary[];
  tokens: TokenInfo[];
}

export interface UploadOutcome {
  ok: boolean;
  status: number;
  /** The portal's answer (JSON when it sends JSON), shown in the dialog. */
  body: unknown;
  /** The portal's reason when it refused (its JSON `message`, `Message`, `error`, `detail`, `errors[]` …). */
  reason?: string;
}

export interface SignOutcome {
  signer: string;
  signedAt: string;
  upload: UploadOutcome;
  /** The signed PDF: to open or save from the dialog (and not lose it when the portal refused the upload). */
  signedBase64?: string;
  /** The number and date written into the document (the clerk's issuance), when there were. */
  issuance?: Issuance;
  /** The agent's coded warnings: signed, but the user should know (incomplete chain, no time-stamp, …). */
  warnings: ReceivedWarning[];
}

export interface BatchView {
  batchId: string;
  portal: string;
  profile: ProfileName;
  documents: DocumentInPage[];
  /** The issue date the clerk's step writes (today in Vietnam), when the recipe gives numbers. */
  issueDate?: string;
}

export interface BatchPlanItem {
  index: number;
  plan?: PlanResult;
  error?: SerializedError;
  /** Known even when the placement is not (from the error's details). */
  pageCount?: number;
  /** The reviewed bytes (base64) for the review's first-page thumbnail: the same bytes the run signs. */
  pdfBase64?: string;
}

export interface BatchRunSummary {
  results: BatchItemResult[];
  signed: number;
  uploaded: number;
  failed: number;
  agent?: BatchEndResult;
  startedAt: string;
  finishedAt: string;
}

/** Pushed by the background to extension pages and tabs (no reply expected). */
export type BackgroundEvent =
  | { event: 'progress'; jobId: string; stage: string; percent?: number }
  | { event: 'signed'; documentUrl: string; ok: boolean }
  | { event: 'batch-item'; batchId: string; item: BatchItemResult };

export type BatchItemState = 'waiting' | 'downloading' | 'signing' | 'uploading' | 'done' | 'failed';

/** One document of a batch run, as the batch page shows it. */
export interface BatchItemResult {
  index: number;
  state: BatchItemState;
  error?: SerializedError;
  /** The portal refused the upload: its HTTP status (the signed file is kept in `signedBase64`). */
  uploadStatus?: number;
  signedBase64?: string;
  /** The portal's answer to the upload (JSON), for a page's vgca_sign_files. */
  portalBody?: unknown;
  /** The portal's own verdict on the uploaded file, when it gives one. */
  portalStatus?: string;
  /** The agent's coded warnings for a signed document (incomplete chain, no time-stamp, …). */
  warnings?: ReceivedWarning[];
}

export interface RecentSignature {
  at: string;
  title: string;
  fileName: string;
  signer: string;
  portal: string;
  uploaded: boolean;
  status?: string;
}
