/**
 * The agent's WebSocket protocol, defined once: JSON-RPC 2.0 in text frames, document bytes in binary frames.
 *
 * A binary frame is `[4-byte big-endian header length][UTF-8 JSON header {"blob":"<id>"}][bytes]`; a JSON
 * message refers to it as `{ "blob": "<id>" }`. Blobs are per connection, used once, and size-limited.
 * Both sides validate every message with these schemas (web-eid: typed messages; Autogram: self-validating bodies).
 */
import { z } from 'zod';
import { COPY_TYPES } from './profiles';
import type { Warning } from './warnings';

export const PROTOCOL_VERSION = 1;
/** The only WebSocket path the agent answers; any other path gets HTTP 404. */
export const AGENT_PATH = '/';
/** Default port: fixed and documented so policies and firewalls can name it. */
export const DEFAULT_AGENT_PORT = 8765;
/** Limits the agent announces in `hello` and enforces. */
export const DEFAULT_LIMITS = {
  maxDocumentBytes: 100 * 1024 * 1024,
  maxTextFrameBytes: 1024 * 1024,
  maxMessagesPerSecond: 200,
  maxConcurrentOperations: 8,
  idleTimeoutMs: 10 * 60 * 1000,
} as const;

/** `data.sign`: a comment or an opinion, not a document (documents are PDFs and go through `pdf.sign`). */
export const DATA_SIGN_MAX_CHARS = 64 * 1024;

const blobRef = z.object({ blob: z.string().min(1).max(64) });
export type BlobRef = z.infer<typeof blobRef>;

const documentRef = blobRef.extend({ name: z.string().max(255).default('document.pdf') });
export type DocumentRef = z.infer<typeof documentRef>;

const certificateRef = z.object({
  /** Token id from `tokens.list` (module + serial), stable across slot renumbering. */
  token: z.string().min(1).max(200),
  /** CKA_ID as hex, or the certificate's SHA-256 fingerprint when the token's ids are empty or duplicated. */
  id: z
    .string()
    .regex(/^[0-9a-fA-F]*$/)
    .max(200),
});
export type CertificateRef = z.infer<typeof certificateRef>;

const rect = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().positive().max(14400),
  height: z.number().positive().max(14400),
});

export const profileName = z.enum(['leader', 'organization', 'appendix', 'copy', 'income', 'custom']);
export type ProfileName = z.infer<typeof profileName>;

const placement = z.union([
  z.object({ invisible: z.literal(true) }),
  z.object({
    /** 1-based page number, as users count; -1 means the last page. */
    page: z
      .number()
      .int()
      .refine((n) => n >= 1 || n === -1, 'page must be ≥ 1 or -1'),
    /** Points from the bottom-left of the visible page; absent → the profile places it. */
    rect: rect.optional(),
  }),
]);
export type Placement = z.infer<typeof placement>;

const appearance = z.object({
  image: blobRef.optional(),
  text: z.array(z.string().max(500)).max(10).optional(),
});

/** A PIN crosses the wire only inside the request that needs it; the agent drops it after one C_Login. */
const pin = z.string().min(1).max(64);

const signOptions = z.object({
  document: documentRef,
  placement: placement.default({ invisible: true }),
  appearance: appearance.optional(),
  profile: profileName.optional(),
  reason: z.string().max(200).optional(),
  location: z.string().max(200).optional(),
  /** Options of the profile: the seal's real size, the copy type, the appendix's document number, own text lines. */
  profileOptions: z
    .object({
      sealMm: z.number().min(5).max(100).optional(),
      copyType: z.enum(COPY_TYPES).optional(),
      number: z.string().max(100).optional(),
      text: z.array(z.string().max(500)).max(10).optional(),
    })
    .optional(),
  /** Issuance (the clerk's step): number and issue date written as widget appearances. */
  issuance: z.object({ number: z.string().max(100), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).optional(),
});

export const requestSchemas = {
  hello: z.object({
    protocol: z.number().int(),
    component: z.enum(['extension', 'sdk', 'cli']),
    version: z.string().max(50),
  }),
  'tokens.list': z.object({}).default({}),
  'certificates.list': z.object({ token: z.string().max(200).optional() }).default({}),
  'pdf.sign': signOptions.extend({ certificate: certificateRef, pin: pin.optional() }),
  'pdf.verify': z.object({ document: documentRef }),
  /**
   * Where a profile would put the signature, without signing (no token, no PIN): for the dialog's preview and the
   * batch review list. PLACEMENT_NOT_FOUND when the profile's anchor is missing.
   */
  'pdf.plan': z.object({
    document: documentRef,
    profile: profileName,
    /** The image the signature will draw (its aspect ratio sizes the box). */
    appearance: z.object({ image: blobRef.optional() }).optional(),
    /** The signer's name as on the certificate: the leader profile looks for it under the signer block. */
    signerName: z.string().max(200).optional(),
    organization: z.string().max(200).optional(),
    profileOptions: signOptions.shape.profileOptions,
    issuance: signOptions.shape.issuance,
  }),
  /**
   * Signs text the user has read (an opinion, a comment, a login challenge): CMS SignedData over its UTF-8 bytes,
   * detached (the default) or carrying the text (`attached`). Never a bare hash: what is signed is what was shown.
   */
  'data.sign': z.object({
    certificate: certificateRef,
    pin: pin.optional(),
    /** The text exactly as shown to the user; signed as its UTF-8 bytes. */
    content: z.string().min(1).max(DATA_SIGN_MAX_CHARS),
    attached: z.boolean().default(false),
  }),
  'batch.begin': z.object({
    certificate: certificateRef,
    pin: pin.optional(),
    count: z.number().int().min(1).max(1000),
  }),
  /** `pin` only for keys with CKA_ALWAYS_AUTHENTICATE (a PIN per signature); otherwise the batch's login serves. */
  'batch.sign': signOptions.extend({ batchId: z.string().min(16).max(64), pin: pin.optional() }),
  'batch.end': z.object({ batchId: z.string().min(16).max(64) }),
  'batch.cancel': z.object({ batchId: z.string().min(16).max(64) }),
  cancel: z.object({ requestId: z.union([z.string(), z.number()]) }),
} as const;

export type Method = keyof typeof requestSchemas;
export type RequestParams<M extends Method> = z.infer<(typeof requestSchemas)[M]>;
export const METHODS = Object.keys(requestSchemas) as Method[];

export function isMethod(value: unknown): value is Method {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value);
}

// ---- Results (documented shapes; the agent builds them, clients may validate them) ----

export interface HelloResult {
  protocol: number;
  agentVersion: string;
  /** The oldest extension version this agent works with. */
  minExtensionVersion: string;
  limits: typeof DEFAULT_LIMITS;
}

export interface TokenInfo {
  id: string;
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  module: string;
  pinCountLow: boolean;
  pinFinalTry: boolean;
  pinLocked: boolean;
  /** PIN pad / middleware dialog: the PIN is entered on the device, not in our dialog. */
  protectedAuthenticationPath: boolean;
}

export interface CertificateSummary {
  token: string;
  id: string;
  label: string;
  subject: string;
  commonName: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  keyUsage: string[];
  keyType: 'RSA' | 'EC';
  alwaysAuthenticate: boolean;
  /** Present when the certificate is expired or expires within 30 days. */
  warning?: 'EXPIRED' | 'EXPIRING_SOON';
  /** The certificate itself (DER, base64): what a portal's token login registers and matches. */
  der?: string;
}

export interface SignResult {
  document: DocumentRef;
  sha256Before: string;
  sha256After: string;
  signer: string;
  /** ISO 8601 with +07:00, as written on Vietnamese documents. */
  signedAt: string;
  /** The signature carries an RFC 3161 time-stamp from the agent's configured authority (PAdES B-T). */
  timestamped: boolean;
  /** What the user should know although signing succeeded (incomplete chain, time-stamp skipped, …). */
  warnings: Warning[];
}

/**
 * What the revisions after a signature changed, in the order of pyHanko's difference analysis: NONE (nothing after
 * it), LTA_UPDATES (validation data, document time-stamps), FORM_FILLING (new signatures, filled fields),
 * ANNOTATIONS, OTHER (anything else: validators report the signature as modified illegally).
 */
export type ModificationLevel = 'NONE' | 'LTA_UPDATES' | 'FORM_FILLING' | 'ANNOTATIONS' | 'OTHER';

export interface SignatureReport {
  fieldName: string;
  signer: string;
  /** The signer's organisation (O= of the certificate), when it names one. */
  organization?: string;
  signedAt?: string;
  integrity: boolean;
  chainTrusted: boolean;
  coversWholeDocument: boolean;
  /** Changes after this signature are only form filling and further signatures. */
  laterChangesAllowed: boolean;
  /** The strictest level the later revisions need, and why (the rule and the object). */
  modifications: { level: ModificationLevel; reasons: string[] };
  /** RFC 3161 time-stamp on the signature (PAdES B-T): its time (ISO 8601, +07:00) and whether it checks out. */
  timestamp?: { time: string; valid: boolean };
  error?: string;
}

export interface VerifyResult {
  signatures: SignatureReport[];
  valid: boolean;
}

/** `pdf.plan`: the profile's automatic placement, in the units of `placement` (page from 1, points). */
export interface PlanResult {
  page: number;
  pageCount: number;
  /** The visible page's size in points, to draw the box over a preview. */
  pageSize: { width: number; height: number };
  rect: { x: number; y: number; width: number; height: number };
  /** Coded notes (image without transparency, number already printed, …); never a refusal. */
  warnings: Warning[];
  /** Who the document's signer block names when it is not the certificate's holder (found by the block's layout). */
  documentSigner?: string;
}

/** `data.sign`: the CMS SignedData (DER, base64) and the signer's certificate (DER, base64) to verify it with. */
export interface DataSignResult {
  signature: string;
  certificate: string;
  signer: string;
  /** ISO 8601 with +07:00, the signing-time attribute. */
  signedAt: string;
  /** SHA-256 (hex) of the UTF-8 bytes that were signed. */
  sha256: string;
  attached: boolean;
}

export interface BatchBeginResult {
  batchId: string;
  expiresAt: string;
  /** The key needs its PIN for every signature (CKA_ALWAYS_AUTHENTICATE): send `pin` with each `batch.sign`. */
  pinPerDocument: boolean;
}

/** `batch.sign` answers a SignResult; `batch.end` and `batch.cancel` answer this summary. */
export interface BatchEndResult {
  batchId: string;
  declared: number;
  signed: number;
  failed: number;
  /** Declared documents that were never signed (cancelled, expired or not sent). */
  notSigned: number;
}

export interface CancelResult {
  /** False when no operation with that id was running or queued on this connection. */
  cancelled: boolean;
}

export type ProgressStage = 'queued' | 'preparing' | 'waiting-for-token' | 'signing' | 'verifying' | 'done';

export interface ProgressParams {
  requestId: string | number;
  stage: ProgressStage;
  /** 0–100 when known. */
  percent?: number;
  /** Position in the token's queue when stage is 'queued'. */
  position?: number;
}

// ---- JSON-RPC 2.0 envelopes ----

export const jsonRpcRequest = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string().max(64), z.number().int()]),
  method: z.string().max(64),
  params: z.unknown().optional(),
});
export type JsonRpcRequest = z.infer<typeof jsonRpcRequest>;

/** JSON-RPC error codes; `data.code` carries our stable ErrorCode. */
export const RPC_ERRORS = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  APPLICATION: -32000,
} as const;

// ---- Binary frames ----

/** One binary frame; `bytes` may come in parts (a signed PDF is the original plus its update) to copy it once. */
export function encodeBlobFrame(blob: string, bytes: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const parts = bytes instanceof Uint8Array ? [bytes] : bytes;
  const header = new TextEncoder().encode(JSON.stringify({ blob }));
  const frame = new Uint8Array(4 + header.length + parts.reduce((n, p) => n + p.length, 0));
  new DataView(frame.buffer).setUint32(0, header.length);
  frame.set(header, 4);
  let at = 4 + header.length;
  for (const part of parts) {
    frame.set(part, at);
    at += part.length;
  }
  return frame;
}

export function decodeBlobFrame(frame: Uint8Array): { blob: string; bytes: Uint8Array } {
  if (frame.length < 4) throw new Error('binary frame shorter than its header length');
  const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0);
  if (headerLength > 256 || 4 + headerLength > frame.length) throw new Error('binary frame header too long');
  const header = blobRef.parse(JSON.parse(new TextDecoder().decode(frame.subarray(4, 4 + headerLength))));
  return { blob: header.blob, bytes: frame.subarray(4 + headerLength) };
}
