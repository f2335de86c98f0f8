/**
 * Modification levels of the changes after a signed revision, in the order pyHanko's difference analysis uses
 * (`pyhanko.sign.diff_analysis.policy_api.ModificationLevel`): each later revision gets the lowest level that
 * explains every object it writes.
 */
import type { ModificationLevel } from '@kyso/shared';
import type { PdfRef } from '../objects';

export type { ModificationLevel };

const ORDER: ModificationLevel[] = ['NONE', 'LTA_UPDATES', 'FORM_FILLING', 'ANNOTATIONS', 'OTHER'];

export function levelRank(level: ModificationLevel): number {
  return ORDER.indexOf(level);
}

export function maxLevel(a: ModificationLevel, b: ModificationLevel): ModificationLevel {
  return levelRank(a) >= levelRank(b) ? a : b;
}

/** A change no rule can allow: the earlier signature is then judged OTHER with this reason. */
export class SuspiciousModification extends Error {}

export function suspicious(rule: string, reason: string): SuspiciousModification {
  return new SuspiciousModification(`${reason} (${rule})`);
}

/**
 * Where an old object is referenced from: the indirect object holding the reference (-1 for the trailer) and the
 * keys/indices inside it. An overwritten object must be explained in every place it was used (pyHanko's
 * relative contexts), or the change could reach content through a second path.
 */
export interface Usage {
  container: number;
  path: (string | number)[];
}

/** One object a rule explains, at a level, for some of its usages (undefined: wherever it is used). */
export interface Approval {
  ref: PdfRef;
  level: ModificationLevel;
  rule: string;
  usages?: Usage[];
  /** What the object is, for reasons. */
  what?: string;
}

export type Approve = (approval: Approval) => void;

export function usageKey(usage: Usage): string {
  return `${usage.container}:${usage.path.join('/')}`;
}
