/** What a signing job holds (jobs.ts keeps it in storage.session); its own module so portal I/O can name it. */
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
