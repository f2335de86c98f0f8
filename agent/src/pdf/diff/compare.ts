/**
 * Comparisons of old and new values in the way pyHanko's `diff_analysis.commons` does them: raw values (references
 * compared as references, never followed), dictionaries compared key by key with some keys exempt.
 */
import {
  PdfArray,
  PdfDict,
  PdfName,
  type PdfObject,
  PdfRaw,
  PdfRef,
  PdfStream,
  PdfString,
  serialize,
} from '../objects';
import { suspicious } from './levels';
import type { RevisionPair } from './revision';

/** Deep equality of raw values; streams by their dictionary and still-encoded bytes. */
export function sameValue(a: PdfObject | undefined, b: PdfObject | undefined): boolean {
  if (a === b) return true;
  if (a instanceof PdfRef) return b instanceof PdfRef && a.num === b.num && a.gen === b.gen;
  if (a instanceof PdfString) return b instanceof PdfString && Buffer.from(a.bytes).equals(Buffer.from(b.bytes));
  if (a instanceof PdfArray) {
    return (
      b instanceof PdfArray && a.items.length === b.items.length && a.items.every((x, i) => sameValue(x, b.items[i]))
    );
  }
  if (a instanceof PdfStream) {
    return b instanceof PdfStream && sameValue(a.dict, b.dict) && Buffer.from(a.data).equals(Buffer.from(b.data));
  }
  if (a instanceof PdfDict) {
    if (!(b instanceof PdfDict) || a.entries.size !== b.entries.size) return false;
    for (const [key, value] of a.entries) if (!b.has(key) || !sameValue(value, b.get(key))) return false;
    return true;
  }
  if (a instanceof PdfRaw) return b instanceof PdfRaw && a.text === b.text;
  return false; // numbers, booleans, null and interned names compare with ===
}

/** Short text of a value for reasons. */
export function brief(value: PdfObject | undefined): string {
  if (value === undefined) return '(absent)';
  if (value instanceof PdfStream) return 'a stream';
  if (value instanceof PdfName) return value.toString();
  const text = serialize(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * The keys of two dictionaries (minus `ignored`) must be the same with the same raw values. Returns false instead
 * of throwing when `strict` is false.
 */
export function compareDicts(
  rule: string,
  what: string,
  old: PdfDict,
  now: PdfDict,
  ignored: ReadonlySet<string>,
  strict = true,
): boolean {
  const keys = new Set([...old.entries.keys(), ...now.entries.keys()]);
  for (const key of keys) {
    if (ignored.has(key)) continue;
    if (!old.has(key) || !now.has(key)) {
      if (!strict) return false;
      throw suspicious(rule, `${what}: /${key} was ${old.has(key) ? 'removed' : 'added'}`);
    }
    if (!sameValue(old.get(key), now.get(key))) {
      if (!strict) return false;
      throw suspicious(rule, `${what}: /${key} changed from ${brief(old.get(key))} to ${brief(now.get(key))}`);
    }
  }
  return true;
}

/**
 * An indirect value may be rewritten under its old number only when it is not a stream; otherwise it must be a
 * new object (pyHanko `safe_whitelist`). Returns the reference to approve.
 */
export function safeWhitelist(pair: RevisionPair, rule: string, oldRef: PdfRef | undefined, newRef: PdfRef): PdfRef {
  if (oldRef && pair.old.getObject(oldRef) instanceof PdfStream) {
    throw suspicious(rule, `object ${oldRef.num} is a stream and may not be replaced`);
  }
  if (oldRef && oldRef.num === newRef.num && oldRef.gen === newRef.gen) {
    if (pair.now.getObject(newRef) instanceof PdfStream) {
      throw suspicious(rule, `object ${newRef.num} became a stream`);
    }
    return newRef;
  }
  if (pair.isNew(newRef)) return newRef;
  throw suspicious(rule, `the update reuses the existing object ${newRef.num} in an unexpected way`);
}

export interface KeyValues {
  old: PdfObject | undefined;
  now: PdfObject | undefined;
  /** The new indirect value to approve, when the entry is indirect. */
  ref?: PdfRef;
}

/**
 * A key of a dictionary whose value may change (direct → direct, added, direct ↔ indirect, or a reference to a new
 * object); deleting it is not allowed (pyHanko `compare_key_refs`). Values are returned resolved.
 */
export function compareKeyRefs(
  pair: RevisionPair,
  rule: string,
  key: string,
  old: PdfDict | undefined,
  now: PdfDict,
): KeyValues {
  const oldRaw = old?.get(key);
  const newRaw = now.get(key);
  const oldValue = oldRaw instanceof PdfRef ? pair.old.getObject(oldRaw) : oldRaw;
  if (newRaw === undefined) {
    if (oldValue !== undefined && oldValue !== null) throw suspicious(rule, `/${key} was deleted`);
    return { old: undefined, now: undefined };
  }
  const newValue = newRaw instanceof PdfRef ? pair.now.getObject(newRaw) : newRaw;
  const ref =
    newRaw instanceof PdfRef
      ? safeWhitelist(pair, rule, oldRaw instanceof PdfRef ? oldRaw : undefined, newRaw)
      : undefined;
  return { old: oldValue, now: newValue, ref };
}
