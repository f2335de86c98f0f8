/**
 * Re-writes of existing objects for a new field, each under its old number (DOMAIN rule 5): the page's
 * /Annots (or the /Annots array object), the AcroForm (/Fields, /SigFlags 3, /DR) and the catalog only when
 * the AcroForm was absent or inline (ISO 32000-1 §12.7.2, Table 218).
 */
import { KysoError } from '@kyso/shared';
import { listFields } from './fields';
import { PdfArray, PdfDict, type PdfObject, PdfRef } from './objects';
import type { PageNode } from './pages';
import type { PdfReader } from './reader';
import type { IncrementalWriter } from './writer';

/** Adds annotation references to a page; rewrites only the array object when /Annots is indirect. */
export function addAnnotations(reader: PdfReader, writer: IncrementalWriter, page: PageNode, refs: PdfRef[]): void {
  const annots = page.dict.get('Annots');
  const existing = reader.resolveArray(annots);
  if (annots instanceof PdfRef && existing) {
    writer.writeObject(annots, new PdfArray([...existing.items, ...refs]));
    return;
  }
  const items = existing?.items ?? [];
  writer.writeObject(page.ref, page.dict.clone().set('Annots', new PdfArray([...items, ...refs])));
}

/** Adds fields to the AcroForm and sets /SigFlags 3 (SignaturesExist | AppendOnly, Table 219). */
export function addFormFields(
  reader: PdfReader,
  writer: IncrementalWriter,
  fields: PdfRef[],
  font: { name: string; ref: PdfRef } | undefined,
): void {
  const entry = reader.catalog.get('AcroForm');
  const old = reader.resolveDict(entry);
  const form = old ? old.clone() : new PdfDict();
  const oldFields = reader.resolveArray(form.get('Fields'))?.items ?? [];
  form.set('Fields', new PdfArray([...oldFields, ...fields]));
  const flags = reader.resolveNumber(form.get('SigFlags')) ?? 0;
  form.set('SigFlags', flags | 3);
  if (font) form.set('DR', withFont(reader, form.get('DR'), font));
  if (entry instanceof PdfRef && old) {
    writer.writeObject(entry, form);
    return;
  }
  const formRef = writer.allocate();
  writer.writeObject(formRef, form);
  writer.writeObject(reader.catalogRef, reader.catalog.clone().set('AcroForm', formRef));
}

/** /DR with our font added to its /Font dictionary (copied inline; the old objects stay untouched). */
function withFont(reader: PdfReader, dr: PdfObject | undefined, font: { name: string; ref: PdfRef }): PdfDict {
  const resources = reader.resolveDict(dr)?.clone() ?? new PdfDict();
  const fonts = reader.resolveDict(resources.get('Font'))?.clone() ?? new PdfDict();
  fonts.set(font.name, font.ref);
  return resources.set('Font', fonts);
}

/** Names already used by terminal fields and their parents. */
export function usedFieldNames(reader: PdfReader): Set<string> {
  const names = new Set<string>();
  for (const field of listFields(reader)) {
    const parts = field.name.split('.');
    for (let i = 1; i <= parts.length; i++) names.add(parts.slice(0, i).join('.'));
  }
  return names;
}

/** `prefix<n>` with the smallest n ≥ 1 not used yet; records the name as used. */
export function uniqueFieldName(used: Set<string>, prefix: string): string {
  for (let n = 1; ; n++) {
    const name = `${prefix}${n}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

/** A caller-chosen field name must be new and a valid partial name (no period, §12.7.3.2). */
export function checkFieldName(used: Set<string>, name: string): string {
  if (name.length === 0 || name.includes('.')) {
    throw new KysoError('INVALID_ARGUMENT', { reason: 'field name must be non-empty and contain no period', name });
  }
  if (used.has(name)) throw new KysoError('INVALID_ARGUMENT', { reason: 'a field with this name exists', name });
  used.add(name);
  return name;
}
