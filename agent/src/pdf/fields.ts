/**
 * Interactive form reading (ISO 32000-1 §12.7): the field tree, signature fields and their values
 * (§12.8.1, Table 252), and the DocMDP permission of a certification signature (§12.8.2.2).
 */

import type { PdfRect } from './geometry';
import type { PdfDict, PdfObject } from './objects';
import { isName, PdfRef, PdfString } from './objects';
import { allPageRefs, readBox } from './pages';
import type { PdfReader } from './reader';

export interface ExistingSignature {
  fieldName: string;
  byteRange: [number, number, number, number];
  /** DER of the CMS, trailing zero padding stripped. */
  contents: Uint8Array;
  subFilter: string;
  type: 'Sig' | 'DocTimeStamp';
  /** Raw /M value. */
  signingTime?: string;
  pageIndex?: number;
  rect?: PdfRect;
}

interface FieldVisit {
  dict: PdfDict;
  ref?: PdfRef;
  name: string;
  fieldType?: string;
}

const MAX_FIELD_DEPTH = 32;

/** Every terminal field of the AcroForm with its full name (§12.7.3.2) and inherited /FT. */
export function listFields(reader: PdfReader): FieldVisit[] {
  const acroForm = reader.resolveDict(reader.catalog.get('AcroForm'));
  const fields = reader.resolveArray(acroForm?.get('Fields'));
  const out: FieldVisit[] = [];
  const seen = new Set<string>();
  const walk = (items: PdfObject[], parentName: string, parentType: string | undefined, depth: number): void => {
    if (depth > MAX_FIELD_DEPTH) return;
    for (const item of items) {
      if (item instanceof PdfRef) {
        if (seen.has(item.key)) continue;
        seen.add(item.key);
      }
      const dict = reader.resolveDict(item);
      if (!dict) continue;
      const partial = reader.resolve(dict.get('T'));
      const name = partial instanceof PdfString ? partial.decodeText() : '';
      const fullName = parentName && name ? `${parentName}.${name}` : parentName || name;
      const ft = reader.resolve(dict.get('FT'));
      const fieldType = isName(ft) ? ft.value : parentType;
      const kids = reader.resolveArray(dict.get('Kids'));
      const kidFields = kids?.items.filter((kid) => reader.resolveDict(kid)?.has('T')) ?? [];
      if (kidFields.length > 0) walk(kidFields, fullName, fieldType, depth + 1);
      else out.push({ dict, ref: item instanceof PdfRef ? item : undefined, name: fullName, fieldType });
    }
  };
  walk(fields?.items ?? [], '', undefined, 0);
  return out;
}

export function readSignatures(reader: PdfReader): ExistingSignature[] {
  const out: ExistingSignature[] = [];
  let pages: PageLookup | undefined;
  for (const field of listFields(reader)) {
    if (field.fieldType !== 'Sig') continue;
    const value = reader.resolveDict(field.dict.get('V'));
    const byteRange = value && readByteRange(reader, value.get('ByteRange'));
    const contents = value && reader.resolve(value.get('Contents'));
    if (!value || !byteRange || !(contents instanceof PdfString)) continue;
    const subFilter = reader.resolve(value.get('SubFilter'));
    const m = reader.resolve(value.get('M'));
    const isTimestamp = isName(reader.resolve(value.get('Type')), 'DocTimeStamp') || isName(subFilter, 'ETSI.RFC3161');
    const signature: ExistingSignature = {
      fieldName: field.name,
      byteRange,
      contents: stripPadding(contents.bytes),
      subFilter: isName(subFilter) ? subFilter.value : '',
      type: isTimestamp ? 'DocTimeStamp' : 'Sig',
    };
    if (m instanceof PdfString) signature.signingTime = m.decodeText();
    const widget = widgetOf(reader, field.dict);
    const rect = readBox(reader, widget.get('Rect'));
    if (rect) signature.rect = { x: rect[0], y: rect[1], width: rect[2] - rect[0], height: rect[3] - rect[1] };
    pages ??= new PageLookup(reader);
    const pageIndex = pages.indexOf(widget, field.ref);
    if (pageIndex !== undefined) signature.pageIndex = pageIndex;
    out.push(signature);
  }
  return out;
}

/** The widget of a field: the merged field itself, or its first kid (§12.7.3.1). */
function widgetOf(reader: PdfReader, field: PdfDict): PdfDict {
  if (field.has('Rect')) return field;
  const kid = reader.resolveArray(field.get('Kids'))?.items[0];
  return reader.resolveDict(kid) ?? field;
}

/**
 * The page of a widget from its /P, else from the page whose /Annots lists it. Both maps are built once per
 * document: looking each field up in every page would be quadratic in pages × fields.
 */
class PageLookup {
  private readonly byPage = new Map<string, number>();
  private byAnnot: Map<string, number> | undefined;
  private readonly refs: PdfRef[];

  constructor(private readonly reader: PdfReader) {
    this.refs = allPageRefs(reader);
    this.refs.forEach((ref, index) => {
      if (!this.byPage.has(ref.key)) this.byPage.set(ref.key, index);
    });
  }

  indexOf(widget: PdfDict, fieldRef: PdfRef | undefined): number | undefined {
    const p = widget.get('P');
    const index = p instanceof PdfRef ? this.byPage.get(p.key) : undefined;
    if (index !== undefined || !fieldRef) return index;
    return this.annotIndex().get(fieldRef.key);
  }

  private annotIndex(): Map<string, number> {
    if (this.byAnnot) return this.byAnnot;
    const map = new Map<string, number>();
    this.refs.forEach((ref, index) => {
      for (const a of this.reader.resolveArray(this.reader.resolveDict(ref)?.get('Annots'))?.items ?? []) {
        if (a instanceof PdfRef && !map.has(a.key)) map.set(a.key, index);
      }
    });
    this.byAnnot = map;
    return map;
  }
}

function readByteRange(reader: PdfReader, value: PdfObject | undefined) {
  const array = reader.resolveArray(value);
  if (array?.items.length !== 4 || array.items.some((x) => typeof x !== 'number')) return undefined;
  return array.items as [number, number, number, number];
}

/** The DER length from the outer SEQUENCE header when it is readable, else strip trailing zeros. */
export function stripPadding(bytes: Uint8Array): Uint8Array {
  if (bytes[0] === 0x30 && bytes.length > 2) {
    const first = bytes[1]!;
    let length = first;
    let header = 2;
    if (first & 0x80) {
      const n = first & 0x7f;
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + (bytes[2 + i] ?? 0);
      header = 2 + n;
    }
    if (first !== 0x80 && header + length <= bytes.length) return bytes.subarray(0, header + length);
  }
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return bytes.subarray(0, end);
}

/** /P of the DocMDP transform of the certification signature, or undefined when not certified. */
export function readDocMdp(reader: PdfReader): 1 | 2 | 3 | undefined {
  const perms = reader.resolveDict(reader.catalog.get('Perms'));
  const sig = reader.resolveDict(perms?.get('DocMDP'));
  if (!sig) return undefined;
  const refs = reader.resolveArray(sig.get('Reference'));
  for (const item of refs?.items ?? []) {
    const ref = reader.resolveDict(item);
    if (!ref || !isName(reader.resolve(ref.get('TransformMethod')), 'DocMDP')) continue;
    const params = reader.resolveDict(ref.get('TransformParams'));
    const p = reader.resolveNumber(params?.get('P'));
    return p === 1 || p === 3 ? p : 2; // Table 254: default 2
  }
  return 2;
}
