/**
 * What changed after a signed revision, judged like a validator judges approval signatures (ISO 32000-1
 * §12.8.2.2, DocMDP P=2 semantics): adding signatures, filling form fields, their widgets and appearances, the
 * DSS and document metadata are allowed; anything touching page content or existing objects otherwise is not.
 */
import { isName, PdfDict, type PdfObject, PdfRef, PdfStream, serialize } from './objects';
import { PdfReader } from './reader';
import type { XrefEntry } from './xref';

export interface RevisionChanges {
  /** Every changed or added object is one of the allowed kinds. */
  allowed: boolean;
  /** Object numbers with what they are, for changes that are not allowed. */
  disallowed: string[];
  changedObjects: number;
}

/** Catalog keys a later signature may add or change (AcroForm for fields, DSS for validation data). */
const CATALOG_KEYS_ALLOWED = new Set(['AcroForm', 'DSS', 'Extensions', 'Perms']);

function sameEntry(a: XrefEntry | undefined, b: XrefEntry | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  if (a.kind === 'offset' && b.kind === 'offset') return a.offset === b.offset && a.gen === b.gen;
  if (a.kind === 'compressed' && b.kind === 'compressed') return a.stream === b.stream && a.index === b.index;
  return a.kind === 'free';
}

function text(value: PdfObject | undefined): string {
  if (value === undefined) return '';
  if (value instanceof PdfStream) return `${value.dict.toString()}stream${Buffer.from(value.data).toString('latin1')}`;
  return serialize(value);
}

/** Dictionaries equal except for `ignored` keys. */
function sameExcept(a: PdfDict, b: PdfDict, ignored: Set<string>): boolean {
  const keys = new Set([...a.entries.keys(), ...b.entries.keys()]);
  for (const key of keys) {
    if (!ignored.has(key) && text(a.get(key)) !== text(b.get(key))) return false;
  }
  return true;
}

/** A page may only gain annotations: every old /Annots entry is still there. */
function pageOnlyGainedAnnots(before: PdfDict, after: PdfDict, old: PdfReader, now: PdfReader): boolean {
  if (!sameExcept(before, after, new Set(['Annots']))) return false;
  const oldAnnots = old.resolveArray(before.get('Annots'))?.items ?? [];
  const newAnnots = new Set((now.resolveArray(after.get('Annots'))?.items ?? []).map(text));
  return oldAnnots.every((a) => newAnnots.has(text(a)));
}

function isSignatureValue(dict: PdfDict): boolean {
  return isName(dict.get('Type'), 'Sig') || isName(dict.get('Type'), 'DocTimeStamp') || dict.has('ByteRange');
}

function classifyChanged(
  num: number,
  before: PdfObject,
  after: PdfObject,
  old: PdfReader,
  now: PdfReader,
): string | undefined {
  if (text(before) === text(after)) return undefined;
  const b = before instanceof PdfStream ? before.dict : before;
  const a = after instanceof PdfStream ? after.dict : after;
  if (!(b instanceof PdfDict) || !(a instanceof PdfDict)) return `object ${num} (changed value)`;
  if (num === now.catalogRef.num) {
    return sameExcept(b, a, CATALOG_KEYS_ALLOWED) ? undefined : `object ${num} (catalog)`;
  }
  if (isName(a.get('Type'), 'Page')) {
    return pageOnlyGainedAnnots(b, a, old, now) ? undefined : `object ${num} (page content or attributes)`;
  }
  const acroFormRef = now.catalog.get('AcroForm');
  if (acroFormRef instanceof PdfRef && acroFormRef.num === num) return undefined;
  if (isName(a.get('Subtype'), 'Widget') || a.has('FT') || isSignatureValue(a)) return undefined; // form filling
  const infoRef = now.xref.trailer.get('Info');
  if (infoRef instanceof PdfRef && infoRef.num === num) return undefined;
  return `object ${num}${isName(a.get('Type')) ? ` (${(a.get('Type') as { value: string }).value})` : ''}`;
}

/** Compares the revision ending at `revisionEnd` with the whole file. */
export function changesAfterRevision(bytes: Uint8Array, revisionEnd: number): RevisionChanges {
  const now = new PdfReader(bytes);
  const old = new PdfReader(bytes.subarray(0, revisionEnd));
  const disallowed: string[] = [];
  let changedObjects = 0;
  for (const [num, entry] of now.xref.entries) {
    const previous = old.xref.entries.get(num);
    if (sameEntry(previous, entry) || entry.kind === 'free') continue;
    const ref = new PdfRef(num, entry.kind === 'offset' ? entry.gen : 0);
    const after = now.getObject(ref);
    if (
      after instanceof PdfStream &&
      (isName(after.dict.get('Type'), 'XRef') || isName(after.dict.get('Type'), 'ObjStm'))
    )
      continue;
    changedObjects++;
    // A new object cannot alter what was signed unless an old object points at it, and old objects are judged
    // below (a new content stream wired into an old page shows up as a page change).
    if (!previous || previous.kind === 'free') continue;
    const reason = classifyChanged(num, old.getObject(ref), after, old, now);
    if (reason) disallowed.push(reason);
  }
  return { allowed: disallowed.length === 0, disallowed, changedObjects };
}
