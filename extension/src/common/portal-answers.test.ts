import { describe, expect, it } from 'vitest';
import { fileNameFromContentDisposition, portalErrorText } from './portal-answers';

describe('file names from Content-Disposition (RFC 6266)', () => {
  it('prefers filename* (RFC 8187, UTF-8) over the plain filename', () => {
    const header = `attachment; filename="Quyet dinh.pdf"; filename*=UTF-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2012.pdf`;
    expect(fileNameFromContentDisposition(header)).toBe('Quyết định 12.pdf');
  });

  it('reads quoted names with escapes, bare tokens and raw UTF-8 bytes sent as Latin-1', () => {
    expect(fileNameFromContentDisposition('inline; filename="a \\"b\\".pdf"')).toBe('a b.pdf');
    expect(fileNameFromContentDisposition('attachment; filename=cv-12.pdf')).toBe('cv-12.pdf');
    const raw = String.fromCharCode(...new TextEncoder().encode('công văn.pdf'));
    expect(fileNameFromContentDisposition(`attachment; filename="${raw}"`)).toBe('công văn.pdf');
  });

  it('never gives a path or an empty name', () => {
    expect(fileNameFromContentDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(fileNameFromContentDisposition(`attachment; filename*=UTF-8''..%2F..%2Fx.pdf`)).toBe('x.pdf');
    expect(fileNameFromContentDisposition('attachment; filename=""')).toBeUndefined();
    expect(fileNameFromContentDisposition('attachment')).toBeUndefined();
    expect(fileNameFromContentDisposition(null)).toBeUndefined();
  });
});

describe('portal error texts from JSON answers', () => {
  it('reads the shapes portals use', () => {
    // Spring Boot's default error body: `error` is only the status text.
    expect(portalErrorText({ status: 403, error: 'Forbidden', message: 'Missing CSRF token' })).toBe(
      'Missing CSRF token',
    );
    expect(portalErrorText({ Status: false, Message: 'Tệp không hợp lệ' })).toBe('Tệp không hợp lệ');
    expect(portalErrorText({ error: 'Văn bản đã được ký' })).toBe('Văn bản đã được ký');
    expect(portalErrorText({ error: { code: 'E12', message: 'Hết phiên làm việc' } })).toBe('Hết phiên làm việc');
    expect(portalErrorText({ title: 'Forbidden', detail: 'Bạn không có quyền ký văn bản này' })).toBe(
      'Bạn không có quyền ký văn bản này',
    );
    expect(portalErrorText({ errors: [{ defaultMessage: 'file: quá lớn' }, 'thiếu số hiệu'] })).toBe(
      'file: quá lớn; thiếu số hiệu',
    );
    // ASP.NET ProblemDetails validation: a generic title, the reasons per field.
    expect(
      portalErrorText({ title: 'One or more validation errors occurred.', errors: { File: ['Tệp phải là PDF'] } }),
    ).toBe('Tệp phải là PDF');
    expect(portalErrorText({ title: 'Not Found' })).toBe('Not Found');
  });

  it('gives nothing for answers without a reason, and bounds long ones', () => {
    expect(portalErrorText('<html>Forbidden</html>')).toBe('');
    expect(portalErrorText([{ message: 'x' }])).toBe('');
    expect(portalErrorText({ ok: false })).toBe('');
    expect(portalErrorText({ message: 'x'.repeat(5000) })).toHaveLength(300);
  });
});
