/**
 * The signing pipeline as named stages (pyHanko's design): prepare (validate, place, reserve a placeholder sized
 * by a dry run of the CMS, digest the byte ranges) → sign (the only step that needs the token and its PIN) →
 * embed → verify our own output. Preparing first means a document that cannot be signed is refused before the
 * user is asked for a PIN.
 */
import type { HashAlgorithm, ProfileName, ProfileOptions, ProgressStage, Signer } from '@kyso/shared';
import { KysoError, vietnamIsoTime, type Warning, warning } from '@kyso/shared';
import { createDetachedCms, describeCertificate, signatureTimeStamp } from '../cms';
import {
  type AppearanceFont,
  embedSignature,
  openPdf,
  type PdfDocument,
  type PdfRect,
  type PreparedUpdate,
  prepareSignatureUpdate,
  type TextLine,
} from '../pdf';
import { organizationOf } from '../x509/certificate';
import type { IncompleteChain } from '../x509/path-building';
import { notForSigningWarning } from '../x509/signing-usage';
import { digestUpdate, type UpdateDigests } from './digest';
import { refuseBreakingUpdate } from './earlier-signatures';
import type { Issuance } from './issuance';
import { contentsWindow, verifyOwnOutput } from './own-output';
import { contentsReserve } from './placeholder';
import { type ProfilePlan, planProfile } from './profiles';
import { httpTimeStampTransport, type TimeStampAuthority } from './tsa-client';

export interface PlacementRequest {
  /** 0-based page index; -1 is the last page. */
  pageIndex: number;
  /** Points from the bottom-left of the visible page; absent → the default position (bottom right). */
  rect?: PdfRect;
}

export interface SigningCertificate {
  certificate: Uint8Array;
  chain: Uint8Array[];
  /** The chain stops before a trusted or self-signed root (signing goes on, with CHAIN_INCOMPLETE). */
  incomplete?: IncompleteChain;
}

export interface PrepareInput {
  /** Never modified. */
  document: Uint8Array;
  signerCertificate: SigningCertificate;
  placement: PlacementRequest | { invisible: true };
  appearance?: { image?: Uint8Array; lines?: string[] };
  profile?: ProfileName;
  /** Per-call choices of the profile (seal size, copy type, appendix number, text lines). */
  profileOptions?: ProfileOptions;
  /** The clerk's step (organization profile): number and issue date written as widgets in the same update. */
  issuance?: Issuance;
  reason?: string;
  location?: string;
  signingTime?: Date;
  /** PAdES B-T: an RFC 3161 time-stamp on the signature from this authority (from configuration only). */
  timestamp?: TimeStampAuthority;
  onProgress?: (stage: ProgressStage, percent?: number) => void;
}

export interface PreparedSigning {
  readonly input: PrepareInput;
  readonly update: PreparedUpdate;
  readonly digests: UpdateDigests;
  readonly signedAt: string;
  readonly signerName: string;
  readonly hash: HashAlgorithm;
  /** Notes from the profile (image without transparency, number already printed, …) and the chain. */
  readonly warnings: Warning[];
}

export interface SignedDocument {
  /** The original bytes (untouched, not copied) and the incremental update appended after them. */
  parts: [Uint8Array, Uint8Array];
  sha256Before: string;
  sha256After: string;
  /** ISO 8601 with +07:00. */
  signedAt: string;
  signerName: string;
  /** The signature carries an RFC 3161 time-stamp (PAdES B-T). */
  timestamped: boolean;
  /** What happened while signing that the user should know (an optional time-stamp that failed). */
  warnings: Warning[];
}

/** The digest of the byte ranges and of the signed attributes (what the placeholder is measured for, too). */
const SIGNING_HASH: HashAlgorithm = 'SHA-256';

const DEFAULT_BOX = { width: 200, height: 64, margin: 36 };

export function defaultAppearanceLines(
  commonName: string,
  organization: string | undefined,
  signedAt: string,
): string[] {
  return [`Ký bởi: ${commonName}`, ...(organization ? [`Cơ quan: ${organization}`] : []), `Thời gian: ${signedAt}`];
}

/**
 * What preparing computes from the document alone: plain data, so it can be computed in another thread (the
 * agent parses untrusted documents in a worker) and finished where the document's digest is needed.
 */
export interface SignatureDraft {
  update: PreparedUpdate;
  signedAt: string;
  signerName: string;
  warnings: Warning[];
}

/** The part of the input a draft needs, without callbacks (it crosses a thread boundary). */
export type DraftInput = Omit<PrepareInput, 'onProgress'> & {
  /**
   * The /Contents reserve from `measurePlaceholder`, measured before the draft: it may wait for the TSA, which
   * does not belong in a parse worker's deadline.
   */
  contentsBytes: number;
};

/** `font` draws (and measures) the appearance text. */
export async function prepareSigning(input: PrepareInput, font: AppearanceFont): Promise<PreparedSigning> {
  input.onProgress?.('preparing', 0);
  const { onProgress: _, ...document } = input;
  const contentsBytes = await measurePlaceholder(input);
  return completePreparation(input, await draftSignature({ ...document, contentsBytes }, font));
}

/** Bytes to reserve for the CMS of this signer (and time-stamp), by a dry run that never asks the token to sign. */
export function measurePlaceholder(input: Pick<PrepareInput, 'signerCertificate' | 'timestamp'>): Promise<number> {
  return contentsReserve({
    signerCertificate: input.signerCertificate,
    hash: SIGNING_HASH,
    timestamp: input.timestamp,
  });
}

/** Parses, validates, places and reserves the measured placeholder: everything of preparing but the digest. */
export async function draftSignature(input: DraftInput, font: AppearanceFont): Promise<SignatureDraft> {
  const doc = openPdf(input.document);
  const cert = describeCertificate(input.signerCertificate.certificate);
  const time = input.signingTime ?? new Date();
  const signedAt = vietnamIsoTime(time);
  const organization = organizationOf(cert.subject);
  const plan = planSignature(doc, input, { signerName: cert.subjectCommonName, organization, signedAt, font });
  const update = await prepareSignatureUpdate(doc, input.document, {
    pageIndex: plan.pageIndex,
    rect: plan.rect,
    appearance: plan.rect ? plan.appearance : undefined,
    extraWidgets: plan.extraWidgets.length > 0 ? plan.extraWidgets : undefined,
    signingTime: time,
    reason: input.reason,
    location: input.location,
    name: cert.subjectCommonName,
    contentsBytes: input.contentsBytes,
    font,
  });
  if (doc.signatures().length > 0)
    refuseBreakingUpdate(Buffer.concat([input.document, update.update]), input.document.length);
  return { update, signedAt, signerName: cert.subjectCommonName, warnings: plan.warnings };
}

/** Digests the byte ranges of a draft over the original: one pass over the document. */
export function completePreparation(input: PrepareInput, draft: SignatureDraft): PreparedSigning {
  const { update } = draft;
  const contentsInUpdate = contentsWindow(update, input.document.length);
  const digests = digestUpdate(input.document, update.update, contentsInUpdate);
  input.onProgress?.('preparing', 100);
  return {
    input,
    update,
    digests,
    signedAt: draft.signedAt,
    signerName: draft.signerName,
    hash: SIGNING_HASH,
    warnings: [...draft.warnings, ...certificateWarnings(input.signerCertificate, draft.signerName)],
  };
}

/**
 * Signed anyway: a recipient may still find the issuer (its own store, AIA), and refusing helps no one. A key
 * not for signing (RFC 5280 §4.2.1.3) makes recipients' validators refuse the signature: said before they do.
 */
function certificateWarnings(certificate: SigningCertificate, holder: string): Warning[] {
  const missing = certificate.incomplete;
  const unfit = notForSigningWarning(certificate.certificate, holder);
  return [...(missing ? [warning('CHAIN_INCOMPLETE', { issuer: missing.issuerName })] : []), ...(unfit ? [unfit] : [])];
}

interface SignerFacts {
  signerName: string;
  organization: string | undefined;
  signedAt: string;
  font: AppearanceFont;
}

/**
 * Where and how the signature is drawn: a profile (other than `custom`) places it and fills its text unless the
 * caller gave a rectangle; without a profile (or `custom`) the caller's rectangle or the default box is used.
 */
function planSignature(doc: PdfDocument, input: DraftInput, facts: SignerFacts): ProfilePlan {
  const invisible = 'invisible' in input.placement;
  let explicit: { pageIndex: number; rect: PdfRect } | undefined;
  let pageIndex = 0;
  if (!('invisible' in input.placement)) {
    pageIndex = input.placement.pageIndex === -1 ? doc.pageCount - 1 : input.placement.pageIndex;
    if (pageIndex < 0 || pageIndex >= doc.pageCount) {
      throw new KysoError('PAGE_OUT_OF_RANGE', { page: pageIndex + 1, pageCount: doc.pageCount });
    }
    if (input.placement.rect) explicit = { pageIndex, rect: input.placement.rect };
  }
  const profile = input.profile;
  if (profile && profile !== 'custom') {
    const options = input.profileOptions ?? (input.appearance?.lines ? { text: input.appearance.lines } : undefined);
    return planProfile({
      doc,
      profile,
      options,
      explicit,
      invisible,
      image: input.appearance?.image,
      issuance: input.issuance,
      ...facts,
    });
  }
  if (input.issuance)
    throw new KysoError('INVALID_ARGUMENT', { reason: 'number and date are written with the organization profile' });
  if (invisible) return { pageIndex: 0, extraWidgets: [], warnings: [] };
  if (profile === 'custom' && !explicit) {
    throw new KysoError('PLACEMENT_NOT_FOUND', { profile, anchor: 'an explicit rectangle' });
  }
  const page = doc.page(pageIndex);
  const { width, height, margin } = DEFAULT_BOX;
  const rect = explicit?.rect ?? { x: page.width - width - margin, y: margin, width, height };
  const lines = (
    input.appearance?.lines ??
    (input.appearance?.image ? [] : defaultAppearanceLines(facts.signerName, facts.organization, facts.signedAt))
  ).map((text): TextLine => ({ text, fontSize: 9 }));
  return { pageIndex, rect, appearance: { image: input.appearance?.image, lines }, extraWidgets: [], warnings: [] };
}

export async function finishSigning(prepared: PreparedSigning, signer: Signer): Promise<SignedDocument> {
  const { input, update, digests, hash } = prepared;
  if (!sameBytes(signer.certificate, input.signerCertificate.certificate)) {
    throw new KysoError('INTERNAL', {
      reason: 'signer certificate differs from the one the document was prepared for',
    });
  }
  input.onProgress?.('signing');
  const warnings: Warning[] = [];
  const unsignedAttributes = input.timestamp
    ? [
        signatureTimeStamp(httpTimeStampTransport(input.timestamp), {
          optional: input.timestamp.optional,
          onSkipped: (error) => warnings.push(warning('TIMESTAMP_SKIPPED', { reason: error.code })),
        }),
      ]
    : [];
  const cms = await createDetachedCms({ contentDigest: digests.rangeDigest, signer, hash, unsignedAttributes });
  embedSignature(update, input.document.length, cms);
  input.onProgress?.('verifying');
  await verifyOwnOutput({ document: input.document, update, rangeDigest: digests.rangeDigest }, cms);
  input.onProgress?.('done', 100);
  return {
    parts: [input.document, update.update],
    sha256Before: digests.sha256Before,
    sha256After: digests.sha256After(update.update),
    signedAt: prepared.signedAt,
    signerName: prepared.signerName,
    timestamped: input.timestamp !== undefined && !warnings.some((w) => w.code === 'TIMESTAMP_SKIPPED'),
    warnings,
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
