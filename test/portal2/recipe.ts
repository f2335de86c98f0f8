/**
 * The recipe IT would write for the second portal (test/portal2): cards, the file id from the "Xem" button,
 * cookie CSRF echoed in a header, PUT upload. Only its `matches` depend on where the test runs the portal.
 */
export function spaRecipe(origin: string) {
  return {
    id: 'dieu-hanh-spa',
    name: 'Điều hành tác nghiệp (SPA thử nghiệm)',
    // Only the document list: the app's home page gets no buttons and no work.
    matches: [`${origin}/app/van-ban*`],
    rows: {
      selector: 'div.doc-card',
      idAttribute: 'data-document-id',
      titleSelector: '.card-title',
      values: { fileId: { selector: 'button.btn-view', attribute: 'data-file-id' } },
    },
    pdf: { urlTemplate: '/api/v2/files/{fileId}/content' },
    button: { anchorSelector: '.card-actions', position: 'append' },
    upload: {
      urlTemplate: '/api/v2/documents/{id}/signed-file',
      method: 'PUT',
      fileField: 'file',
      csrf: { cookie: 'XSRF-TOKEN', header: 'X-XSRF-TOKEN' },
    },
    profiles: ['leader'],
  };
}
