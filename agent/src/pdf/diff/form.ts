/**
 * The interactive form between two revisions (pyHanko `FormUpdatingRule` and `_list_fields`): the /AcroForm
 * dictionary may change only in /Fields, /DR, /DA, /Q and /NeedAppearances; every field is paired by its full name
 * (ISO 32000-1 §12.7.3.2) with its old and new dictionary, and the field rules judge each pair.
 */
import { isName, type PdfArray, PdfDict, type PdfObject, PdfRef, PdfString } from '../objects';
import type { PdfReader } from '../reader';
import { compareDicts, compareKeyRefs } from './compare';
import { type Approve, SuspiciousModification, suspicious, type Usage } from './levels';
import type { RevisionPair } from './revision';

const ACROFORM_EXEMPT = new Set(['Fields', 'DR', 'DA', 'Q', 'NeedAppearances']);
const MAX_DEPTH = 32;
const RULE = 'FormUpdatingRule';

export interface FieldSpec {
  name: string;
  /** /FT, inherited from the parent when absent (without the slash). */
  type: string | undefined;
  oldRef?: PdfRef;
  newRef?: PdfRef;
  /** Where the signed revision holds the field in the form tree: /Fields or the parent's /Kids. */
  oldPlace?: Usage;
}

export interface FormContext {
  pair: RevisionPair;
  fields: FieldSpec[];
}

interface Listed {
  type: string | undefined;
  ref: PdfRef;
  kids: PdfArray | undefined;
  place: Usage;
}

/** The named entries of one /Fields or /Kids array; `fail` is Suspicious for the new revision. */
function listLevel(
  reader: PdfReader,
  items: PdfObject[],
  inherited: string | undefined,
  parent: string,
  place: (index: number) => Usage,
  fail: (reason: string) => Error,
): Map<string, Listed> {
  const out = new Map<string, Listed>();
  items.forEach((item, index) => {
    if (!(item instanceof PdfRef)) throw fail('fields must be indirect objects');
    const field = reader.getObject(item);
    if (!(field instanceof PdfDict)) throw fail(`field ${item.num} is not a dictionary`);
    const t = field.get('T');
    if (t === undefined) return; // a widget annotation, not a field
    if (!(t instanceof PdfString)) throw fail(`the name of field ${item.num} is not a string`);
    const partial = t.decodeText();
    if (out.has(partial)) throw fail(`duplicate field name ${partial}`);
    if (partial.includes('.')) throw fail(`partial field name ${partial} contains a period`);
    const ft = field.get('FT');
    const type = isName(ft) ? ft.value : inherited;
    const kids = reader.resolveArray(field.get('Kids'));
    const fullName = parent ? `${parent}.${partial}` : partial;
    if ((kids?.items.length ?? 0) === 0 && type === undefined) {
      throw fail(`the type of terminal field ${fullName} cannot be determined`);
    }
    out.set(partial, { type, ref: item, kids, place: place(index) });
  });
  return out;
}

/** Old and new incarnations of every field, recursively (pyHanko `_list_fields`). */
export function pairFields(
  pair: RevisionPair,
  oldItems: PdfObject[],
  newItems: PdfObject[],
  places: { old: (i: number) => Usage; now: (i: number) => Usage },
  parent = '',
  inherited: string | undefined = undefined,
  depth = 0,
): FieldSpec[] {
  if (depth > MAX_DEPTH) throw suspicious(RULE, 'the form field tree is too deep');
  const oldFields = listLevel(pair.old, oldItems, inherited, parent, places.old, (r) => new Error(r));
  const newFields = listLevel(pair.now, newItems, inherited, parent, places.now, (r) => suspicious(RULE, r));
  const out: FieldSpec[] = [];
  for (const partial of new Set([...oldFields.keys(), ...newFields.keys()])) {
    const old = oldFields.get(partial);
    const now = newFields.get(partial);
    const name = parent ? `${parent}.${partial}` : partial;
    if (old && now && old.type !== now.type) throw suspicious(RULE, `the update changed the type of field ${name}`);
    const type = old?.type ?? now?.type;
    out.push({ name, type, oldRef: old?.ref, newRef: now?.ref, oldPlace: old?.place });
    if (old?.kids?.items.length || now?.kids?.items.length) {
      const kidPlace = (listed: Listed | undefined) => (i: number) => kidUsage(listed, i);
      out.push(
        ...pairFields(
          pair,
          old?.kids?.items ?? [],
          now?.kids?.items ?? [],
          { old: kidPlace(old), now: kidPlace(now) },
          name,
          type,
          depth + 1,
        ),
      );
    }
  }
  return out;
}

function kidUsage(parent: Listed | undefined, index: number): Usage {
  return { container: parent?.ref.num ?? -1, path: ['Kids', index] };
}

/** Checks the /AcroForm dictionary and approves its own objects; returns the paired fields. */
export function formStructure(pair: RevisionPair, approve: Approve): FormContext {
  const catalogNum = pair.old.catalogRef.num;
  const form = compareKeyRefs(pair, RULE, 'AcroForm', pair.old.catalog, pair.now.catalog);
  if (form.ref) {
    approve({
      ref: form.ref,
      level: 'LTA_UPDATES',
      rule: RULE,
      usages: [{ container: catalogNum, path: ['AcroForm'] }],
      what: 'AcroForm',
    });
  }
  if (!(form.old instanceof PdfDict)) throw new SuspiciousModification('the signed revision has no form');
  if (!(form.now instanceof PdfDict)) throw suspicious(RULE, 'the form dictionary was removed or replaced');
  compareDicts(RULE, 'AcroForm', form.old, form.now, ACROFORM_EXEMPT);
  const oldForm = pair.old.catalog.get('AcroForm');
  const formHolder: Usage =
    oldForm instanceof PdfRef ? { container: oldForm.num, path: [] } : { container: catalogNum, path: ['AcroForm'] };
  const under = (key: string): Usage => ({ container: formHolder.container, path: [...formHolder.path, key] });
  const fields = compareKeyRefs(pair, RULE, 'Fields', form.old, form.now);
  if (fields.ref)
    approve({ ref: fields.ref, level: 'LTA_UPDATES', rule: RULE, usages: [under('Fields')], what: '/Fields' });
  const dr = compareKeyRefs(pair, RULE, 'DR', form.old, form.now);
  if (dr.ref) approve({ ref: dr.ref, level: 'FORM_FILLING', rule: RULE, usages: [under('DR')], what: '/DR' });
  if (dr.now !== undefined) {
    for (const ref of pair.newDependencies(dr.now))
      approve({ ref, level: 'FORM_FILLING', rule: RULE, what: 'form resources' });
  }
  const oldItems = pair.old.resolveArray(form.old.get('Fields'))?.items;
  const newItems = pair.now.resolveArray(form.now.get('Fields'))?.items;
  if (!oldItems) throw new SuspiciousModification('the signed form has no /Fields array');
  if (!newItems) throw suspicious(RULE, '/Fields is not an array');
  const oldFieldsRaw = form.old.get('Fields');
  const placeIn =
    (raw: PdfObject | undefined) =>
    (i: number): Usage =>
      raw instanceof PdfRef
        ? { container: raw.num, path: [i] }
        : { container: under('Fields').container, path: [...under('Fields').path, i] };
  const specs = pairFields(pair, oldItems, newItems, {
    old: placeIn(oldFieldsRaw),
    now: placeIn(form.now.get('Fields')),
  });
  return { pair, fields: specs };
}
