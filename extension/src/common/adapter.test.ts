import { describe, expect, it } from 'vitest';
import {
  documentOfPortal,
  fillTemplate,
  findRecipe,
  missingPlaceholders,
  parseAdapters,
  recipeMatchesUrl,
  recipeOrigins,
} from './adapter';
import { DEMO_PORTAL_ADAPTER, demoAdapterFor } from './default-adapters';
import { isProblem, uploadTarget } from './upload-target';

describe('adapter recipes', () => {
  it('accepts the shipped demo recipe and fills its defaults', () => {
    const { adapters, errors } = parseAdapters([DEMO_PORTAL_ADAPTER]);
    expect(errors).toEqual([]);
    expect(adapters[0]?.upload.method).toBe('POST');
  });

  it('names the recipe and field of an invalid recipe in Vietnamese, and keeps the valid ones', () => {
    const broken = { ...DEMO_PORTAL_ADAPTER, id: 'tinh-a', matches: ['*'] };
    const other = { ...DEMO_PORTAL_ADAPTER, id: 'tinh-b' };
    const { adapters, errors, problems } = parseAdapters([broken, other]);
    expect(adapters.map((a) => a.id)).toEqual(['tinh-b']);
    expect(problems[0]).toMatchObject({ index: 0, recipeId: 'tinh-a', field: 'matches.0' });
    expect(errors[0]).toBe('Cấu hình cổng #1 (tinh-a), trường "matches.0": cần dạng https://tên-máy[:cổng]/đường-dẫn*');
  });

  it('says in Vietnamese what is missing, mistyped or unknown', () => {
    const { rows: _rows, ...noRows } = DEMO_PORTAL_ADAPTER;
    expect(parseAdapters([noRows]).errors).toEqual(['Cấu hình cổng #1 (demo-qlvb), trường "rows": thiếu (bắt buộc)']);
    const typo = { ...DEMO_PORTAL_ADAPTER, upload: { ...DEMO_PORTAL_ADAPTER.upload, csrf: { cokie: 'XSRF-TOKEN' } } };
    expect(parseAdapters([typo]).errors.join('\n')).toContain('trường không được biết: cokie');
    expect(parseAdapters({}).errors).toEqual(['Cấu hình cổng: cần một danh sách (mảng JSON) các cấu hình cổng']);
  });

  it('refuses a CSRF source that says where the token is but not how to send it', () => {
    const recipe = { ...DEMO_PORTAL_ADAPTER, upload: { ...DEMO_PORTAL_ADAPTER.upload, csrf: { metaName: 'csrf' } } };
    expect(parseAdapters([recipe]).errors.join()).toContain('field hoặc header');
  });

  it('accepts the Spring/Angular cookie convention and a token from a download header', () => {
    const csrf = { cookie: 'XSRF-TOKEN', header: 'X-XSRF-TOKEN' };
    const recipe = { ...DEMO_PORTAL_ADAPTER, upload: { ...DEMO_PORTAL_ADAPTER.upload, csrf } };
    expect(parseAdapters([recipe]).errors).toEqual([]);
    const fromDownload = { responseHeader: 'X-Upload-Token', field: '_csrf' };
    const second = { ...DEMO_PORTAL_ADAPTER, upload: { ...DEMO_PORTAL_ADAPTER.upload, csrf: fromDownload } };
    expect(parseAdapters([second]).errors).toEqual([]);
    const badHeader = {
      ...DEMO_PORTAL_ADAPTER,
      upload: { ...DEMO_PORTAL_ADAPTER.upload, csrf: { cookie: 'x', header: 'a b' } },
    };
    expect(parseAdapters([badHeader]).errors.join()).toContain('upload.csrf.header');
  });

  it('matches URLs by scheme, host and port, not by substring', () => {
    const recipe = demoAdapterFor('http://127.0.0.1:4000');
    expect(recipeMatchesUrl(recipe, 'http://127.0.0.1:4000/documents/1')).toBe(true);
    expect(recipeMatchesUrl(recipe, 'http://127.0.0.1:4001/documents/1')).toBe(false);
    expect(recipeMatchesUrl(recipe, 'http://evil.example/?http://127.0.0.1:4000/')).toBe(false);
    expect(findRecipe([recipe], 'http://localhost:4000/')).toBeUndefined();
  });

  it('fills keys with digits and hyphens, attributes and named values; reports the missing ones', () => {
    const values = { 'attr:data-v2-id': '7', fileId: 'f/9', id: '12' };
    expect(fillTemplate('/api/v2/docs/{attr:data-v2-id}/files/{fileId}', values)).toBe('/api/v2/docs/7/files/f%2F9');
    expect(fillTemplate('{fileId}.pdf', values, false)).toBe('f/9.pdf');
    expect(missingPlaceholders('/files/{fileId}/{attr:data-x}/{name}', values)).toEqual(['attr:data-x', 'name']);
  });

  it('builds the upload address from the row values on the page origin only', () => {
    const recipe = parseAdapters([
      {
        ...DEMO_PORTAL_ADAPTER,
        upload: {
          urlTemplate: '/api/v2/documents/{attr:data-doc-id}/signed',
          method: 'PUT',
          fileNameTemplate: '{name}',
          extraFields: { documentId: '{id}' },
        },
      },
    ]).adapters[0]!;
    const target = uploadTarget(
      recipe,
      { 'attr:data-doc-id': 'D-1', id: 'D-1', name: 'Quyết định.pdf' },
      'https://qlvb.x.gov.vn/app',
    );
    expect(target).toEqual({
      url: 'https://qlvb.x.gov.vn/api/v2/documents/D-1/signed',
      method: 'PUT',
      fileName: 'Quyết định.pdf',
      fields: { documentId: 'D-1' },
    });
    const missing = uploadTarget(recipe, { id: '1' }, 'https://qlvb.x.gov.vn/app');
    expect(isProblem(missing) && missing.field).toBe('upload.urlTemplate');
    const elsewhere = { ...recipe, upload: { ...recipe.upload, urlTemplate: 'https://evil.example/{id}' } };
    expect(isProblem(uploadTarget(elsewhere, { id: '1' }, 'https://qlvb.x.gov.vn/app'))).toBe(true);
  });

  it('gives the origins a recipe needs as host permission patterns', () => {
    const recipe = {
      ...DEMO_PORTAL_ADAPTER,
      matches: ['https://qlvb.x.gov.vn/app/*', 'https://qlvb.x.gov.vn/cu/*', 'http://127.0.0.1:5173/*'],
    };
    expect(recipeOrigins(recipe)).toEqual(['https://qlvb.x.gov.vn/*', 'http://127.0.0.1:5173/*']);
  });

  it('URL-encodes values filled into templates', () => {
    expect(fillTemplate('/documents/{id}/upload?f={name}', { id: 'a/b', name: 'quyết định.pdf' })).toBe(
      '/documents/a%2Fb/upload?f=quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.pdf',
    );
  });

  it("lets a page have us fetch only its own origin's documents or those its recipe matches", () => {
    const recipe = demoAdapterFor('http://127.0.0.1:4000');
    const page = 'http://127.0.0.1:4000/documents/1';
    expect(documentOfPortal(recipe, page, 'http://127.0.0.1:4000/files/1.pdf')).toBe(true);
    expect(documentOfPortal(recipe, page, 'http://127.0.0.1:4001/files/1.pdf')).toBe(false);
    expect(documentOfPortal(recipe, page, 'https://evil.example/files/1.pdf')).toBe(false);
    const withFileHost = { ...recipe, matches: [...recipe.matches, 'https://files.example.gov.vn/*'] };
    expect(documentOfPortal(withFileHost, page, 'https://files.example.gov.vn/1.pdf')).toBe(true);
  });
});
