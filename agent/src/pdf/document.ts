/**
 * The read-only view of a PDF that the signing pipeline uses. Everything is computed lazily from the xref.
 */
import { KysoError } from '@kyso/shared';
import { type ExistingSignature, readDocMdp, readSignatures } from './fields';
import {
  findPage,
  type IndexedPage,
  indexedPageNode,
  indexPages,
  type PageInfo,
  type PageNode,
  pageCount,
} from './pages';
import { PdfReader } from './reader';

export interface PdfDocument {
  readonly size: number;
  readonly pageCount: number;
  page(index: number): PageInfo;
  signatures(): ExistingSignature[];
  docMdpPermission(): 1 | 2 | 3 | undefined;
  readonly xrefKind: 'table' | 'stream';
  /** Offset just after each %%EOF line. */
  readonly revisionOffsets: number[];
}

/** The document as the reader sees it; the incremental writer needs the reader behind it. */
export class ParsedPdf implements PdfDocument {
  readonly pageCount: number;
  private readonly pages = new Map<number, PageNode>();
  private index: IndexedPage[] | undefined | null = null;

  constructor(readonly reader: PdfReader) {
    this.pageCount = pageCount(reader);
  }

  get size(): number {
    return this.reader.bytes.length;
  }

  get xrefKind(): 'table' | 'stream' {
    return this.reader.xref.kind;
  }

  get revisionOffsets(): number[] {
    return this.reader.revisionOffsets;
  }

  pageNode(index: number): PageNode {
    if (!Number.isInteger(index) || index < 0 || index >= this.pageCount) {
      throw new KysoError('PAGE_OUT_OF_RANGE', { pageIndex: index, pageCount: this.pageCount });
    }
    let node = this.pages.get(index);
    if (!node) {
      node = this.findNode(index);
      this.pages.set(index, node);
    }
    return node;
  }

  /** The first pages asked for are found by descending the tree; from the third on, the tree is indexed once. */
  private findNode(index: number): PageNode {
    if (this.pages.size < 2) return findPage(this.reader, index);
    if (this.index === null) this.index = indexPages(this.reader, this.pageCount);
    const indexed = this.index?.[index];
    return indexed ? indexedPageNode(this.reader, indexed, index) : findPage(this.reader, index);
  }

  page(index: number): PageInfo {
    return this.pageNode(index).info;
  }

  signatures(): ExistingSignature[] {
    return readSignatures(this.reader);
  }

  docMdpPermission(): 1 | 2 | 3 | undefined {
    return readDocMdp(this.reader);
  }
}

/**
 * Opens a PDF strictly. Throws PDF_ENCRYPTED, PDF_MALFORMED (details: reason and offset) or PDF_NO_PAGES.
 * The bytes are neither copied nor modified.
 */
export function openPdf(bytes: Uint8Array): PdfDocument {
  return new ParsedPdf(new PdfReader(bytes));
}
