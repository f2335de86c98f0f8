/**
 * Copies objects that pdf-lib built on a throwaway document (fonts, images) into our update, renumbering
 * every reference to a fresh number of the document being signed.
 */
import {
  PDFArray,
  PDFBool,
  type PDFContext,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFRef,
  PDFStream,
  PDFString,
} from 'pdf-lib';
import { PdfArray, PdfDict, PdfName, type PdfObject, type PdfRef, PdfStream, PdfString } from './objects';
import type { IncrementalWriter } from './writer';

/** Copies the object graph reachable from `root`; returns the new reference of `root`. */
export function copyFromPdfLib(
  context: PDFContext,
  root: PDFRef,
  writer: IncrementalWriter,
  refMap: Map<string, PdfRef>,
): PdfRef {
  const pending: PDFRef[] = [];
  const mapRef = (ref: PDFRef): PdfRef => {
    let own = refMap.get(ref.tag);
    if (!own) {
      own = writer.allocate();
      refMap.set(ref.tag, own);
      pending.push(ref);
    }
    return own;
  };
  const rootRef = mapRef(root);
  while (pending.length > 0) {
    const ref = pending.shift()!;
    const object = context.lookup(ref);
    if (!object) throw new Error(`pdf-lib object ${ref.tag} is missing`);
    writer.writeObject(refMap.get(ref.tag)!, convert(object, mapRef));
  }
  return rootRef;
}

function convert(object: PDFObject, mapRef: (ref: PDFRef) => PdfRef): PdfObject {
  if (object instanceof PDFRef) return mapRef(object);
  if (object instanceof PDFName) return PdfName.of(object.decodeText());
  if (object instanceof PDFNumber) return object.asNumber();
  if (object instanceof PDFBool) return object.asBoolean();
  if (object instanceof PDFString || object instanceof PDFHexString) return new PdfString(object.asBytes());
  if (object instanceof PDFArray) return new PdfArray(object.asArray().map((item) => convert(item, mapRef)));
  if (object instanceof PDFStream) {
    const contents = object.getContents(); // encoded bytes; the dict already names the filter
    const dict = convert(object.dict, mapRef) as PdfDict;
    dict.entries.delete('Length');
    return new PdfStream(dict, contents);
  }
  if (object instanceof PDFDict) {
    const dict = new PdfDict();
    for (const [key, value] of object.entries()) dict.set(key.decodeText(), convert(value, mapRef));
    return dict;
  }
  return null; // PDFNull and anything unknown
}
