import { KysoError } from '@kyso/shared';
import { describe, expect, it } from 'vitest';
import { base64ToBytes } from '../common/base64';
import type { UploadOutcome } from '../common/messages';
import {
  failedItem,
  planFailure,
  portalStatusOf,
  portalVerdict,
  recentOf,
  rowsToSign,
  runSummary,
  uploadedItem,
} from './outcomes';

const signed = new TextEncoder().encode('%PDF-1.7 signed');
const upload = (ok: boolean, status: number, body: unknown): UploadOutcome => ({ ok, status, body });

describe('what an upload came to', () => {
  it("takes a portal's HTTP status as its verdict, but a VGCA handler's Status: false as a refusal with its Message", () => {
    const refusedWith200 = upload(true, 200, { Status: false, Message: 'Sai định dạng tệp' });
    expect(portalVerdict(refusedWith200, false).ok).toBe(true);
    expect(portalVerdict(refusedWith200, true)).toMatchObject({ ok: false, reason: 'Sai định dạng tệp' });
    expect(portalVerdict(upload(true, 200, { Status: 0, FileServer: '/f/1.pdf' }), true).ok).toBe(true);
    expect(portalVerdict(upload(false, 500, 'Lỗi máy chủ'), true).ok).toBe(false);
  });

  it("reads the portal's verdict on the file only where it gives one as text", () => {
    expect(portalStatusOf({ version: { status: { summary: 'Hợp lệ' } } })).toBe('Hợp lệ');
    expect(portalStatusOf({ version: { status: { summary: 7 } } })).toBeUndefined();
    expect(portalStatusOf('<html>')).toBeUndefined();
    expect(portalStatusOf(null)).toBeUndefined();
  });

  it('lists a signature in the recent list by names and the portal origin only', () => {
    const entry = recentOf(
      { title: 'Quyết định 12', fileName: 'qd-12.pdf' },
      'https://qlvb.example.gov.vn/van-ban/12?tab=2',
      { signer: 'Nguyễn Văn A', signedAt: '2026-11-22T09:00:00+07:00' },
      upload(false, 403, { version: { status: { summary: 'Từ chối' } } }),
    );
    expect(entry).toEqual({
      at: '2026-11-22T09:00:00+07:00',
      title: 'Quyết định 12',
      fileName: 'qd-12.pdf',
      signer: 'Nguyễn Văn A',
      portal: 'https://qlvb.example.gov.vn',
      uploaded: false,
      status: 'Từ chối',
    });
  });
});

describe('a batch run', () => {
  it('signs each asked row once, in the order asked, and no row the batch does not have', () => {
    expect(rowsToSign([2, 0, 2, 5, 1], 3)).toEqual([2, 0, 1]);
    expect(rowsToSign([3], 3)).toEqual([]);
  });

  it('keeps the signed file on the page when the portal refused it, and marks an accepted row done', () => {
    const warnings = [{ code: 'CHAIN_INCOMPLETE', message: 'x', messageEn: 'x' }];
    const refused = uploadedItem(4, upload(false, 413, { message: 'too big' }), signed, warnings, false);
    expect(refused).toMatchObject({ index: 4, state: 'failed', uploadStatus: 413, warnings });
    expect(new TextDecoder().decode(base64ToBytes(refused.signedBase64 ?? ''))).toBe('%PDF-1.7 signed');
    expect(refused.portalBody).toBeUndefined();
    const done = uploadedItem(1, upload(true, 200, { Status: true }), signed, [], true);
    expect(done).toEqual({
      index: 1,
      state: 'done',
      portalStatus: undefined,
      warnings: [],
      portalBody: { Status: true },
    });
  });

  it('reports a row that failed with its stable code, with the signed file only when it was signed', () => {
    const beforeSigning = failedItem(0, new KysoError('DOCUMENT_CHANGED', { url: 'x' }));
    expect(beforeSigning.error?.code).toBe('DOCUMENT_CHANGED');
    expect(beforeSigning).not.toHaveProperty('signedBase64');
    expect(failedItem(1, new Error('network'), signed).signedBase64).toBeTruthy();
  });

  it('counts uploaded, signed (uploaded or kept on the page) and failed rows', () => {
    const results = [
      uploadedItem(0, upload(true, 200, {}), signed, [], false),
      uploadedItem(1, upload(false, 500, ''), signed, [], false),
      failedItem(2, new KysoError('CANCELLED', {})),
    ];
    const summary = runSummary(results, undefined, 'start', 'end');
    expect(summary).toMatchObject({ uploaded: 1, signed: 2, failed: 2, startedAt: 'start', finishedAt: 'end' });
  });

  it("keeps the page count of a document whose placement was not found, for the review's row", () => {
    const notFound = new KysoError('PLACEMENT_NOT_FOUND', { pageCount: 3, reason: 'no signer block' });
    const row = planFailure(2, notFound, signed);
    expect(row).toMatchObject({ index: 2, pageCount: 3, error: { code: 'PLACEMENT_NOT_FOUND' } });
    expect(row.pdfBase64).toBeTruthy();
    expect(planFailure(2, new KysoError('INPUT_NOT_FOUND', { pageCount: 'x' }), undefined)).toMatchObject({
      pageCount: undefined,
      pdfBase64: undefined,
    });
  });
});
