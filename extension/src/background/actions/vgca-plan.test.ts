import { describe, expect, it } from 'vitest';
import { parseAdapters, vgcaShimFor } from '../../common/adapter';
import { demoAdapterFor } from '../../common/default-adapters';
import { planVgcaCall } from './vgca-plan';

const PAGE = 'https://qlvb.example.gov.vn/cu/van-ban/1';
const params = (p: Record<string, unknown>) => JSON.stringify(p);
const handler = 'https://qlvb.example.gov.vn/FileUploadHandler.aspx?id=1';

describe("planning a page's vgca_* call", () => {
  it('maps vgca_sign_approved to the leader profile for a same-origin document and handler', () => {
    const plan = planVgcaCall(
      'vgca_sign_approved',
      params({
        FileUploadHandler: ` ${handler}`,
        SessionId: 'abc',
        FileName: '/files/1/quyet-dinh.pdf',
      }),
      PAGE,
    );
    expect(plan).toEqual({
      profile: 'leader',
      fileUrl: 'https://qlvb.example.gov.vn/files/1/quyet-dinh.pdf',
      uploadUrl: handler,
      fileName: 'quyet-dinh.pdf',
    });
  });

  it('keeps the DocNumber of vgca_sign_appendix for the appendix text, and only there', () => {
    const call = params({ FileUploadHandler: handler, FileName: '/files/2/phu-luc.pdf', DocNumber: '125/QĐ-UBND' });
    expect(planVgcaCall('vgca_sign_appendix', call, PAGE)).toMatchObject({
      profile: 'appendix',
      appendixNumber: '125/QĐ-UBND',
    });
    expect(planVgcaCall('vgca_sign_copy', call, PAGE)).not.toHaveProperty('appendixNumber');
  });

  it('refuses a document or an upload address on another origin, naming it', () => {
    expect(
      planVgcaCall(
        'vgca_sign_approved',
        params({ FileUploadHandler: handler, FileName: 'https://evil.example/a.pdf' }),
        PAGE,
      ),
    ).toEqual({ refuse: 'vgcaForeignFile', args: ['https://evil.example'] });
    expect(
      planVgcaCall(
        'vgca_sign_copy',
        params({ FileUploadHandler: 'http://qlvb.example.gov.vn/h', FileName: '/a.pdf' }),
        PAGE,
      ),
    ).toEqual({ refuse: 'vgcaForeignUpload', args: ['http://qlvb.example.gov.vn'] });
    expect(
      planVgcaCall('vgca_sign_copy', params({ FileUploadHandler: handler, FileName: 'file:///C:/a.pdf' }), PAGE),
    ).toMatchObject({ refuse: 'vgcaForeignFile' });
  });

  it('maps vgca_sign_issued DocNumber/IssuedDate to the issuance (today in Vietnam by default)', () => {
    const issued = (extra: Record<string, unknown>, now?: Date) =>
      planVgcaCall('vgca_sign_issued', params({ FileUploadHandler: handler, FileName: '/a.pdf', ...extra }), PAGE, now);
    // 2026-11-21 18:30 UTC is already the 22nd in Vietnam.
    expect(issued({ DocNumber: 123 }, new Date('2026-11-21T18:30:00Z'))).toMatchObject({
      profile: 'organization',
      issuance: { number: '123', date: '2026-11-22' },
    });
    expect(issued({ DocNumber: ' 125/QĐ-UBND ', IssuedDate: '05/03/2026' })).toMatchObject({
      issuance: { number: '125/QĐ-UBND', date: '2026-03-05' },
    });
    expect(issued({ DocNumber: '125', IssuedDate: '2026-03-05' })).toMatchObject({ issuance: { date: '2026-03-05' } });
    expect(issued({ DocNumber: '125', IssuedDate: '31/02/2026' })).toEqual({
      refuse: 'vgcaBadIssuedDate',
      args: ['31/02/2026'],
    });
    const plain = issued({ IssuedDate: '05/03/2026' });
    expect(plain).toMatchObject({ profile: 'organization' });
    expect(plain).not.toHaveProperty('issuance');
    // Only the clerk's function writes a number.
    expect(
      planVgcaCall(
        'vgca_sign_approved',
        params({ FileUploadHandler: handler, FileName: '/a.pdf', DocNumber: 1 }),
        PAGE,
      ),
    ).not.toHaveProperty('issuance');
  });

  it('refuses what it cannot do faithfully: a local file, incoming stamps, comments, batches', () => {
    expect(planVgcaCall('vgca_sign_approved', params({ FileUploadHandler: handler, FileName: '' }), PAGE)).toEqual({
      refuse: 'vgcaNoFile',
    });
    for (const fn of ['vgca_sign_income', 'vgca_comment', 'vgca_sign_files'] as const) {
      expect(planVgcaCall(fn, params({ FileUploadHandler: handler, FileName: '/a.pdf' }), PAGE)).toMatchObject({
        status: 3,
      });
    }
    expect(planVgcaCall('vgca_sign_appendix', 'not json', PAGE)).toEqual({ refuse: 'vgcaBadParams' });
  });
});

describe('where the shim is enabled', () => {
  it('is off unless a recipe enables it, and then only on its paths', () => {
    const demo = demoAdapterFor('http://127.0.0.1:4000');
    expect(vgcaShimFor(demo, 'http://127.0.0.1:4000/cu/van-ban/qd-125')).toMatchObject({ uploadField: 'uploadfile' });
    expect(vgcaShimFor(demo, 'http://127.0.0.1:4000/documents/qd-125')).toBeUndefined();
    expect(vgcaShimFor(demo, 'http://127.0.0.1:4001/cu/van-ban/qd-125')).toBeUndefined();
    expect(vgcaShimFor({ ...demo, vgcaShim: undefined }, 'http://127.0.0.1:4000/cu/van-ban/qd-125')).toBeUndefined();
    const parsed = parseAdapters([{ ...demo, vgcaShim: { enabled: true } }]).adapters[0]!;
    expect(parsed.vgcaShim).toEqual({ enabled: true, uploadField: 'uploadfile' });
    expect(parseAdapters([{ ...demo, vgcaShim: { enabled: true, paths: ['cu/*'] } }]).errors.join()).toContain('path');
  });
});
