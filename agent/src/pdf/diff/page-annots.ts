/**
 * Pages that gain the widgets of new signature fields (pyHanko `_walk_page_tree_annots`): the page tree keeps its
 * shape, a page changes only in /Annots, no annotation is removed, and every added annotation is a widget of a
 * new signature field. Any other new annotation is not allowed by the default policy.
 */
import { isName, type PdfArray, PdfDict, PdfRef } from '../objects';
import { compareDicts } from './compare';
import { type Approve, suspicious } from './levels';
import type { RevisionPair } from './revision';

const RULE = 'SigFieldCreationRule';
const MAX_DEPTH = 64;

function refsOf(array: PdfArray | undefined, what: string): PdfRef[] {
  if (!array) throw suspicious(RULE, `${what} is not an array`);
  if (array.items.some((x) => !(x instanceof PdfRef))) throw suspicious(RULE, `${what} contains direct objects`);
  return array.items as PdfRef[];
}

export function pageAnnotsRule(pair: RevisionPair, approve: Approve, widgetsOf: Map<number, string>): void {
  const oldRoot = pair.old.catalog.get('Pages');
  const newRoot = pair.now.catalog.get('Pages');
  if (!(oldRoot instanceof PdfRef) || !(newRoot instanceof PdfRef) || oldRoot.num !== newRoot.num) {
    throw suspicious(RULE, 'the page tree root was replaced');
  }
  walk(pair, approve, widgetsOf, oldRoot, new Set(), 0);
}

function walk(
  pair: RevisionPair,
  approve: Approve,
  widgetsOf: Map<number, string>,
  node: PdfRef,
  seen: Set<number>,
  depth: number,
) {
  if (seen.has(node.num) || depth > MAX_DEPTH) throw suspicious(RULE, 'the page tree loops or is too deep');
  seen.add(node.num);
  const oldNode = pair.old.resolveDict(node);
  const newNode = pair.now.resolveDict(node);
  if (!oldNode || !newNode) throw suspicious(RULE, `page tree node ${node.num} is not a dictionary`);
  if (isName(oldNode.get('Type'), 'Pages')) {
    const oldKids = refsOf(pair.old.resolveArray(oldNode.get('Kids')), `/Kids of ${node.num}`);
    const newKids = refsOf(pair.now.resolveArray(newNode.get('Kids')), `/Kids of ${node.num}`);
    if (
      oldKids.length !== newKids.length ||
      oldKids.some((k, i) => k.num !== newKids[i]!.num || k.gen !== newKids[i]!.gen)
    ) {
      throw suspicious(RULE, 'unexpected change to the page tree structure');
    }
    for (const kid of oldKids) walk(pair, approve, widgetsOf, kid, seen, depth + 1);
    return;
  }
  if (!isName(oldNode.get('Type'), 'Page') || newNode.get('Annots') === undefined) return;
  const newAnnots = refsOf(pair.now.resolveArray(newNode.get('Annots')), `/Annots of page ${node.num}`);
  const oldAnnots = oldNode.has('Annots')
    ? refsOf(pair.old.resolveArray(oldNode.get('Annots')), `/Annots of page ${node.num}`)
    : [];
  const before = new Set(oldAnnots.map((r) => r.num));
  const after = new Set(newAnnots.map((r) => r.num));
  if (before.size === after.size && [...before].every((n) => after.has(n))) return;
  const removed = [...before].filter((n) => !after.has(n));
  if (removed.length > 0)
    throw suspicious(RULE, `annotations ${removed.join(', ')} were deleted from page object ${node.num}`);
  const unknown = [...after].filter((n) => !before.has(n) && !widgetsOf.has(n));
  if (unknown.length > 0) {
    throw suspicious(
      RULE,
      `the new annotations ${unknown.join(', ')} on page object ${node.num} are not widgets of a new signature field`,
    );
  }
  if (!(oldNode instanceof PdfDict) || !(newNode instanceof PdfDict)) return;
  compareDicts(RULE, `page object ${node.num}`, oldNode, newNode, new Set(['Annots']));
  approve({ ref: node, level: 'LTA_UPDATES', rule: RULE, what: `page object ${node.num} (new widgets)` });
  const annotsRef = newNode.get('Annots');
  const oldAnnotsRef = oldNode.get('Annots');
  if (
    annotsRef instanceof PdfRef &&
    ((oldAnnotsRef instanceof PdfRef && oldAnnotsRef.num === annotsRef.num) || pair.isNew(annotsRef))
  ) {
    approve({
      ref: annotsRef,
      level: 'LTA_UPDATES',
      rule: RULE,
      usages: [{ container: node.num, path: ['Annots'] }],
      what: `/Annots of page object ${node.num}`,
    });
  }
}
