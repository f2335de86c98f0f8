/**
 * The agent's WebSocket protocol, defined once: JSON-RPC 2.0 in text frames, document bytes in binary frames.
 *
 * A binary frame is `[4-byte big-endian header length][UTF-8 JSON header {"blob":"<id>"}][bytes]`; a JSON
 * message refers to it as `{ "blob": "<id>" }`. Blobs are per connection, used once, and size-limited.
 * Both sides validate every message with these schemas (web-eid: typed messages; Autogram: self-validating bodies).
 */
import { z } from 'zod';
import { COPY_TYPES, profileName } from './profiles';
import { warningSchema } from './warnings';

export const PROTOCOL_VERSION = 1;
/** The only WebSocket path the agent answers; any other path gets HTTP 404. */
export const AGENT_PATH = '/';
/** Default port: fixed and documented so policies and firewalls can name it. */
export const DEFAULT_AGENT_PORT = 8765;
/**
 * A seal's real diameter in mm (Decree 30/2020 Appendix I draws it at its real size; seals are about 30–50 mm):
 * one range for the protocol, the CLI and the profiles.
 */
export const SEAL_MM = { min: 5, max: 100 } as const;

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

/** A certificate on a token; the extension's messages use the same schema. */
export const certificateRef = z.object({
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

export const placement = z.union([
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
export const pin = z.string().min(1).max(64);

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
      sealMm: z.number().min(SEAL_MM.min).max(SEAL_MM.max).optional(),
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

// ---- Results: one schema per method. The agent's handlers are typed against them; clients validate answers ----

const isoDate = z.string().max(64);

const limits = z.object({
  maxDocumentBytes: z.number().int().positive(),
  maxTextFrameBytes: z.number().int().positive(),
  maxMessagesPerSecond: z.number().positive(),
  maxConcurrentOperations: z.number().int().positive(),
  idleTimeoutMs: z.number().int().positive(),
});

const helloResult = z.object({
  protocol: z.number().int(),
  agentVersion: z.string().max(50),
  /** The oldest extension version this agent works with. */
  minExtensionVersion: z.string().max(50),
  limits,
});
export type HelloResult = z.infer<typeof helloResult>;

const tokenInfo = z.object({
  id: z.string(),
  label: z.string(),
  manufacturer: z.string(),
  model: z.string(),
  serial: z.string(),
  module: z.string(),
  pinCountLow: z.boolean(),
  pinFinalTry: z.boolean(),
  pinLocked: z.boolean(),
  /** PIN pad / middleware dialog: the PIN is entered on the device, not in our dialog. */
  protectedAuthenticationPath: z.boolean(),
});
export type TokenInfo = z.infer<typeof tokenInfo>;

const certificateSummary = z.object({
  token: z.string(),
  id: z.string(),
  label: z.string(),
  subject: z.string(),
  commonName: z.string(),
  issuer: z.string(),
  serial: z.string(),
  notBefore: isoDate,
  notAfter: isoDate,
  keyUsage: z.array(z.string()),
  keyType: z.enum(['RSA', 'EC']),
  alwaysAuthenticate: z.boolean(),
  /** Present when the certificate is expired or expires within 30 days. */
  warning: z.enum(['EXPIRED', 'EXPIRING_SOON']).optional(),
  /** The certificate itself (DER, base64): what a portal's token login registers and matches. */
  der: z.string().max(32768).optional(),
});
export type CertificateSummary = z.infer<typeof certificateSummary>;

const signResult = z.object({
  document: documentRef,
  sha256Before: z.string(),
  sha256After: z.string(),
  signer: z.string(),
  /** ISO 8601 with +07:00, as written on Vietnamese documents. */
  signedAt: isoDate,
  /** The signature carries an RFC 3161 time-stamp from the agent's configured authority (PAdES B-T). */
  timestamped: z.boolean(),
  /** What the user should know although signing succeeded (incomplete chain, time-stamp skipped, …). */
  warnings: z.array(warningSchema),
});
export type SignResult = z.infer<typeof signResult>;

/**
 * What the revisions after a signature changed, in the order of pyHanko's difference analysis: NONE (nothing after
 * it), LTA_UPDATES (validation data, document time-stamps), FORM_FILLING (new signatures, filled fields),
 * ANNOTATIONS, OTHER (anything else: validators report the signature as modified illegally).
 */
export const modificationLevel = z.enum(['NONE', 'LTA_UPDATES', 'FORM_FILLING', 'ANNOTATIONS', 'OTHER']);
export type ModificationLevel = z.infer<typeof modificationLevel>;

const signatureReport = z.object({
  fieldName: z.string(),
  signer: z.string(),
  /** The signer's organisation (O= of the certificate), when it names one. */
  organization: z.string().optional(),
  signedAt: isoDate.optional(),
  integrity: z.boolean(),
  chainTrusted: z.boolean(),
  coversWholeDocument: z.boolean(),
  /** Changes after this signature are only form filling and further signatures. */
  laterChangesAllowed: z.boolean(),
  /** The strictest level the later revisions need, and why (the rule and the object). */
  modifications: z.object({ level: modificationLevel, reasons: z.array(z.string()) }),
  /** RFC 3161 time-stamp on the signature (PAdES B-T): its time (ISO 8601, +07:00) and whether it checks out. */
  timestamp: z.object({ time: isoDate, valid: z.boolean() }).optional(),
  /** Coded findings about the signer's certificate (e.g. CERTIFICATE_NOT_FOR_SIGNING), texts in both languages. */
  warnings: z.array(warningSchema).optional(),
  error: z.string().optional(),
});
export type SignatureReport = z.infer<typeof signatureReport>;

const verifyResult = z.object({ signatures: z.array(signatureReport), valid: z.boolean() });
export type VerifyResult = z.infer<typeof verifyResult>;

/** `pdf.plan`: the profile's automatic placement, in the units of `placement` (page from 1, points). */
const planResult = z.object({
  page: z.number().int(),
  pageCount: z.number().int(),
  /** The visible page's size in points, to draw the box over a preview. */
  pageSize: z.object({ width: z.number(), height: z.number() }),
  rect: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
  /** Coded notes (image without transparency, number already printed, …); never a refusal. */
  warnings: z.array(warningSchema),
  /** Who the document's signer block names when it is not the certificate's holder (found by the block's layout). */
  documentSigner: z.string().optional(),
});
export type PlanResult = z.infer<typeof planResult>;

/** `data.sign`: the CMS SignedData (DER, base64) and the signer's certificate (DER, base64) to verify it with. */
const dataSignResult = z.object({
  signature: z.string(),
  certificate: z.string(),
  signer: z.string(),
  /** ISO 8601 with +07:00, the signing-time attribute. */
  signedAt: isoDate,
  /** SHA-256 (hex) of the UTF-8 bytes that were signed. */
  sha256: z.string(),
  attached: z.boolean(),
});
export type DataSignResult = z.infer<typeof dataSignResult>;

const batchBeginResult = z.object({
  batchId: z.string(),
  expiresAt: isoDate,
  /** The key needs its PIN for every signature (CKA_ALWAYS_AUTHENTICATE): send `pin` with each `batch.sign`. */
  pinPerDocument: z.boolean(),
});
export type BatchBeginResult = z.infer<typeof batchBeginResult>;

/** `batch.sign` answers a SignResult; `batch.end` and `batch.cancel` answer this summary. */
const batchEndResult = z.object({
  batchId: z.string(),
  declared: z.number().int(),
  signed: z.number().int(),
  failed: z.number().int(),
  /** Declared documents that were never signed (cancelled, expired or not sent). */
  notSigned: z.number().int(),
});
export type BatchEndResult = z.infer<typeof batchEndResult>;

const cancelResult = z.object({
  /** False when no operation with that id was running or queued on this connection. */
  cancelled: z.boolean(),
});
export type CancelResult = z.infer<typeof cancelResult>;

export const resultSchemas = {
  hello: helloResult,
  'tokens.list': z.object({ tokens: z.array(tokenInfo) }),
  'certificates.list': z.object({ certificates: z.array(certificateSummary) }),
  'pdf.sign': signResult,
  'pdf.verify': verifyResult,
  'pdf.plan': planResult,
  'data.sign': dataSignResult,
  'batch.begin': batchBeginResult,
  'batch.sign': signResult,
  'batch.end': batchEndResult,
  'batch.cancel': batchEndResult,
  cancel: cancelResult,
} as const satisfies { [M in Method]: z.ZodType };

export type MethodResult<M extends Method> = z.infer<(typeof resultSchemas)[M]>;

export const progressStage = z.enum(['queued', 'preparing', 'waiting-for-token', 'signing', 'verifying', 'done']);
export type ProgressStage = z.infer<typeof progressStage>;

/** The `progress` notification the agent sends while a request runs. */
export const progressParams = z.object({
  requestId: z.union([z.string(), z.number()]),
  stage: progressStage,
  /** 0–100 when known. */
  percent: z.number().min(0).max(100).optional(),
  /** Position in the token's queue when stage is 'queued'. */
  position: z.number().int().min(0).optional(),
});
export type ProgressParams = z.infer<typeof progressParams>;

/**
 * Compares dotted numeric versions ("0.1.10" > "0.1.9", "1.0" = "1.0.0"); a pre-release suffix (`-dev`) is
 * ignored. Both sides of the handshake use it, so they agree on which component is too old.
 */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => (v.split('-')[0] ?? '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
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
