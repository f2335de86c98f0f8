import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Signer } from '@kyso/shared';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, fileKeySigner, type TestPki } from '../../../test/fixtures/pki';
import { opensslVerifyCms } from '../../../test/fixtures/validate';
import { buildSignedAttributes, createDetachedCms, describeCertificate, OID, verifyDetachedCms } from './index';

let pki: TestPki;
let rsa: { keyPath: string; certDer: Uint8Array };
let ec: { keyPath: string; certDer: Uint8Array };
const content = Buffer.from('Nội dung văn bản cần ký — %PDF byte ranges stand-in\n'.repeat(50));
const digest = new Uint8Array(createHash('sha256').update(content).digest());

beforeAll(() => {
  pki = createTestPki();
  rsa = pki.issue('rsa', 'rsa', '/C=VN/O=UBND tỉnh Thanh Hóa/CN=Nguyễn Văn An');
  ec = pki.issue('ec', 'ec', '/C=VN/O=UBND tỉnh Thanh Hóa/CN=Văn thư UBND tỉnh');
});
afterAll(() => pki?.cleanup());

function opensslVerify(cms: Uint8Array, data: Uint8Array, name: string): { ok: boolean; stderr: string } {
  return opensslVerifyCms(cms, data, { rootPath: pki.rootPath, workDir: pki.dir, name: name, purposeAny: true });
}

const cases: Array<[string, () => Signer]> = [
  ['RSA PKCS#1 v1.5', () => fileKeySigner(rsa.keyPath, rsa.certDer, 'RSASSA-PKCS1-v1_5', [pki.rootDer])],
  ['RSA-PSS', () => fileKeySigner(rsa.keyPath, rsa.certDer, 'RSA-PSS', [pki.rootDer])],
  ['ECDSA P-256', () => fileKeySigner(ec.keyPath, ec.certDer, 'ECDSA', [pki.rootDer])],
];

describe('createDetachedCms', () => {
  it.each(cases)(
    'produces a %s signature that openssl cms -verify accepts and a flipped content byte fails',
    async (name, make) => {
      const signer = make();
      const cms = await createDetachedCms({ contentDigest: digest, signer });
      const ok = opensslVerify(cms, content, name.replace(/\W/g, ''));
      expect(ok.stderr).toContain('Verification successful');
      expect(ok.ok).toBe(true);

      const tampered = Buffer.from(content);
      tampered[10] = (tampered[10] as number) ^ 0x01;
      expect(opensslVerify(cms, tampered, `${name.replace(/\W/g, '')}-tampered`).ok).toBe(false);

      const own = await verifyDetachedCms(cms, digest);
      expect(own).toMatchObject({ valid: true, digestMatches: true, signatureValid: true });
      expect(Buffer.from(own.signerCertificate ?? [])).toEqual(Buffer.from(signer.certificate));
      expect(own.certificates.map((c) => Buffer.from(c))).toEqual([
        Buffer.from(signer.certificate),
        Buffer.from(pki.rootDer),
      ]);
      const otherDigest = new Uint8Array(createHash('sha256').update(tampered).digest());
      expect(await verifyDetachedCms(cms, otherDigest)).toMatchObject({ valid: false, digestMatches: false });
    },
  );

  it('signs exactly content-type, message-digest and signing-certificate-v2, with no signing-time', async () => {
    const cms = await createDetachedCms({ contentDigest: digest, signer: cases[0]![1]() });
    const result = await verifyDetachedCms(cms, digest);
    expect([...result.signedAttributes].sort()).toEqual(
      [OID.contentType, OID.messageDigest, OID.signingCertificateV2].sort(),
    );
    expect(result.signedAttributes).not.toContain(OID.signingTime);
  });

  it('encodes a detached SignedData with issuerAndSerialNumber and the certificates byte for byte', async () => {
    const signer = cases[2]![1]();
    const cms = await createDetachedCms({ contentDigest: digest, signer });
    const info = new pkijs.ContentInfo({ schema: asn1js.fromBER(new Uint8Array(cms)).result });
    const sd = new pkijs.SignedData({ schema: info.content });
    expect(sd.version).toBe(1);
    expect(sd.encapContentInfo.eContentType).toBe(OID.data);
    expect(sd.encapContentInfo.eContent).toBeUndefined();
    expect(sd.signerInfos).toHaveLength(1);
    expect(sd.signerInfos[0]?.sid).toBeInstanceOf(pkijs.IssuerAndSerialNumber);
    const certs = (sd.certificates ?? []).map((c) => Buffer.from((c as pkijs.Certificate).toSchema().toBER()));
    expect(certs).toEqual([Buffer.from(signer.certificate), Buffer.from(pki.rootDer)]);
    expect(sd.signerInfos[0]?.signatureAlgorithm.algorithmId).toBe('1.2.840.10045.4.3.2');
  });

  it('writes RSASSA-PSS parameters with SHA-256, MGF1-SHA-256 and a 32-byte salt', async () => {
    const cms = await createDetachedCms({ contentDigest: digest, signer: cases[1]![1]() });
    const sd = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: asn1js.fromBER(cms).result }).content });
    const alg = sd.signerInfos[0]!.signatureAlgorithm;
    expect(alg.algorithmId).toBe('1.2.840.113549.1.1.10');
    const params = new pkijs.RSASSAPSSParams({ schema: alg.algorithmParams });
    expect(params.hashAlgorithm.algorithmId).toBe('2.16.840.1.101.3.4.2.1');
    expect(params.maskGenAlgorithm.algorithmId).toBe('1.2.840.113549.1.1.8');
    const mgfHash = new pkijs.AlgorithmIdentifier({ schema: params.maskGenAlgorithm.algorithmParams });
    expect(mgfHash.algorithmId).toBe('2.16.840.1.101.3.4.2.1');
    expect(params.saltLength).toBe(32);
    // openssl prints the parameters it parsed: the salt as hex 0x20.
    const text = execFileSync('openssl', ['cms', '-cmsout', '-print', '-inform', 'DER'], { input: cms }).toString();
    expect(text).toMatch(/cont \[ 2 \][\s\S]*?INTEGER\s+:20/);
  });

  it('adds unsigned attributes from providers, given the signature value', async () => {
    let seen: Uint8Array | undefined;
    const cms = await createDetachedCms({
      contentDigest: digest,
      signer: cases[0]![1](),
      unsignedAttributes: [
        {
          async provide(signatureValue) {
            seen = signatureValue;
            const value = new asn1js.OctetString({ valueHex: new Uint8Array(signatureValue.slice(0, 4)).buffer });
            return { type: '1.2.3.4.5', values: [new Uint8Array(value.toBER())] };
          },
        },
      ],
    });
    expect(seen?.length).toBe(256);
    const sd = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: asn1js.fromBER(cms).result }).content });
    expect(sd.signerInfos[0]?.unsignedAttrs?.attributes.map((a) => a.type)).toEqual(['1.2.3.4.5']);
    expect((await verifyDetachedCms(cms, digest)).valid).toBe(true);
    expect(opensslVerify(cms, content, 'unsigned').ok).toBe(true);
  });
});

describe('buildSignedAttributes', () => {
  it('returns the DER SET OF (tag 0x31) sorted by encoding, and rejects a digest of the wrong length', () => {
    const attrs = buildSignedAttributes(digest, rsa.certDer, 'SHA-256');
    expect(attrs.der[0]).toBe(0x31);
    expect(attrs.attributes.map((a) => a.type)).toEqual([OID.contentType, OID.messageDigest, OID.signingCertificateV2]);
    expect(() => buildSignedAttributes(digest.slice(1), rsa.certDer, 'SHA-256')).toThrow(/32/);
  });

  it('supports SHA-384 and SHA-512 with the hash named in ESSCertIDv2', async () => {
    for (const hash of ['SHA-384', 'SHA-512'] as const) {
      const d = new Uint8Array(createHash(hash.replace('-', '').toLowerCase()).update(content).digest());
      const cms = await createDetachedCms({ contentDigest: d, signer: cases[2]![1](), hash });
      expect(opensslVerify(cms, content, `ec-${hash}`).ok).toBe(true);
      expect((await verifyDetachedCms(cms, d)).valid).toBe(true);
    }
  });
});

describe('verifyDetachedCms', () => {
  it('reports garbage input as invalid with an error instead of throwing', async () => {
    const result = await verifyDetachedCms(new Uint8Array([1, 2, 3]), digest);
    expect(result.valid).toBe(false);
    expect(result.error).toBeTruthy();
  });
});

describe('describeCertificate', () => {
  it('keeps Vietnamese names intact and reports key facts', () => {
    const info = describeCertificate(rsa.certDer);
    expect(info.subject).toBe('CN=Nguyễn Văn An, O=UBND tỉnh Thanh Hóa, C=VN');
    expect(info.subjectCommonName).toBe('Nguyễn Văn An');
    expect(info.issuer).toBe('CN=KySo CMS Test Root, O=KySo CMS Test, C=VN');
    expect(info.serialHex).toBe('03e9');
    expect(info.keyUsage).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(info).toMatchObject({ keyType: 'RSA', keyBits: 2048 });
    expect(info.sha256).toBe(createHash('sha256').update(rsa.certDer).digest('hex'));
    expect(info.notAfter.getTime()).toBeGreaterThan(info.notBefore.getTime());
    expect(describeCertificate(ec.certDer)).toMatchObject({ keyType: 'EC', keyBits: 256, curve: 'P-256' });
  });
});
