/**
 * A signed revision and one later revision of the same file, each read through its own xref chain (ISO 32000-1
 * §7.5.6): which objects the later revision writes or frees, which are new since the signed revision, and the
 * new objects a value depends on (pyHanko `HistoricalResolver.collect_dependencies`).
 */
import { PdfArray, PdfDict, type PdfObject, PdfRef, PdfStream } from '../objects';
import type { PdfReader } from '../reader';
import type { XrefEntry } from '../xref';
import { collectUsages, type OldUsage } from './usages';

function sameEntry(a: XrefEntry | undefined, b: XrefEntry | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === 'offset' && b.kind === 'offset') return a.offset === b.offset && a.gen === b.gen;
  if (a.kind === 'compressed' && b.kind === 'compressed') return a.stream === b.stream && a.index === b.index;
  return true;
}

function sizeOf(reader: PdfReader): number {
  const size = reader.xref.trailer.get('Size');
  let largest = -1;
  for (const num of reader.xref.entries.keys()) largest = Math.max(largest, num);
  return Math.max(typeof size === 'number' ? size : 0, largest + 1);
}

const inUse = (entry: XrefEntry | undefined) => entry !== undefined && entry.kind !== 'free';

/** The catalog's /Perms /DocMDP signature is the one whose byte range ends where this revision ends. */
function certifiedAt(reader: PdfReader): boolean {
  const perms = reader.resolveDict(reader.catalog.get('Perms'));
  const sig = reader.resolveDict(perms?.get('DocMDP'));
  const range = reader.resolveArray(sig?.get('ByteRange'))?.items;
  const [, , c, d] = (range ?? []).map((x) => reader.resolve(x));
  return typeof c === 'number' && typeof d === 'number' && c + d === reader.bytes.length;
}

export class RevisionPair {
  /** Objects (in use) written by the later revision's own xref section. */
  readonly written: PdfRef[] = [];
  /** Object numbers in use before and marked free by the later revision. */
  readonly freed: number[] = [];
  /** The signed revision ends with a certification signature (DocMDP, ISO 32000-1 §12.8.2.2). */
  readonly certified: boolean;
  private readonly oldSize: number;
  private readonly prevSize: number;

  /**
   * @param old the signed revision
   * @param prev the revision just before `now` (the same as `old` for the first revision after the signature)
   * @param now the revision being judged
   */
  constructor(
    readonly old: PdfReader,
    readonly prev: PdfReader,
    readonly now: PdfReader,
    private readonly shared: { usages?: Map<number, OldUsage[]> } = {},
  ) {
    this.oldSize = sizeOf(old);
    this.certified = certifiedAt(old);
    this.prevSize = sizeOf(prev);
    for (const [num, entry] of now.xref.entries) {
      const before = prev.xref.entries.get(num);
      if (sameEntry(before, entry)) continue;
      if (entry.kind === 'free') {
        if (num !== 0 && inUse(before)) this.freed.push(num);
        continue;
      }
      this.written.push(new PdfRef(num, entry.kind === 'offset' ? entry.gen : 0));
    }
  }

  /** The number was not allocated in the signed revision: the object cannot replace anything signed. */
  isNew(ref: PdfRef): boolean {
    return ref.num >= this.oldSize;
  }

  /** The number was not allocated in the revision just before this one (orphan search). */
  isNewInThisRevision(ref: PdfRef): boolean {
    return ref.num >= this.prevSize;
  }

  /** Where the signed revision references object `num` (computed once per signed revision). */
  usagesOf(num: number): OldUsage[] {
    this.shared.usages ??= collectUsages(this.old);
    return this.shared.usages.get(num) ?? [];
  }

  /** The object existed (in use) in the signed revision. */
  existedInOld(ref: PdfRef): boolean {
    return inUse(this.old.xref.entries.get(ref.num));
  }

  /**
   * The references in `value` (followed through new objects only) to objects that did not exist in the signed
   * revision. Older objects are not descended into: they cannot reach anything new without being rewritten.
   */
  newDependencies(
    value: PdfObject | undefined,
    reader: PdfReader = this.now,
    since = (r: PdfRef) => !this.existedInOld(r),
  ): PdfRef[] {
    const found = new Map<number, PdfRef>();
    const stack: PdfObject[] = value === undefined ? [] : [value];
    while (stack.length > 0) {
      const item = stack.pop()!;
      if (item instanceof PdfRef) {
        if (found.has(item.num) || !since(item)) continue;
        found.set(item.num, item);
        stack.push(reader.getObject(item));
      } else if (item instanceof PdfDict) {
        stack.push(...item.entries.values());
      } else if (item instanceof PdfStream) {
        stack.push(...item.dict.entries.values());
      } else if (item instanceof PdfArray) {
        stack.push(...item.items);
      }
    }
    return [...found.values()];
  }
}
