/**
 * A signing job: one document from one portal tab, from the click to the upload. Kept in storage.session so a
 * worker restart while the user types the PIN loses nothing (the PDF itself is downloaded again if needed).
 */
import browser from 'webextension-polyfill';
import type { AdapterRecipe } from '../common/adapter';
import type { DocumentInPage } from '../common/messages';
import type { Issuance } from './issuance';

export interface SigningJob {
  id: string;
  tabId: number;
  pageUrl: string;
  recipe: AdapterRecipe;
  document: DocumentInPage;
  /** The portal's anti-CSRF token read from the page at click time; only sent back to that portal. */
  csrfToken?: string;
  createdAt: string;
  windowId?: number;
  /**
   * The clerk's issuance a page asked for (`vgca_sign_issued` with DocNumber): written into "Số: …" and
   * "ngày … tháng … năm …" with the organisation's signature. The dialog shows it; the user cannot change it.
   */
  issuance?: Issuance;
  /** The number of the document an appendix belongs to (`vgca_sign_appendix` with DocNumber): in its text. */
  appendixNumber?: string;
  /** `vgca`: the upload goes to a VGCA FileUploadHandler, whose HTTP 200 answer may still say `Status: false`. */
  uploadAnswer?: 'vgca';
}

const PREFIX = 'job:';
const pdfCache = new Map<string, Uint8Array>();

export function newJobId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function saveJob(job: SigningJob): Promise<void> {
  await browser.storage.session.set({ [PREFIX + job.id]: job });
}

export async function loadJob(id: string): Promise<SigningJob | undefined> {
  const value = (await browser.storage.session.get(PREFIX + id))[PREFIX + id];
  return value as SigningJob | undefined;
}

export async function deleteJob(id: string): Promise<void> {
  pdfCache.delete(id);
  await browser.storage.session.remove(PREFIX + id);
}

export function cachePdf(id: string, bytes: Uint8Array): void {
  pdfCache.set(id, bytes);
}

export function cachedPdf(id: string): Uint8Array | undefined {
  return pdfCache.get(id);
}
