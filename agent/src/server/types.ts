/**
 * What the server needs from the rest of the agent, as interfaces: the transport and dispatch can be tested
 * without knowing how tokens, signing or the journal are implemented (dependencies point one way).
 */
import type { PlanResult, ProgressStage, Signer, VerifyResult } from '@kyso/shared';
import type { Logger } from 'pino';
import type { ServerLimits, TimeStampAuthority } from '../config';
import type { JournalEntry } from '../journal';
import type { PlanInput, PreparedSigning, PrepareInput, SignedData, SignedDocument } from '../signing';
import type { SigningSession, TokenBackend } from '../signing/token-backend';

/** The signed file (original + update, not joined) plus the pipeline's facts about it. */
export type SignedBytes = Pick<
  SignedDocument,
  'sha256Before' | 'sha256After' | 'signedAt' | 'signerName' | 'timestamped' | 'warnings'
> & {
  /** The original and the incremental update: sent as one frame without joining them first. */
  parts: readonly Uint8Array[];
};

export type { ServerLimits, SigningSession, TokenBackend };

/**
 * The pipeline's two stages: `prepare` needs only the certificate (parse, validate, place, reserve, digest),
 * `finish` needs the logged-in signer. A request is prepared before it waits for the token.
 */
export interface SigningStages {
  prepare(input: PrepareInput): Promise<PreparedSigning>;
  finish(prepared: PreparedSigning, signer: Signer): Promise<SignedBytes>;
  /** `data.sign`: CAdES over the text's UTF-8 bytes (signing/data.ts). */
  signData(text: string, signer: Signer, attached: boolean): Promise<SignedData>;
}

export interface JournalSink {
  append(entry: JournalEntry): Promise<void>;
}

export interface ServerOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Exact origins allowed to connect, e.g. `chrome-extension://<id>` or `https://egov.example.gov.vn`. */
  allowedOrigins: string[];
  limits: ServerLimits;
  tokens: TokenBackend;
  journal: JournalSink;
  logger: Logger;
  /** DER roots that `pdf.verify` trusts besides none by default. */
  trustedRoots?: Uint8Array[];
  /** Injected so the server does not depend on how signing is done, nor load the pipeline before it is used. */
  signing: SigningStages;
  verifyDocument: (
    bytes: Uint8Array,
    options: { trustedRoots?: Uint8Array[] },
    signal?: AbortSignal,
  ) => Promise<VerifyResult>;
  /** PAdES B-T: the configured time-stamp authority (never from a request). */
  timestamp?: TimeStampAuthority;
  /** `pdf.plan` without signing (signing/plan-document.ts; `serve` runs it in a preparation worker). */
  planDocument: (input: PlanInput, signal?: AbortSignal) => Promise<PlanResult>;
}

export type ProgressReporter = (stage: ProgressStage, extra?: { percent?: number; position?: number }) => void;
