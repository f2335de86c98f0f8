/**
 * PDF syntax for signing: a strict lazy reader, an append-only incremental writer for signature fields,
 * and visible-signature appearances. Knows nothing of CMS, tokens or the signing pipeline.
 */
export type { SignatureAppearance, TextLine } from './appearance';
export { AppearanceFont } from './appearance';
export type { PdfDocument } from './document';
export { openPdf } from './document';
export type { ValidationData } from './dss';
export { appendDss } from './dss';
export type { ExistingSignature } from './fields';
export type { PdfRect } from './geometry';
export { changesAfterRevision, type RevisionChanges } from './modifications';
export type { PageInfo } from './pages';
export type { PreparedUpdate, SignatureUpdateOptions } from './signature';
export { embedSignature, pdfDate, prepareSignatureUpdate } from './signature';
export { extractPageText, type PageText, type TextLine as PageTextLine, toVisiblePoint } from './text';
