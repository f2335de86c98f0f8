import { readFileSync } from 'node:fs';
import { type CertificateSummary, ERROR_TEXTS, KysoError, serializeError, type VerifyResult } from '@kyso/shared';
import { describe, expect, it } from 'vitest';
import { Translator } from '../../common/i18n';
import type { DocumentInPage, SignOutcome, UploadOutcome } from '../../common/messages';
import { vgcaErrorResult } from '../../common/vgca-protocol';
import {
  certInfoOf,
  filesResult,
  refusalResult,
  signedResult,
  uploadRefusedResult,
  verifyResult,
  vgcaHandlerAccepted,
} from './answers';

/** The shipped Vietnamese texts, as the worker reads them. */
function vietnamese(): Translator {
  const file = new URL('../../../public/_locales/vi/messages.json', import.meta.url);
  const entries = Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, { message: string }>);
  return new Translator('vi', Object.fromEntries(entries.map(([key, value]) => [key, value.message])));
}

const t = vietnamese();
const parse = (json: string) => JSON.parse(json) as Record<string, unknown>;
const upload = (ok: boolean, status: number, body: unknown): UploadOutcome => ({ ok, status, body });

describe("what a page's vgca_* callback hears", () => {
  it('accepts a handler answer only with HTTP success and a Status of true or 0 (or none)', () => {
    for (const status of [true, 'true', ' TRUE ', 0, '0']) {
      expect(vgcaHandlerAccepted(upload(true, 200, { Status: status })), String(status)).toBe(true);
    }
    for (const status of [false, 'false', 1, '1', 'error', null]) {
      expect(vgcaHandlerAccepted(upload(true, 200, { Status: status })), String(status)).toBe(false);
    }
    expect(vgcaHandlerAccepted(upload(true, 200, 'OK'))).toBe(true);
    expect(vgcaHandlerAccepted(upload(false, 500, { Status: true }))).toBe(false);
  });

  it('answers an error with its stable code and the shared Vietnamese text, not an English exception', () => {
    const answer = parse(vgcaErrorResult(t, serializeError(new KysoError('AGENT_NOT_RUNNING', { port: 8765 }))));
    expect(answer).toMatchObject({ Status: 1, Code: 'AGENT_NOT_RUNNING' });
    expect(answer.Message).toContain(ERROR_TEXTS.AGENT_NOT_RUNNING.vi);
    const unexpected = parse(vgcaErrorResult(t, new Error('boom')));
    expect(unexpected).not.toHaveProperty('Code');
    expect(unexpected.Message).toContain('boom');
  });

  it('names what the page got wrong in a refusal, with the status it asks for', () => {
    const answer = parse(refusalResult(t, { refuse: 'vgcaForeignFile', args: ['https://khac.example'], status: 3 }));
    expect(answer.Status).toBe(3);
    expect(answer.Message).toContain('https://khac.example');
    expect(answer.Message).not.toBe('vgcaForeignFile');
  });

  it('tells the page where the handler kept the file and the issued number and date as dd/MM/yyyy', () => {
    const outcome: SignOutcome = {
      signer: 'Văn thư',
      signedAt: '2026-11-22T09:00:00+07:00',
      upload: upload(true, 200, { Status: true, FileServer: '/kho/12.pdf', FileName: 'qd-12-signed.pdf' }),
      issuance: { number: '12/QĐ-UBND', date: '2026-11-22' },
      warnings: [],
    };
    expect(parse(signedResult(outcome, 'qd-12.pdf'))).toMatchObject({
      Status: 0,
      FileName: 'qd-12-signed.pdf',
      FileServer: '/kho/12.pdf',
      DocumentNumber: '12/QĐ-UBND',
      DocumentDate: '22/11/2026',
      Signer: 'Văn thư',
    });
    const plain = { ...outcome, upload: upload(true, 200, 'OK'), issuance: undefined };
    expect(parse(signedResult(plain, 'qd-12.pdf'))).toMatchObject({ FileName: 'qd-12.pdf', DocumentDate: '' });
  });

  it("keeps the handler's HTTP status and reason when it refused the signed file", () => {
    const outcome: SignOutcome = {
      signer: 'A',
      signedAt: 'x',
      upload: upload(true, 200, { Status: false, Message: 'Hồ sơ đã khóa' }),
      warnings: [],
    };
    const answer = parse(uploadRefusedResult(t, outcome));
    expect(answer.Status).toBe(1);
    expect(answer.Message).toContain('200');
    expect(answer.Message).toContain('Hồ sơ đã khóa');
  });

  it("answers vgca_sign_files in the page's order, a file never run as cancelled, the handler's answer as JSON", () => {
    const documents: DocumentInPage[] = ['a', 'b', 'c'].map((id) => ({
      url: `https://p/${id}.pdf`,
      id,
      title: id,
      fileName: `${id}.pdf`,
    }));
    const answer = parse(
      filesResult(t, documents, [
        { index: 2, state: 'failed', portalBody: { Status: false, Message: 'Tệp quá lớn' } },
        { index: 0, state: 'done', portalBody: { Status: true, FileServer: '/kho/a.pdf' } },
      ]),
    );
    const files = answer.Files as Record<string, unknown>[];
    expect(files.map((f) => [f.FileID, f.Status])).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 1],
    ]);
    expect(files[0]).toMatchObject({ FileServer: '/kho/a.pdf', Message: '' });
    expect(JSON.parse(files[0]?.FileSignedURL as string)).toEqual({ Status: true, FileServer: '/kho/a.pdf' });
    expect(files[1]).toMatchObject({ Message: t.t('vgcaCancelled'), FileSignedURL: '' });
    expect(files[2]?.Message).toBe('Tệp quá lớn');
    expect(answer).toMatchObject({ Status: 1, Message: t.t('vgcaFilesDone', '1', '3') });
  });

  it('calls a signature valid for vgca_verify_pdf only when intact, trusted, not changed beyond form filling, with a good time-stamp and a certificate that may sign', () => {
    const report = (over: Partial<VerifyResult['signatures'][number]>) => ({
      fieldName: 'Sig1',
      signer: 'A',
      integrity: true,
      chainTrusted: true,
      coversWholeDocument: false,
      laterChangesAllowed: true,
      modifications: { level: 'FORM_FILLING' as const, reasons: [] },
      ...over,
    });
    const result: VerifyResult = {
      valid: false,
      signatures: [
        report({}),
        report({ chainTrusted: false }),
        report({ laterChangesAllowed: false, modifications: { level: 'OTHER', reasons: ['page content changed'] } }),
        report({ timestamp: { time: '2026-12-01T09:00:00+07:00', valid: false } }),
        report({
          warnings: [{ code: 'CERTIFICATE_NOT_FOR_SIGNING', message: 'vi', messageEn: 'en', details: {} }],
        }),
      ],
    };
    const answer = parse(verifyResult(t, result, 'qd.pdf'));
    // The same rule as the verify view (common/verdict.ts): a page never hears "valid" where a person reads "invalid".
    expect((answer.Signatures as { IsValid: boolean }[]).map((s) => s.IsValid)).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(answer).toMatchObject({ Status: 1, FileName: 'qd.pdf', Message: t.t('vgcaVerifyInvalid', '5') });
    expect(parse(verifyResult(t, { valid: true, signatures: [] }, 'x.pdf'))).toMatchObject({
      Status: 1,
      Message: t.t('vgcaNotSigned'),
    });
  });

  it('gives vgca_get_certinfo the serial without its DER sign byte and the validity in Vietnam time', () => {
    const cert = {
      subject: 'CN=Nguyễn Văn A',
      issuer: 'CN=CA',
      serial: '00a1b2',
      notBefore: '2026-01-01T17:30:00.000Z',
      notAfter: '2028-01-01T00:00:00.000Z',
      der: 'MIIB',
    } as CertificateSummary;
    expect(certInfoOf(cert)).toEqual({
      Subject: 'CN=Nguyễn Văn A',
      Issuer: 'CN=CA',
      SerialNumber: 'A1B2',
      ValidFrom: '2026-01-02T00:30:00+07:00',
      ValidTo: '2028-01-01T07:00:00+07:00',
      Base64Data: 'MIIB',
    });
    expect(certInfoOf({ ...cert, serial: '00' }).SerialNumber).toBe('00');
  });
});
