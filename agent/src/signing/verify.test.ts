import { afterAll, describe, expect, it } from 'vitest';
import { appearanceFont } from '../../../test/fixtures/appearance-font';
import {
  CA_EXTENSIONS,
  type CaHierarchy,
  createCaHierarchy,
  SIGNER_EXTENSIONS,
} from '../../../test/fixtures/ca-hierarchy';
import { handWrittenPdf } from '../../../test/fixtures/pdf-tools';
import { fileKeySigner } from '../../../test/fixtures/pki';
import { signDocument, verifyDocument } from '.';

const DAY_MS = 24 * 60 * 60 * 1000;

/** root → issuing CA (valid `interDays`) → signer with `signerExtensions`; the CMS carries the issuing CA. */
function hierarchy(signerExtensions: string, interDays = 30): CaHierarchy {
  return createCaHierarchy([
    { name: 'root', subject: '/C=VN/O=Verify Test/CN=Verify Test Root', extensions: CA_EXTENSIONS },
    { name: 'inter', subject: '/CN=Verify Test CA', issuer: 'root', extensions: CA_EXTENSIONS, days: interDays },
    { name: 'signer', subject: '/O=UBND xã Test/CN=Trần Thị Bình', issuer: 'inter', extensions: signerExtensions },
  ]);
}

async function signedBy(h: CaHierarchy, signingTime?: Date): Promise<Uint8Array> {
  const { signer, inter } = h.certificates;
  const key = fileKeySigner(signer!.keyPath, signer!.der, 'ECDSA', [inter!.der]);
  const document = new Uint8Array(handWrittenPdf({}));
  const signed = await signDocument(
    { document, signer: key, placement: { invisible: true }, signingTime },
    appearanceFont,
  );
  return new Uint8Array(Buffer.concat(signed.parts));
}

describe('verifying the signer certificate of a signature', () => {
  const made: CaHierarchy[] = [];
  afterAll(() => {
    for (const h of made) h.cleanup();
  });
  const make = (signerExtensions: string, interDays?: number) => {
    const h = hierarchy(signerExtensions, interDays);
    made.push(h);
    return h;
  };

  it('reports a signer certificate issued only for keyEncipherment as not fit to sign (coded, both languages)', async () => {
    const h = make('basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\n');
    const report = await verifyDocument(await signedBy(h), { trustedRoots: [h.certificates.root!.der] });
    const [signature] = report.signatures;
    expect(signature).toMatchObject({ integrity: true, chainTrusted: false });
    expect(signature?.warnings?.map((w) => [w.code, w.details])).toEqual([
      ['CERTIFICATE_NOT_FOR_SIGNING', { holder: 'Trần Thị Bình', keyUsage: 'keyEncipherment' }],
    ]);
    expect(signature?.warnings?.[0]?.message).toContain('không được cấp để ký số');
    expect(report.valid).toBe(false);
  });

  it('trusts a signer certificate for digitalSignature and nonRepudiation, with no warning', async () => {
    const h = make(SIGNER_EXTENSIONS);
    const report = await verifyDocument(await signedBy(h), { trustedRoots: [h.certificates.root!.der] });
    expect(report.signatures.map((s) => [s.integrity, s.chainTrusted, s.warnings])).toEqual([[true, true, undefined]]);
    expect(report.valid).toBe(true);
  });

  it('checks the path now when no time-stamp proves the signing time: a claimed time decides nothing', async () => {
    const h = make(SIGNER_EXTENSIONS, 1);
    const roots = { trustedRoots: [h.certificates.root!.der] };
    // The issuing CA expires tomorrow: a signature claiming a time after that is still judged by today.
    const claimedLater = await verifyDocument(await signedBy(h, new Date(Date.now() + 3 * DAY_MS)), roots);
    expect(claimedLater.signatures[0]).toMatchObject({ integrity: true, chainTrusted: true });
  });
});
