/** The "Kiểm tra cấu hình" report a portal tab gives the popup: what the recipe finds on this page. */
export interface CheckReport {
  url: string;
  recipe?: { id: string; name: string };
  rows: number;
  /** Working "Ký số" buttons. */
  buttons: number;
  pdfAddresses: number;
  uploadAddresses: number;
  /** The first row the recipe could not use, with the recipe field to fix. */
  firstProblem?: { row: number; title: string; field: string; reason: string };
  /** An example of each address built, so IT can compare with the portal's own. */
  examplePdf?: string;
  exampleUpload?: string;
  /** Whether the anti-CSRF token the recipe names is on the page now (undefined: the recipe names none). */
  csrfFound?: boolean;
}

/** The popup's question to the content script of its tab. */
export const CHECK_REQUEST = 'kyso.check';
