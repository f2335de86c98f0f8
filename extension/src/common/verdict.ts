/**
 * One rule for "is this signature valid", for the verify view and for the `vgca_verify_pdf` answer a portal page
 * reads: intact, nothing but allowed changes after it (pyHanko's levels NONE < LTA_UPDATES < FORM_FILLING <
 * ANNOTATIONS < OTHER), its time-stamp checks out, its certificate may sign, and its chain is trusted. Without a
 * trusted chain it is "unknown" (a root may be missing on this machine), never "valid".
 */
import type { ModificationLevel, SignatureReport } from '@kyso/shared';

type Report = SignatureReport;

export type Verdict = 'valid' | 'invalid' | 'unknown';
export type Changes = 'none' | 'lta' | 'signatures' | 'annotations' | 'modified';

const CHANGES: Record<ModificationLevel, Changes> = {
  NONE: 'none',
  LTA_UPDATES: 'lta',
  FORM_FILLING: 'signatures',
  ANNOTATIONS: 'annotations',
  OTHER: 'modified',
};

export function changesAfter(s: Report): Changes {
  const level = s.modifications?.level;
  if (level) return CHANGES[level];
  if (s.coversWholeDocument) return 'none';
  return s.laterChangesAllowed ? 'signatures' : 'modified';
}

/** A certificate whose key usage forbids signing (RFC 5280 §4.2.1.3) makes the signature invalid, not "trust unknown":
 * installing a root would not help. */
function notForSigning(s: Report): boolean {
  return s.warnings?.some((w) => w.code === 'CERTIFICATE_NOT_FOR_SIGNING') ?? false;
}

export function verdictOf(s: Report): Verdict {
  if (!s.integrity || changesAfter(s) === 'modified' || s.timestamp?.valid === false) return 'invalid';
  if (notForSigning(s)) return 'invalid';
  return s.chainTrusted ? 'valid' : 'unknown';
}
