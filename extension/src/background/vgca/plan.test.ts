import { describe, expect, it } from 'vitest';
import { parseAdapters, vgcaShimFor } from '../../common/adapter';
import { demoAdapterFor } from '../../common/default-adapters';
import { handlerUpload, planFilesCall, planVgcaCall, unsupportedRefusal } from './plan';
import { textToSign } from './text';

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
      profiles: ['leader'],
      fileUrl: 'https://qlvb.example.gov.vn/files/1/quyet-dinh.pdf',
      uploadUrl: handler,
      fileName: 'quyet-dinh.pdf',
    });
  });

  it('keeps the DocNumber of vgca_sign_appendix for the appendix text, and only there', () => {
    const call = params({ FileUploadHandler: handler, FileName: '/files/2/phu-luc.pdf', DocNumber: '125/QĐ-UBND' });
    expect(planVgcaCall('vgca_sign_appendix', call, PAGE)).toMatchObject({
      profiles: ['appendix'],
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
      profiles: ['organization'],
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
    expect(plain).toMatchObject({ profiles: ['organization'] });
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

  it('maps the other PDF functions: income with its number, comment, and the generic sign_pdf/sign_file', () => {
    const call = (extra: Record<string, unknown> = {}) =>
      params({ FileUploadHandler: handler, FileName: '/files/3/cong-van.pdf', ...extra });
    expect(planVgcaCall('vgca_sign_income', call({ DocNumber: '1234' }), PAGE)).toMatchObject({
      profiles: ['income'],
      appendixNumber: '1234',
    });
    expect(planVgcaCall('vgca_sign_income', call(), PAGE)).not.toHaveProperty('appendixNumber');
    expect(planVgcaCall('vgca_comment', call(), PAGE)).toMatchObject({ profiles: ['custom'] });
    // The user picks the role of a generic call; with a DocNumber it is the clerk's issuance (public portals
    // route issuance through vgca_sign_file).
    for (const fn of ['vgca_sign_pdf', 'vgca_sign_file'] as const) {
      expect(planVgcaCall(fn, call(), PAGE)).toMatchObject({ profiles: ['leader', 'organization', 'custom'] });
      expect(planVgcaCall(fn, call({ DocNumber: '125', IssuedDate: '05/03/2026' }), PAGE)).toMatchObject({
        profiles: ['organization'],
        issuance: { number: '125', date: '2026-03-05' },
      });
    }
  });

  it('refuses a call without a file, and parameters that are not JSON', () => {
    expect(planVgcaCall('vgca_sign_approved', params({ FileUploadHandler: handler, FileName: '' }), PAGE)).toEqual({
      refuse: 'vgcaNoFile',
    });
    expect(planVgcaCall('vgca_sign_appendix', 'not json', PAGE)).toEqual({ refuse: 'vgcaBadParams' });
  });
});

describe('functions answered "not supported"', () => {
  it('refuses a bare hash, XML, Office and unknown socket paths with the reason and status 3, and nothing else', () => {
    expect(unsupportedRefusal('vgca_sign_hash')).toEqual({
      refuse: 'vgcaHashRefused',
      args: ['vgca_sign_hash'],
      status: 3,
    });
    expect(unsupportedRefusal('vgca_sign_xml')).toMatchObject({ refuse: 'vgcaXmlUnsupported', status: 3 });
    expect(unsupportedRefusal('unknown:SignSomething')).toEqual({
      refuse: 'vgcaUnknownFunction',
      args: ['SignSomething'],
      status: 3,
    });
    for (const offered of ['vgca_sign_approved', 'vgca_sign_files', 'vgca_sign_json', 'vgca_get_version'] as const) {
      expect(unsupportedRefusal(offered), offered).toBeUndefined();
    }
  });
});

describe("planning a page's vgca_sign_files call", () => {
  const files = (list: unknown[], upload: unknown = handler) => params({ FileUploadHandler: upload, Files: list });

  it("makes one batch document per file in the page's order, named by FileName, keyed by FileID", () => {
    const planned = planFilesCall(
      files([
        { FileID: 17, FileName: 'Tờ trình.pdf', URL: '/files/17/to-trinh.pdf' },
        { FileName: '/files/18/bao-cao.pdf' },
      ]),
      PAGE,
    );
    if ('refuse' in planned) throw new Error(planned.refuse);
    expect(planned.handler.href).toBe(handler);
    expect(planned.documents).toEqual([
      {
        url: 'https://qlvb.example.gov.vn/files/17/to-trinh.pdf',
        id: '17',
        title: 'Tờ trình.pdf',
        fileName: 'to-trinh.pdf',
      },
      {
        url: 'https://qlvb.example.gov.vn/files/18/bao-cao.pdf',
        id: '1',
        title: '/files/18/bao-cao.pdf',
        fileName: 'bao-cao.pdf',
      },
    ]);
  });

  it('refuses the whole call for one foreign file or handler, no files, too many files, or no handler', () => {
    const own = { URL: '/files/1.pdf' };
    expect(planFilesCall(files([own, { URL: 'https://evil.example/x.pdf' }]), PAGE)).toEqual({
      refuse: 'vgcaForeignFile',
      args: ['https://evil.example'],
    });
    expect(planFilesCall(files([own], 'https://evil.example/upload'), PAGE)).toEqual({
      refuse: 'vgcaForeignUpload',
      args: ['https://evil.example'],
    });
    expect(planFilesCall(files([own], ''), PAGE)).toEqual({ refuse: 'vgcaNoUploadHandler' });
    expect(planFilesCall(files([]), PAGE)).toEqual({ refuse: 'vgcaBadParams' });
    expect(planFilesCall(files(Array.from({ length: 201 }, () => own)), PAGE)).toEqual({ refuse: 'vgcaBadParams' });
    expect(planFilesCall('{', PAGE)).toEqual({ refuse: 'vgcaBadParams' });
  });

  it("posts to the call's handler with the shim's field, braces in its address not read as placeholders", () => {
    const recipe = demoAdapterFor('https://qlvb.example.gov.vn');
    const upload = handlerUpload(recipe, 'https://qlvb.example.gov.vn/up?x={id}', 'uploadfile', { FileID: '{id}' });
    expect(upload.upload).toEqual({
      urlTemplate: 'https://qlvb.example.gov.vn/up?x=%7Bid%7D',
      method: 'POST',
      fileField: 'uploadfile',
      extraFields: { FileID: '{id}' },
      csrf: recipe.upload.csrf,
    });
    expect(upload.matches).toEqual(recipe.matches);
  });
});

describe('the text a data-signing call shows and signs', () => {
  const opinion = 'Đồng ý. Giao Phòng Tài chính thực hiện.';
  it('takes JsonContent as given (a string, or an object as its JSON), detached unless DetachPayload is false', () => {
    expect(textToSign('vgca_sign_json', JSON.stringify({ JsonContent: opinion }))).toEqual({
      content: opinion,
      attached: false,
    });
    expect(textToSign('vgca_sign_json', JSON.stringify({ JsonContent: opinion, DetachPayload: 'false' }))).toEqual({
      content: opinion,
      attached: true,
    });
    expect(textToSign('vgca_sign_json', JSON.stringify({ JsonContent: { yKien: opinion, id: 7 } }))).toEqual({
      content: JSON.stringify({ yKien: opinion, id: 7 }),
      attached: false,
    });
  });

  it('decodes vgca_sign_msg from base64 as UTF-8 text', () => {
    const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(opinion)));
    expect(textToSign('vgca_sign_msg', base64)).toEqual({ content: opinion, attached: false });
  });

  it('refuses what the user could not read: binary, control characters, empty, too long', () => {
    const binary = btoa(String.fromCharCode(0xff, 0xfe, 0x00, 0x81));
    expect(textToSign('vgca_sign_msg', binary)).toEqual({ refuse: 'vgcaNotText' });
    expect(textToSign('vgca_sign_msg', btoa('abc\u0001def'))).toEqual({ refuse: 'vgcaNotText' });
    expect(textToSign('vgca_sign_json', JSON.stringify({ JsonContent: '   ' }))).toEqual({ refuse: 'vgcaNotText' });
    expect(textToSign('vgca_sign_json', JSON.stringify({}))).toEqual({ refuse: 'vgcaNotText' });
    expect(textToSign('vgca_sign_json', 'not json')).toEqual({ refuse: 'vgcaBadParams' });
    expect(textToSign('vgca_auth', 'x'.repeat(70_000))).toMatchObject({ refuse: 'vgcaTextTooLong' });
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
