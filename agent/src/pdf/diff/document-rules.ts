/**
 * Rules for the document-level objects a later revision may touch at LTA_UPDATES level (pyHanko
 * `rules/file_structure_rules.py`, `rules/metadata_rules.py` and `DSSCompareRule`): the catalog (only keys
 * that do not change what is shown), /Info, XMP metadata, new xref and object streams, and the DSS (PAdES LTV,
 * ETSI EN 319 142-1 §5.4).
 */
import { isName, PdfDict, type PdfObject, PdfRef, PdfStream } from '../objects';
import type { PdfReader } from '../reader';
import { compareDicts, compareKeyRefs, safeWhitelist, sameValue } from './compare';
import { type Approve, suspicious } from './levels';
import type { RevisionPair } from './revision';

/** Catalog keys checked by their own rules or harmless to change (pyHanko ROOT_EXEMPT_STRICT_COMPARISON). */
const CATALOG_EXEMPT = new Set(['AcroForm', 'DSS', 'Extensions', 'Metadata', 'MarkInfo', 'Version']);

export function catalogRule(pair: RevisionPair, approve: Approve): void {
  const rule = 'CatalogModificationRule';
  compareDicts(rule, 'document catalog', pair.old.catalog, pair.now.catalog, CATALOG_EXEMPT);
  for (const key of ['Extensions', 'MarkInfo']) {
    const { ref } = compareKeyRefs(pair, rule, key, pair.old.catalog, pair.now.catalog);
    if (ref)
      approve({ ref, level: 'LTA_UPDATES', rule, usages: [{ container: pair.old.catalogRef.num, path: [key] }] });
  }
  approve({ ref: pair.now.catalogRef, level: 'LTA_UPDATES', rule, what: 'document catalog' });
}

export function docInfoRule(pair: RevisionPair, approve: Approve): void {
  const rule = 'DocInfoRule';
  const now = pair.now.xref.trailer.get('Info');
  if (!(now instanceof PdfRef)) return;
  const old = pair.old.xref.trailer.get('Info');
  const ref = safeWhitelist(pair, rule, old instanceof PdfRef ? old : undefined, now);
  approve({
    ref,
    level: 'LTA_UPDATES',
    rule,
    usages: [{ container: -1, path: ['Info'] }],
    what: 'document information',
  });
}

/** New cross-reference and object streams (§7.5.7, §7.5.8); the objects inside them are judged one by one. */
export function structureStreamsRule(pair: RevisionPair, approve: Approve): void {
  for (const ref of pair.written) {
    if (!pair.isNew(ref)) continue;
    const value = pair.now.getObject(ref);
    if (!(value instanceof PdfStream)) continue;
    if (isName(value.dict.get('Type'), 'XRef')) approve({ ref, level: 'LTA_UPDATES', rule: 'XrefStreamRule' });
    if (isName(value.dict.get('Type'), 'ObjStm')) approve({ ref, level: 'LTA_UPDATES', rule: 'ObjectStreamRule' });
  }
}

/** Well-formedness in the sense the rule needs: an XMP packet whose root element is x:xmpmeta, no DTD. */
function looksLikeXmp(reader: PdfReader, stream: PdfObject, rule: string): void {
  if (!(stream instanceof PdfStream)) throw suspicious(rule, '/Metadata is not a stream');
  let text: string;
  try {
    text = Buffer.from(reader.decode(stream)).toString('utf8');
  } catch {
    throw suspicious(rule, '/Metadata could not be decoded');
  }
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) throw suspicious(rule, 'XML entities found in XMP metadata');
  const body = text.replace(/^\uFEFF?(\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*/, '');
  const root = /^<([A-Za-z_][\w.-]*:)?xmpmeta\b[^>]*>/.exec(body);
  if (!root?.[0].includes('adobe:ns:meta/')) throw suspicious(rule, 'Metadata does not look like XMP');
}

export function metadataRule(pair: RevisionPair, approve: Approve): void {
  const rule = 'MetadataUpdateRule';
  const grab = (catalog: PdfDict): PdfRef | undefined => {
    const value = catalog.get('Metadata');
    if (value === undefined) return undefined;
    if (!(value instanceof PdfRef)) throw suspicious(rule, '/Metadata should be an indirect reference');
    return value;
  };
  const now = grab(pair.now.catalog);
  if (!now) return;
  looksLikeXmp(pair.now, pair.now.getObject(now), rule);
  const old = grab(pair.old.catalog);
  if (old) looksLikeXmp(pair.old, pair.old.getObject(old), rule);
  if ((old && old.num === now.num && old.gen === now.gen) || pair.isNew(now)) {
    approve({
      ref: now,
      level: 'LTA_UPDATES',
      rule,
      usages: [{ container: pair.old.catalogRef.num, path: ['Metadata'] }],
    });
  }
}

const DSS_STREAM_KEYS = ['Certs', 'CRLs', 'OCSPs'];
const DSS_KEYS = new Set(['Type', 'VRI', ...DSS_STREAM_KEYS]);
const VRI_STREAM_KEYS = ['Cert', 'CRL', 'OCSP'];
const VRI_ENTRY_KEYS = new Set(['Type', 'TU', 'TS', ...VRI_STREAM_KEYS]);
const VRI_KEY = /^[A-Z0-9]{40}$/;
const DSS_RULE = 'DSSCompareRule';

/** Arrays of DER streams in the DSS or a VRI entry: indirect streams only; new objects approved. */
function dssStreams(pair: RevisionPair, approve: Approve, old: PdfDict, now: PdfDict, keys: string[], where: string) {
  for (const key of keys) {
    const value = now.get(key);
    if (value === undefined) continue;
    const array = pair.now.resolveArray(value);
    const allStreams = array?.items.every((x) => x instanceof PdfRef && pair.now.getObject(x) instanceof PdfStream);
    if (!allStreams) throw suspicious(DSS_RULE, `/${key} in ${where} should be an array of stream references`);
    if (value instanceof PdfRef) {
      const oldValue = old.get(key);
      if (oldValue instanceof PdfRef) {
        approve({ ref: safeWhitelist(pair, DSS_RULE, oldValue, value), level: 'LTA_UPDATES', rule: DSS_RULE });
      }
    }
    for (const ref of pair.newDependencies(value))
      approve({ ref, level: 'LTA_UPDATES', rule: DSS_RULE, what: `${where} /${key}` });
  }
}

export function dssRule(pair: RevisionPair, approve: Approve): void {
  const catalogNum = pair.old.catalogRef.num;
  const dss = compareKeyRefs(pair, DSS_RULE, 'DSS', pair.old.catalog, pair.now.catalog);
  if (dss.ref)
    approve({
      ref: dss.ref,
      level: 'LTA_UPDATES',
      rule: DSS_RULE,
      usages: [{ container: catalogNum, path: ['DSS'] }],
      what: 'DSS',
    });
  if (dss.now === undefined) return;
  const old = dss.old instanceof PdfDict ? dss.old : new PdfDict();
  if (!(dss.now instanceof PdfDict) || dss.now instanceof PdfStream)
    throw suspicious(DSS_RULE, '/DSS is not a dictionary');
  const unexpected = [...dss.now.entries.keys()].filter((k) => !DSS_KEYS.has(k));
  if (unexpected.length > 0) throw suspicious(DSS_RULE, `unexpected keys in DSS: ${unexpected.join(', ')}`);
  dssStreams(pair, approve, old, dss.now, DSS_STREAM_KEYS, 'DSS');
  const vri = compareKeyRefs(pair, DSS_RULE, 'VRI', old, dss.now);
  if (vri.ref) approve({ ref: vri.ref, level: 'LTA_UPDATES', rule: DSS_RULE, what: 'VRI' });
  if (vri.now === undefined) return;
  if (!(vri.now instanceof PdfDict)) throw suspicious(DSS_RULE, '/VRI is not a dictionary');
  checkVri(pair, approve, vri.old instanceof PdfDict ? vri.old : new PdfDict(), vri.now);
}

function checkVri(pair: RevisionPair, approve: Approve, old: PdfDict, now: PdfDict): void {
  for (const [key, value] of old.entries) {
    if (!sameValue(value, now.get(key))) throw suspicious(DSS_RULE, `VRI key ${key} was modified or deleted`);
  }
  for (const [key, raw] of now.entries) {
    if (old.has(key)) continue;
    if (!VRI_KEY.test(key)) throw suspicious(DSS_RULE, `VRI key ${key} is not formatted correctly`);
    if (raw instanceof PdfRef && pair.isNew(raw))
      approve({ ref: raw, level: 'LTA_UPDATES', rule: DSS_RULE, what: `VRI ${key}` });
    const entry = raw instanceof PdfRef ? pair.now.getObject(raw) : raw;
    if (!(entry instanceof PdfDict)) throw suspicious(DSS_RULE, 'VRI entries should be dictionaries');
    const unexpected = [...entry.entries.keys()].filter((k) => !VRI_ENTRY_KEYS.has(k));
    if (unexpected.length > 0)
      throw suspicious(DSS_RULE, `unexpected keys in VRI dictionary: ${unexpected.join(', ')}`);
    dssStreams(pair, approve, new PdfDict(), entry, VRI_STREAM_KEYS, `VRI ${key}`);
    const ts = entry.get('TS');
    if (ts instanceof PdfRef && pair.isNew(ts))
      approve({ ref: ts, level: 'LTA_UPDATES', rule: DSS_RULE, what: `VRI ${key} /TS` });
  }
}
