/**
 * What changed after a signed revision, judged as strictly as pyHanko's difference analysis (the reference for
 * PAdES modification checks; the rules live in ./diff): adding signature fields and their widgets, filling
 * existing fields, the DSS and metadata are allowed; new non-signature fields, removed fields, new annotations
 * of other kinds and anything touching page content are OTHER.
 */

import { levelRank } from './diff/levels';
import { analyseChangesAfter, type ModificationReport } from './diff/policy';

export type { ModificationReport };

export interface RevisionChanges extends ModificationReport {
  /** FORM_FILLING or less: what an approval signature allows (ISO 32000-1 §12.8.2.2, DocMDP P=2). */
  allowed: boolean;
}

/** Judges every revision after the one ending at `revisionEnd`. */
export function changesAfterRevision(bytes: Uint8Array, revisionEnd: number): RevisionChanges {
  const report = analyseChangesAfter(bytes, revisionEnd);
  return { ...report, allowed: levelRank(report.level) <= levelRank('FORM_FILLING') };
}
