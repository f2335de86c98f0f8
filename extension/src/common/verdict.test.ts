import type { SignatureReport } from '@kyso/shared';
import { describe, expect, it } from 'vitest';
import { verdictOf } from './verdict';

const intact: SignatureReport = {
  fieldName: 'Signature1',
  signer: 'Nguyễn Văn An',
  integrity: true,
  chainTrusted: true,
  coversWholeDocument: true,
  laterChangesAllowed: true,
  modifications: { level: 'NONE', reasons: [] },
};

describe('the verify view verdict of one signature', () => {
  it('is valid when intact, unmodified and trusted', () => {
    expect(verdictOf(intact)).toBe('valid');
  });

  it('is only unknown when the chain is not trusted (a root may be missing)', () => {
    expect(verdictOf({ ...intact, chainTrusted: false })).toBe('unknown');
  });

  it('is invalid when the certificate is not issued for signing, whatever the chain', () => {
    const warning = {
      code: 'CERTIFICATE_NOT_FOR_SIGNING',
      message: 'Chứng thư số không được cấp để ký số',
      messageEn: 'not issued for signing',
      details: { holder: 'Nguyễn Văn An', keyUsage: 'keyEncipherment' },
    };
    expect(verdictOf({ ...intact, chainTrusted: false, warnings: [warning] })).toBe('invalid');
    expect(verdictOf({ ...intact, warnings: [warning] })).toBe('invalid');
  });

  it('is invalid when a later revision modified what was signed', () => {
    expect(
      verdictOf({ ...intact, coversWholeDocument: false, modifications: { level: 'OTHER', reasons: ['x'] } }),
    ).toBe('invalid');
  });
});
