/**
 * The field rules of pyHanko's default policy (`rules/form_field_rules.py`): SigFieldCreationRule (new fields
 * must be signature fields at the form's root; their widgets, also several in /Kids, §12.7.3.1), the
 * SigFieldModificationRule (a signature field is filled once, with a new signature object) and the
 * GenericFieldModificationRule (an existing field's value and appearance may be filled in).
 */
import { PdfDict, type PdfObject, PdfRef, PdfStream } from '../objects';
import { compareDicts, compareKeyRefs } from './compare';
import type { FieldSpec, FormContext } from './form';
import { type Approve, type ModificationLevel, suspicious, type Usage, usageKey } from './levels';
import { pageAnnotsRule } from './page-annots';
import type { RevisionPair } from './revision';
import { usageRole } from './usages';

/** Keys that form filling changes (pyHanko VALUE_UPDATE_KEYS) and those allowed even on a locked field. */
const VALUE_UPDATE_KEYS = new Set(['AP', 'AS', 'V', 'F', 'DA', 'Q', 'Ff', 'Type']);
const ALWAYS_MODIFIABLE = new Set(['Ff', 'Type']);

function fieldDict(pair: RevisionPair, ref: PdfRef | undefined, newer: boolean): PdfDict | undefined {
  if (!ref) return undefined;
  const value = (newer ? pair.now : pair.old).getObject(ref);
  return value instanceof PdfDict ? value : undefined;
}

function annotVisible(reader: RevisionPair['now'], annot: PdfDict | undefined): boolean {
  const rect = reader.resolveArray(annot?.get('Rect'))?.items.map((x) => reader.resolve(x));
  if (rect?.length !== 4 || rect.some((x) => typeof x !== 'number')) return false;
  const [x1, y1, x2, y2] = rect as number[];
  return Math.abs(x1! - x2!) * Math.abs(y1! - y2!) > 0;
}

/** A field is visible when it or one of its kids has a non-empty /Rect. */
export function fieldVisible(reader: RevisionPair['now'], field: PdfDict): boolean {
  const kids = reader.resolveArray(field.get('Kids'));
  if (!kids) return annotVisible(reader, field);
  return annotVisible(reader, field) || kids.items.some((kid) => annotVisible(reader, reader.resolveDict(kid)));
}

/** The places a field is expected to be referenced from: its form-tree slot, page /Annots, the structure tree. */
function expectedUsages(pair: RevisionPair, spec: FieldSpec): Usage[] {
  if (!spec.oldRef) return [];
  const place = spec.oldPlace ? usageKey(spec.oldPlace) : undefined;
  return pair.usagesOf(spec.oldRef.num).filter((u) => {
    const role = usageRole(u);
    return role === 'Annots' || role === 'Obj' || usageKey(u) === place;
  });
}

/** Only value keys changed (else Suspicious); true when only keys allowed on a locked field changed. */
function compareFields(rule: string, spec: FieldSpec, old: PdfDict, now: PdfDict): boolean {
  compareDicts(rule, `field ${spec.name}`, old, now, VALUE_UPDATE_KEYS);
  const had = old.get('Type');
  const has = now.get('Type');
  if (had === undefined && has !== undefined && String(has) !== '/Annot') {
    throw suspicious(rule, `/Type of field ${spec.name} set to something other than /Annot`);
  }
  if (had !== undefined && (has === undefined || String(had) !== String(has))) {
    throw suspicious(rule, `/Type of field ${spec.name} altered or deleted`);
  }
  return compareDicts(rule, `field ${spec.name}`, old, now, ALWAYS_MODIFIABLE, false);
}

/** A new appearance: /AP may point to a new dictionary whose streams are new objects (never old ones rewritten). */
function appearanceUpdate(
  pair: RevisionPair,
  approve: Approve,
  rule: string,
  spec: FieldSpec,
  old: PdfDict,
  now: PdfDict,
) {
  const ap = compareKeyRefs(pair, rule, 'AP', old, now);
  const what = `appearance of ${spec.name}`;
  if (ap.ref) approve({ ref: ap.ref, level: 'FORM_FILLING', rule, what });
  if (ap.now === undefined) return;
  if (!(ap.now instanceof PdfDict) || ap.now instanceof PdfStream)
    throw suspicious(rule, 'AP entry should point to a dictionary');
  const oldRaw = old.get('AP');
  if (ap.old instanceof PdfDict && oldRaw instanceof PdfRef) {
    const places = new Set(pair.usagesOf(oldRaw.num).map(usageKey));
    if (places.size > 1)
      throw suspicious(rule, `the appearance dictionary ${oldRaw.num} of ${spec.name} is used in several places`);
  }
  for (const key of ['N', 'R', 'D']) {
    for (const ref of pair.newDependencies(ap.now.get(key))) approve({ ref, level: 'FORM_FILLING', rule, what });
  }
  if (old.has('AS') || !(ap.old instanceof PdfDict)) return;
  // An appearance stream rewritten under its old number, allowed only where the field alone uses it.
  for (const key of ['N', 'R', 'D']) {
    const before = ap.old.get(key);
    const after = ap.now.get(key);
    if (!(before instanceof PdfRef) || !(after instanceof PdfRef) || before.num !== after.num) continue;
    if (!pair.written.some((r) => r.num === after.num)) continue;
    const usage: Usage =
      oldRaw instanceof PdfRef
        ? { container: oldRaw.num, path: [key] }
        : { container: spec.oldRef!.num, path: ['AP', key] };
    approve({ ref: after, level: 'FORM_FILLING', rule, usages: [usage], what });
    for (const ref of pair.newDependencies(pair.now.getObject(after)))
      approve({ ref, level: 'FORM_FILLING', rule, what });
  }
}

export function sigFieldCreationRule(form: FormContext, approve: Approve): void {
  const rule = 'SigFieldCreationRule';
  const { pair } = form;
  const deleted = form.fields.filter((f) => f.oldRef && !f.newRef).map((f) => f.name);
  if (deleted.length > 0) throw suspicious(rule, `fields ${deleted.join(', ')} were deleted after signing`);
  const created = form.fields.filter((f) => !f.oldRef && f.newRef);
  const others = created.filter((f) => f.type !== 'Sig').map((f) => f.name);
  if (others.length > 0) {
    throw suspicious(
      rule,
      `more form fields added than expected: only signature fields may be added, found ${others.join(', ')}`,
    );
  }
  const widgetsOf = new Map<number, string>();
  for (const spec of created) {
    const ref = spec.newRef!;
    const field = fieldDict(pair, ref, true)!;
    const visible = fieldVisible(pair.now, field);
    const level: ModificationLevel = visible ? 'FORM_FILLING' : 'LTA_UPDATES';
    const what = `${visible ? 'visible' : 'invisible'} signature field ${spec.name}`;
    if (visible && pair.certified) {
      // pyHanko (valid_when_certifying): stricter than Acrobat, a certified document takes only invisible ones.
      throw suspicious(rule, `new visible signature field ${spec.name} after a certification signature`);
    }
    if (pair.isNew(ref)) approve({ ref, level, rule, what });
    const deps = (dict: PdfDict, key: string) => {
      for (const dep of pair.newDependencies(dict.get(key)))
        approve({ ref: dep, level: 'FORM_FILLING', rule, what: `${key} of ${spec.name}` });
    };
    for (const key of ['AP', 'Lock', 'SV']) deps(field, key);
    const kidsRaw = field.get('Kids');
    if (kidsRaw === undefined) {
      widgetsOf.set(ref.num, spec.name);
      continue;
    }
    if (kidsRaw instanceof PdfRef && pair.isNew(kidsRaw))
      approve({ ref: kidsRaw, level, rule, what: `/Kids of ${spec.name}` });
    const kids = pair.now.resolveArray(kidsRaw);
    if (!kids || kids.items.some((k) => !(k instanceof PdfRef)))
      throw suspicious(rule, `/Kids of ${spec.name} is not an array of references`);
    for (const kid of kids.items as PdfRef[]) {
      const widget = pair.now.resolveDict(kid);
      if (!widget || widget.has('T')) continue;
      widgetsOf.set(kid.num, spec.name);
      if (pair.isNew(kid)) approve({ ref: kid, level, rule, what: `widget ${kid.num} of ${spec.name}` });
      deps(widget, 'AP');
    }
  }
  if (created.length > 0) pageAnnotsRule(pair, approve, widgetsOf);
}

export function sigFieldModificationRule(form: FormContext, approve: Approve): void {
  const rule = 'SigFieldModificationRule';
  const { pair } = form;
  for (const spec of form.fields) {
    if (spec.type !== 'Sig' || !spec.newRef) continue;
    const old = fieldDict(pair, spec.oldRef, false);
    const now = fieldDict(pair, spec.newRef, true)!;
    const nowSigned = now.has('V');
    if (old) {
      const lockedOk = compareFields(rule, spec, old, now);
      const usages = expectedUsages(pair, spec);
      if (!old.has('V') && nowSigned) {
        approve({ ref: spec.newRef, level: 'LTA_UPDATES', rule, usages, what: `signature field ${spec.name}` });
        appearanceUpdate(pair, approve, rule, spec, old, now);
      } else {
        // Already signed, or still empty: the field itself must stay as it was (Acrobat may touch /Ff).
        if (lockedOk)
          approve({ ref: spec.newRef, level: 'LTA_UPDATES', rule, usages, what: `signature field ${spec.name}` });
        continue;
      }
    }
    if (nowSigned) signatureValue(pair, approve, rule, spec, now);
  }
}

/** The /V of a newly signed field: a new signature dictionary (a document time-stamp without appearance is LTA). */
function signatureValue(pair: RevisionPair, approve: Approve, rule: string, spec: FieldSpec, field: PdfDict): void {
  const v = field.get('V');
  if (!(v instanceof PdfRef))
    throw suspicious(rule, `value of signature field ${spec.name} should be an indirect reference`);
  if (!pair.isNew(v))
    throw suspicious(rule, `value of signature field ${spec.name} is object ${v.num}, which existed when signed`);
  const sig = pair.now.getObject(v);
  if (!(sig instanceof PdfDict)) throw suspicious(rule, `value of signature field ${spec.name} is not a dictionary`);
  const timestamp = String(sig.get('Type')) === '/DocTimeStamp' && !fieldVisible(pair.now, field);
  const level: ModificationLevel = timestamp ? 'LTA_UPDATES' : 'FORM_FILLING';
  const what = `${timestamp ? 'document time-stamp' : 'signature'} of ${spec.name}`;
  approve({ ref: v, level, rule, what });
  for (const item of pair.now.resolveArray(sig.get('Reference'))?.items ?? []) {
    const params = pair.now.resolveDict(item)?.get('TransformParams');
    if (params instanceof PdfRef) approve({ ref: params, level, rule, what });
  }
}

export function genericFieldModificationRule(form: FormContext, approve: Approve): void {
  const rule = 'GenericFieldModificationRule';
  const { pair } = form;
  for (const spec of form.fields) {
    if (spec.type === 'Sig' || !spec.newRef || !spec.oldRef) continue;
    const old = fieldDict(pair, spec.oldRef, false);
    const now = fieldDict(pair, spec.newRef, true);
    if (!old || !now) continue;
    compareFields(rule, spec, old, now);
    approve({
      ref: spec.newRef,
      level: 'FORM_FILLING',
      rule,
      usages: expectedUsages(pair, spec),
      what: `field ${spec.name}`,
    });
    appearanceUpdate(pair, approve, rule, spec, old, now);
    const value: PdfObject | undefined = now.get('V');
    if (value === undefined) continue;
    for (const ref of pair.newDependencies(value))
      approve({ ref, level: 'FORM_FILLING', rule, what: `value of ${spec.name}` });
  }
}
