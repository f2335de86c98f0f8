/**
 * Document Security Store for PAdES B-LT (ETSI EN 319 142-1 §5.4, ISO 32000-2 §12.8.4.3): certificates,
 * OCSP responses and CRLs as streams in the catalog's /DSS, written in their own incremental update.
 * Entries of an existing DSS are kept (their references are copied, the old objects stay untouched).
 */
import { deflateSync } from 'node:zlib';
import { KysoError } from '@kyso/shared';
import { ParsedPdf, type PdfDocument } from './document';
import { PdfArray, PdfDict, PdfName, type PdfObject, PdfRef, PdfStream } from './objects';
import type { PdfReader } from './reader';
import { IncrementalWriter } from './writer';

export interface ValidationData {
  /** DER certificates (signer, chain, TSA chain). */
  certs?: Uint8Array[];
  /** DER OCSPResponse structures. */
  ocsps?: Uint8Array[];
  /** DER CRLs. */
  crls?: Uint8Array[];
}

const KEYS = { certs: 'Certs', ocsps: 'OCSPs', crls: 'CRLs' } as const;

/** Returns the update to append after `original` (full file = original ++ update). */
export function appendDss(doc: PdfDocument, original: Uint8Array, data: ValidationData): Uint8Array {
  if (!(doc instanceof ParsedPdf) || doc.reader.bytes.length !== original.length) {
    throw new KysoError('INVALID_ARGUMENT', { reason: 'document and original bytes do not match' });
  }
  const reader = doc.reader;
  const writer = new IncrementalWriter(reader, original.length);
  const old = reader.resolveDict(reader.catalog.get('DSS'));
  const dss = old ? old.clone() : new PdfDict([['Type', PdfName.of('DSS')]]);
  for (const [field, key] of Object.entries(KEYS) as [keyof ValidationData, string][]) {
    const added = (data[field] ?? []).map((der) => writeDerStream(writer, der));
    if (added.length === 0) continue;
    const existing = reader.resolveArray(dss.get(key))?.items ?? [];
    dss.set(key, new PdfArray([...existing, ...added]));
  }
  const dssEntry = reader.catalog.get('DSS');
  if (dssEntry instanceof PdfRef && old) {
    writer.writeObject(dssEntry, dss);
  } else {
    const ref = writer.allocate();
    writer.writeObject(ref, dss);
    writer.writeObject(reader.catalogRef, withExtension(reader, reader.catalog.clone().set('DSS', ref)));
  }
  return writer.finish();
}

function writeDerStream(writer: IncrementalWriter, der: Uint8Array): PdfRef {
  const ref = writer.allocate();
  writer.writeObject(ref, new PdfStream(new PdfDict([['Filter', PdfName.of('FlateDecode')]]), deflateSync(der)));
  return ref;
}

/** Declares the PAdES extension /ESIC (ETSI EN 319 142-1 §5.4.1) unless already declared. */
function withExtension(reader: PdfReader, catalog: PdfDict): PdfDict {
  const extensions = reader.resolveDict(catalog.get('Extensions'))?.clone() ?? new PdfDict();
  if (extensions.has('ESIC')) return catalog;
  const esic: [string, PdfObject][] = [
    ['BaseVersion', PdfName.of('1.7')],
    ['ExtensionLevel', 5],
  ];
  return catalog.set('Extensions', extensions.set('ESIC', new PdfDict(esic)));
}
