import { constants, createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import { type HashAlgorithm, KysoError } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestToken } from '../../../test/fixtures/token';
import { type OpenTestToken, openTestToken } from '../../../test/fixtures/token-session';
import { type Pkcs11Module, type TokenCertificate, type TokenSession, TokenSigner } from './index';

let opened: OpenTestToken;
let t: TestToken;
let mod: Pkcs11Module;
let session: TokenSession;
let certs: TokenCertificate[];

beforeAll(async () => {
  opened = await openTestToken();
  ({ token: t, module: mod, session, certificates: certs } = opened);
});
afterAll(async () => opened?.close());

const cert = (label: string): TokenCertificate => opened.certificate(label);

/** Verifies a signature over `data` with node:crypto and the certificate's public key. */
function verifies(
  c: TokenCertificate,
  data: Buffer,
  signature: Uint8Array,
  scheme: 'pkcs1' | 'pss' | 'ecdsa',
): boolean {
  const key = new X509Certificate(c.der).publicKey;
  const options =
    scheme === 'pss'
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
      : scheme === 'pkcs1'
        ? { key, padding: constants.RSA_PKCS1_PADDING }
        : { key, dsaEncoding: 'der' as const };
  return verify('sha256', data, options, signature);
}

describe('listTokens', () => {
  it('lists the initialised SoftHSM token with its label, serial, maker and PIN flags', () => {
    const tokens = mod.listTokens();
    expect(tokens).toHaveLength(1);
    const [token] = tokens;
    expect(token).toMatchObject({
      label: t.label,
      manufacturer: 'SoftHSM project',
      model: 'SoftHSM v2',
      initialized: true,
      loginRequired: true,
      protectedAuthenticationPath: false,
      pin: { countLow: false, finalTry: false, locked: false },
    });
    expect(token?.serial).toMatch(/^[0-9a-f]+$/);
    expect(token?.slotId).toMatch(/^\d+$/);
  });

  it('opens a token by serial and refuses an unknown one with TOKEN_NOT_FOUND', () => {
    const serial = mod.listTokens()[0]?.serial;
    const other = mod.openToken({ serial });
    other.close();
    expect(() => mod.openToken({ serial: 'no-such-serial' })).toThrow(
      expect.objectContaining({ code: 'TOKEN_NOT_FOUND' }),
    );
  });
});

describe('listCertificates', () => {
  it('pairs each certificate with its private key by CKA_ID and describes it', () => {
    expect(certs.map((c) => c.label).sort()).toEqual(['ec', 'rsa']);
    const rsa = cert('rsa');
    expect(Buffer.from(rsa.der)).toEqual(t.keys.rsa.certDer);
    expect(rsa).toMatchObject({
      idHex: t.keys.rsa.idHex,
      subjectCommonName: 'Nguyễn Văn An',
      keyType: 'RSA',
      keyBits: 2048,
      keyUsage: ['digitalSignature', 'nonRepudiation'],
      privateKey: { idHex: '01', keyType: 'RSA', alwaysAuthenticate: false, matchedBy: 'id' },
    });
    expect(rsa.subject).toContain('O=UBND tỉnh Thanh Hóa');
    expect(cert('ec')).toMatchObject({
      idHex: '02',
      keyType: 'EC',
      curve: 'P-256',
      privateKey: { idHex: '02', keyType: 'EC', matchedBy: 'id' },
    });
  });
});

describe('TokenSigner', () => {
  const data = Buffer.from('Văn bản số 123/UBND-VP ngày 22/11/2026');
  const digest = createHash('sha256').update(data).digest();

  it('signs a SHA-256 digest with RSA PKCS#1 v1.5 (CKM_RSA_PKCS over a DigestInfo)', async () => {
    const signer = new TokenSigner(session, cert('rsa'), { chain: t.chainDer });
    expect(signer.scheme).toBe('RSASSA-PKCS1-v1_5');
    expect(signer.chain).toHaveLength(2);
    const signature = await signer.signDigest(digest, 'SHA-256');
    expect(signature).toHaveLength(256);
    expect(verifies(cert('rsa'), data, signature, 'pkcs1')).toBe(true);
    expect(verifies(cert('rsa'), Buffer.concat([data, Buffer.from('x')]), signature, 'pkcs1')).toBe(false);
  });

  it('signs with RSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt)', async () => {
    const signer = new TokenSigner(session, cert('rsa'), { scheme: 'RSA-PSS' });
    const signature = await signer.signDigest(digest, 'SHA-256');
    expect(verifies(cert('rsa'), data, signature, 'pss')).toBe(true);
  });

  it('signs with ECDSA P-256 and returns DER SEQUENCE { r, s }', async () => {
    const signer = new TokenSigner(session, cert('ec'));
    expect(signer.scheme).toBe('ECDSA');
    const signature = await signer.signDigest(digest, 'SHA-256');
    expect(signature[0]).toBe(0x30);
    expect(verifies(cert('ec'), data, signature, 'ecdsa')).toBe(true);
  });

  it('runs concurrent signDigest calls one at a time on the session (no CKR_OPERATION_ACTIVE)', async () => {
    const rsa = new TokenSigner(session, cert('rsa'));
    const ec = new TokenSigner(session, cert('ec'));
    const inputs = Array.from({ length: 12 }, () => randomBytes(40));
    const signatures = await Promise.all(
      inputs.map((input, i) => (i % 2 ? ec : rsa).signDigest(createHash('sha256').update(input).digest(), 'SHA-256')),
    );
    signatures.forEach((signature, i) => {
      expect(verifies(cert(i % 2 ? 'ec' : 'rsa'), inputs[i] as Buffer, signature, i % 2 ? 'ecdsa' : 'pkcs1')).toBe(
        true,
      );
    });
  });

  it('never overlaps two operations queued on one session', async () => {
    let active = 0;
    let maxActive = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        session.enqueue(async () => {
          active++;
          maxActive = Math.max(maxActive, active);
          await new Promise((resolve) => setTimeout(resolve, 5 - i));
          order.push(i);
          active--;
        }),
      ),
    );
    expect(maxActive).toBe(1);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    // A failed operation does not block the ones after it.
    await expect(session.enqueue(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(session.enqueue(() => 42)).resolves.toBe(42);
  });

  it('refuses a scheme the key cannot do before any PIN is asked', () => {
    expect(() => new TokenSigner(session, cert('ec'), { scheme: 'RSA-PSS' })).toThrow(
      expect.objectContaining({ code: 'MECHANISM_UNSUPPORTED' }),
    );
    const noKey = { ...cert('rsa'), privateKey: undefined };
    expect(() => new TokenSigner(session, noKey)).toThrow(expect.objectContaining({ code: 'KEY_NOT_FOUND' }));
  });

  it('signs SHA-384 and SHA-512 digests too', async () => {
    for (const [hash, node] of [
      ['SHA-384', 'sha384'],
      ['SHA-512', 'sha512'],
    ] as Array<[HashAlgorithm, string]>) {
      const d = createHash(node).update(data).digest();
      const rsaSig = await new TokenSigner(session, cert('rsa')).signDigest(d, hash);
      expect(verify(node, data, { key: new X509Certificate(cert('rsa').der).publicKey }, rsaSig)).toBe(true);
      const ecSig = await new TokenSigner(session, cert('ec')).signDigest(d, hash);
      expect(verify(node, data, new X509Certificate(cert('ec').der).publicKey, ecSig)).toBe(true);
    }
  });

  it('rejects a digest whose length does not fit the hash', async () => {
    const signer = new TokenSigner(session, cert('rsa'));
    await expect(signer.signDigest(digest.subarray(1), 'SHA-256')).rejects.toBeInstanceOf(KysoError);
  });
});
