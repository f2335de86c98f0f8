/**
 * Where each object of the signed revision is referenced from, walking from the trailer (pyHanko
 * `_load_reverse_xref_cache`): each reference is recorded with the indirect object that holds it and the path
 * inside that object. /Parent back-pointers are skipped like pyHanko skips them (they add no new path to content).
 */
import { PdfArray, PdfDict, type PdfObject, PdfRef, PdfStream } from '../objects';
import type { PdfReader } from '../reader';
import type { Usage } from './levels';

/** A usage plus the key under which the container itself was first reached (for arrays like an indirect /Annots). */
export interface OldUsage extends Usage {
  containerKey?: string;
}

export function collectUsages(reader: PdfReader): Map<number, OldUsage[]> {
  const usages = new Map<number, OldUsage[]>();
  const reachedBy = new Map<number, string | undefined>();
  const queue: { container: number; value: PdfObject }[] = [{ container: -1, value: reader.xref.trailer }];
  const record = (ref: PdfRef, container: number, path: (string | number)[]) => {
    const list = usages.get(ref.num) ?? [];
    list.push({ container, path, containerKey: reachedBy.get(container) });
    usages.set(ref.num, list);
    if (reachedBy.has(ref.num)) return;
    const key = [...path].reverse().find((p): p is string => typeof p === 'string');
    reachedBy.set(ref.num, key);
    queue.push({ container: ref.num, value: reader.getObject(ref) });
  };
  // Each indirect object is walked once; the queue holds at most one entry per object number.
  for (let i = 0; i < queue.length; i++) {
    const { container, value } = queue[i]!;
    const stack: { value: PdfObject; path: (string | number)[] }[] = [{ value, path: [] }];
    while (stack.length > 0) {
      const { value: item, path } = stack.pop()!;
      if (item instanceof PdfRef) {
        if (path.length > 0) record(item, container, path);
      } else if (item instanceof PdfDict || item instanceof PdfStream) {
        const dict = item instanceof PdfStream ? item.dict : item;
        for (const [key, v] of dict.entries) if (key !== 'Parent') stack.push({ value: v, path: [...path, key] });
      } else if (item instanceof PdfArray) {
        for (const [index, v] of item.items.entries()) stack.push({ value: v, path: [...path, index] });
      }
    }
  }
  return usages;
}

/** The role of a usage: the last key on its path, or the key that led to the array holding it. */
export function usageRole(usage: OldUsage): string | undefined {
  const key = [...usage.path].reverse().find((p): p is string => typeof p === 'string');
  return key ?? usage.containerKey;
}
