/**
 * pyHanko's default difference policy (`diff_analysis/policies.py`, StandardDiffPolicy): every object a later
 * revision writes must be explained by a rule, an object rewritten under an old number in every place the signed
 * revision used it; the revision's level is the highest level needed. Freed objects and anything unexplained make
 * the change OTHER. New objects that nothing reaches (orphans) and identical rewrites are harmless.
 */
import type { PdfRef } from '../objects';
import { PdfReader } from '../reader';
import { findRevisionOffsets } from '../xref';
import { sameValue } from './compare';
import { catalogRule, docInfoRule, dssRule, metadataRule, structureStreamsRule } from './document-rules';
import { genericFieldModificationRule, sigFieldCreationRule, sigFieldModificationRule } from './field-rules';
import { formStructure } from './form';
import { type Approval, levelRank, type ModificationLevel, maxLevel, SuspiciousModification, usageKey } from './levels';
import { RevisionPair } from './revision';
import type { OldUsage } from './usages';

export interface ModificationReport {
  level: ModificationLevel;
  /** Why: the rule and object for each change at the reported level, or what could not be explained. */
  reasons: string[];
}

const MAX_REASONS = 8;

interface Explained {
  level: ModificationLevel;
  remaining: Set<string>;
  approvals: Approval[];
}

function describe(pair: RevisionPair, ref: PdfRef): string {
  const dict = pair.now.resolveDict(ref);
  const parts = ['Type', 'Subtype', 'FT']
    .map((k) => dict?.get(k))
    .filter((v) => v !== undefined)
    .map(String);
  return `object ${ref.num}${parts.length > 0 ? ` (${parts.join(' ')})` : ''}`;
}

/** New objects of this revision that neither the trailer nor a rewritten old object reaches. */
function orphans(pair: RevisionPair): Set<number> {
  const candidates = new Set(pair.written.filter((r) => pair.isNewInThisRevision(r)).map((r) => r.num));
  const since = (r: PdfRef) => pair.isNewInThisRevision(r);
  const roots = [
    pair.now.xref.trailer,
    ...pair.written.filter((r) => !pair.isNewInThisRevision(r)).map((r) => pair.now.getObject(r)),
  ];
  for (const root of roots) {
    if (candidates.size === 0) break;
    for (const dep of pair.newDependencies(root, pair.now, since)) candidates.delete(dep.num);
  }
  return candidates;
}

function runRules(pair: RevisionPair, ingest: (a: Approval) => void): void {
  catalogRule(pair, ingest);
  docInfoRule(pair, ingest);
  structureStreamsRule(pair, ingest);
  dssRule(pair, ingest);
  metadataRule(pair, ingest);
  const form = formStructure(pair, ingest);
  sigFieldCreationRule(form, ingest);
  sigFieldModificationRule(form, ingest);
  genericFieldModificationRule(form, ingest);
}

export function analyseRevision(pair: RevisionPair): ModificationReport {
  if (pair.freed.length > 0) {
    return { level: 'OTHER', reasons: [`objects ${pair.freed.join(', ')} were freed after signing`] };
  }
  const explained = new Map<number, Explained>();
  const ingest = (approval: Approval) => {
    const num = approval.ref.num;
    let entry = explained.get(num);
    if (!entry) {
      const usages: OldUsage[] = pair.existedInOld(approval.ref) ? pair.usagesOf(num) : [];
      entry = { level: approval.level, remaining: new Set(usages.map(usageKey)), approvals: [] };
      explained.set(num, entry);
    } else if (entry.remaining.size > 0 || pair.existedInOld(approval.ref)) {
      entry.level = maxLevel(entry.level, approval.level); // an old object takes the strictest approval
    } else if (levelRank(approval.level) < levelRank(entry.level)) {
      entry.level = approval.level; // a new object takes the most lenient one
    }
    if (approval.usages === undefined) entry.remaining.clear();
    else for (const u of approval.usages) entry.remaining.delete(usageKey(u));
    entry.approvals.push(approval);
  };
  try {
    runRules(pair, ingest);
  } catch (error) {
    if (error instanceof SuspiciousModification) return { level: 'OTHER', reasons: [error.message] };
    throw error;
  }
  const lonely = orphans(pair);
  let level: ModificationLevel = 'LTA_UPDATES';
  const unexplained: string[] = [];
  const byLevel = new Map<ModificationLevel, string[]>();
  for (const ref of pair.written) {
    const entry = explained.get(ref.num);
    if (!entry && lonely.has(ref.num)) continue;
    if (!entry || entry.remaining.size > 0) {
      if (pair.existedInOld(ref) && sameValue(pair.old.getObject(ref), pair.now.getObject(ref))) continue;
      const places = entry ? `, also used at ${[...entry.remaining].join(', ')} when signed` : '';
      unexplained.push(`${describe(pair, ref)}${places}`);
      continue;
    }
    level = maxLevel(level, entry.level);
    const why = entry.approvals.find((a) => a.level === entry.level) ?? entry.approvals[0]!;
    const list = byLevel.get(entry.level) ?? [];
    list.push(`${why.what ?? describe(pair, ref)}: ${why.rule}`);
    byLevel.set(entry.level, list);
  }
  if (unexplained.length > 0) {
    return { level: 'OTHER', reasons: [`no rule allows ${unexplained.slice(0, MAX_REASONS).join('; ')}`] };
  }
  return { level, reasons: [...new Set(byLevel.get(level) ?? [])].slice(0, MAX_REASONS) };
}

/** The revisions after `revisionEnd`, each judged against the signed revision; the highest level wins. */
export function analyseChangesAfter(bytes: Uint8Array, revisionEnd: number): ModificationReport {
  if (revisionEnd >= bytes.length) return { level: 'NONE', reasons: [] };
  const old = new PdfReader(bytes.subarray(0, revisionEnd));
  const shared = {};
  const ends = findRevisionOffsets(bytes).filter((end) => end > revisionEnd);
  if (ends[ends.length - 1] !== bytes.length) ends.push(bytes.length);
  let prev = old;
  let result: ModificationReport = { level: 'NONE', reasons: [] };
  for (const end of ends) {
    let now: PdfReader;
    try {
      now = new PdfReader(bytes.subarray(0, end));
    } catch {
      continue; // a "%%EOF" inside stream data, not the end of a revision
    }
    if (now.xref.startxref === prev.xref.startxref) continue;
    let report: ModificationReport;
    try {
      report = analyseRevision(new RevisionPair(old, prev, now, shared));
    } catch (error) {
      // What cannot be read cannot be shown to be harmless (pyHanko fails the same way).
      report = { level: 'OTHER', reasons: [`a later revision could not be analysed: ${(error as Error).message}`] };
    }
    if (report.level === 'OTHER') return report;
    if (levelRank(report.level) > levelRank(result.level)) result = report;
    else if (report.level === result.level)
      result = {
        level: result.level,
        reasons: [...new Set([...result.reasons, ...report.reasons])].slice(0, MAX_REASONS),
      };
    prev = now;
  }
  return result;
}
