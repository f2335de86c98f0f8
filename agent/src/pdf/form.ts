/**
 * Re-writes of existing objects for a new field, each under its old number (DOMAIN rule 5): the page's
 * /Annots (or the /Annots array object), the AcroForm (/Fields, /SigFlags 3, /DR) and the catalog only when
 * the AcroForm was absent or inline (ISO 32000-1 §12.7.2, Table 218).
 */
import { KysoError } from '@kyso/shared';
import { listFields } from './fields';
import { PdfArray, PdfDict, PdfRef } from './objects';
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

/**
 * Adds fields to the AcroForm. /SigFlags 3 (SignaturesExist | AppendOnly, Table 219) is set only on a form without
 * signatures yet: once a document is signed, the AcroForm may change only in /Fields (and /DR, /DA, /Q,
 * /NeedAppearances) or strict validators judge the earlier signature modified.
 */
export function addFormFields(
  reader: PdfReader,
  writer: IncrementalWriter,
  fields: PdfRef[],
  firstSignature: boolean,
): void {
  const entry = reader.catalog.get('AcroForm');
  const old = reader.resolveDict(entry);
  const form = old ? old.clone() : new PdfDict();
  const oldFields = reader.resolveArray(form.get('Fields'))?.items ?? [];
  const fieldsEntry = form.get('Fields');
  if (fieldsEntry instanceof PdfRef && old) {
    // An indirect /Fields array is rewritten in place; the AcroForm itself stays as signed.
    writer.writeObject(fieldsEntry, new PdfArray([...oldFields, ...fields]));
    if (!firstSignature) return;
  } else {
    form.set('Fields', new PdfArray([...oldFields, ...fields]));
  }
  if (firstSignature) form.set('SigFlags', (reader.resolveNumber(form.get('SigFlags')) ?? 0) | 3);
  if (entry instanceof PdfRef && old) {
    writer.writeObject(entry, form);
    return;
  }
  const formRef = writer.allocate();
  writer.writeObject(formRef, form);
  writer.writeObject(reader.catalogRef, reader.catalog.clone().set('AcroForm', formRef));
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
