/**
 * Page tree navigation (ISO 32000-1 §7.7.3): descends only the path to the wanted page using /Count,
 * collecting the inheritable MediaBox, CropBox and Rotate (§7.7.3.4, Table 30).
 */
import { KysoError } from '@kyso/shared';
import { malformed } from './cursor';
import { isName, PdfArray, type PdfDict, type PdfObject, PdfRef } from './objects';
import type { PdfReader } from './reader';

export type Box = [number, number, number, number];

export interface PageInfo {
  index: number;
  mediaBox: Box;
  cropBox: Box;
  rotate: 0 | 90 | 180 | 270;
  /** Visible size after rotation, in points. */
  width: number;
  height: number;
}

export interface PageNode {
  ref: PdfRef;
  dict: PdfDict;
  info: PageInfo;
}

const MAX_TREE_DEPTH = 64;
const INHERITED = ['MediaBox', 'CropBox', 'Rotate'] as const;

export function pagesRoot(reader: PdfReader): PdfDict {
  const root = reader.resolveDict(reader.catalog.get('Pages'));
  if (!root) throw new KysoError('PDF_NO_PAGES', { reason: 'catalog has no /Pages tree' });
  return root;
}

export function pageCount(reader: PdfReader): number {
  const count = reader.resolveNumber(pagesRoot(reader).get('Count'));
  if (count === undefined || !Number.isInteger(count) || count < 0) throw malformed('page tree has no valid /Count');
  if (count === 0) throw new KysoError('PDF_NO_PAGES');
  return count;
}

/** The page at a 0-based index, with its inherited attributes resolved. */
export function findPage(reader: PdfReader, index: number): PageNode {
  const inherited = new Map<string, PdfObject>();
  let node = pagesRoot(reader);
  let skip = index;
  for (let depth = 0; depth < MAX_TREE_DEPTH; depth++) {
    collectInherited(node, inherited);
    const kids = reader.resolveArray(node.get('Kids'));
    if (!kids) throw malformed('page tree node without /Kids');
    let next: { ref: PdfRef; dict: PdfDict } | undefined;
    for (const kid of kids.items) {
      const dict = reader.resolveDict(kid);
      if (!(kid instanceof PdfRef) || !dict) throw malformed('page tree kid is not a reference to a dictionary');
      const isLeaf = isName(dict.get('Type'), 'Page') || !dict.has('Kids');
      const count = isLeaf ? 1 : (reader.resolveNumber(dict.get('Count')) ?? 0);
      if (skip < count) {
        next = { ref: kid, dict };
        break;
      }
      skip -= count;
    }
    if (!next) throw new KysoError('PAGE_OUT_OF_RANGE', { pageIndex: index });
    const isLeaf = isName(next.dict.get('Type'), 'Page') || !next.dict.has('Kids');
    if (isLeaf) {
      collectInherited(next.dict, inherited);
      return { ref: next.ref, dict: next.dict, info: pageInfo(reader, index, inherited) };
    }
    node = next.dict;
  }
  throw malformed('page tree is too deep or loops');
}

/** A page found by one walk of the tree, with what it inherits; its PageInfo is computed when asked. */
export interface IndexedPage {
  ref: PdfRef;
  dict: PdfDict;
  inherited: Map<string, PdfObject>;
}

/**
 * Every page in order by one walk of the tree (linear in its size), for documents whose pages are asked for
 * one by one: descending from the root for each page costs the kids before it, quadratic for a flat tree.
 * Undefined when the walk does not find /Count pages: `findPage` then decides, page by page, as before.
 */
export function indexPages(reader: PdfReader, count: number): IndexedPage[] | undefined {
  const out: IndexedPage[] = [];
  const seen = new Set<string>();
  const walk = (node: PdfDict, inherited: Map<string, PdfObject>, depth: number): void => {
    if (depth > MAX_TREE_DEPTH) throw malformed('page tree is too deep');
    const own = new Map(inherited);
    collectInherited(node, own);
    for (const kid of reader.resolveArray(node.get('Kids'))?.items ?? []) {
      const dict = reader.resolveDict(kid);
      if (!(kid instanceof PdfRef) || !dict || seen.has(kid.key) || out.length > count) continue;
      seen.add(kid.key);
      if (isName(dict.get('Type'), 'Page') || !dict.has('Kids')) {
        const pageInherited = new Map(own);
        collectInherited(dict, pageInherited);
        out.push({ ref: kid, dict, inherited: pageInherited });
      } else walk(dict, own, depth + 1);
    }
  };
  walk(pagesRoot(reader), new Map(), 0);
  return out.length === count ? out : undefined;
}

export function indexedPageNode(reader: PdfReader, page: IndexedPage, index: number): PageNode {
  return { ref: page.ref, dict: page.dict, info: pageInfo(reader, index, page.inherited) };
}

/** References of all pages in order (used to map a widget's /P to a page index). */
export function allPageRefs(reader: PdfReader): PdfRef[] {
  const out: PdfRef[] = [];
  const seen = new Set<string>();
  const walk = (node: PdfDict, depth: number): void => {
    if (depth > MAX_TREE_DEPTH) throw malformed('page tree is too deep');
    for (const kid of reader.resolveArray(node.get('Kids'))?.items ?? []) {
      const dict = reader.resolveDict(kid);
      if (!(kid instanceof PdfRef) || !dict || seen.has(kid.key)) continue;
      seen.add(kid.key);
      if (isName(dict.get('Type'), 'Page') || !dict.has('Kids')) out.push(kid);
      else walk(dict, depth + 1);
    }
  };
  walk(pagesRoot(reader), 0);
  return out;
}

function collectInherited(dict: PdfDict, into: Map<string, PdfObject>): void {
  for (const key of INHERITED) {
    const value = dict.get(key);
    if (value !== undefined) into.set(key, value);
  }
}

function pageInfo(reader: PdfReader, index: number, inherited: Map<string, PdfObject>): PageInfo {
  const mediaBox = readBox(reader, inherited.get('MediaBox'));
  if (!mediaBox) throw malformed(`page ${index + 1} has no valid /MediaBox`);
  const crop = readBox(reader, inherited.get('CropBox')) ?? mediaBox;
  // §14.11.2: the crop box is clipped to the media box.
  const cropBox: Box = [
    Math.max(crop[0], mediaBox[0]),
    Math.max(crop[1], mediaBox[1]),
    Math.min(crop[2], mediaBox[2]),
    Math.min(crop[3], mediaBox[3]),
  ];
  const rawRotate = reader.resolveNumber(inherited.get('Rotate')) ?? 0;
  const rotate = (((rawRotate % 360) + 360) % 360) as PageInfo['rotate'];
  if (rotate % 90 !== 0) throw malformed(`page ${index + 1} has /Rotate ${rawRotate}, not a multiple of 90`);
  const w = cropBox[2] - cropBox[0];
  const h = cropBox[3] - cropBox[1];
  const turned = rotate === 90 || rotate === 270;
  return { index, mediaBox, cropBox, rotate, width: turned ? h : w, height: turned ? w : h };
}

/** A rectangle (§7.9.5), normalised so that the first corner is the lower left. */
export function readBox(reader: PdfReader, value: PdfObject | undefined): Box | undefined {
  const array = reader.resolveArray(value);
  if (!(array instanceof PdfArray) || array.items.length !== 4) return undefined;
  const n = array.items.map((item) => reader.resolveNumber(item));
  if (n.some((x) => x === undefined)) return undefined;
  const [a, b, c, d] = n as Box;
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}
