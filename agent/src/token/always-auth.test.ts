import { execFileSync } from 'node:child_process';
import { createHash, verify, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken, type TestToken } from '../../../test/fixtures/token';
import { listCertificates, loadModule, type Pkcs11Module, type TokenCertificate, TokenSigner } from './index';

let t: TestToken;
let mod: Pkcs11Module;

/** A key that needs the PIN for every signature (CKA_ALWAYS_AUTHENTICATE), with a certificate from the test PKI. */
function addAlwaysAuthKey(): void {
  const p11 = ['--module', t.modulePath, '--token-label', t.label, '--login', '--pin', t.pin];
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'pipe' });
  run('pkcs11-tool', [
    ...p11,
    '--keypairgen',
    '--key-type',
    'rsa:2048',
    '--id',
    '0a',
    '--label',
    'aa',
    '--always-auth',
  ]);
  const pub = join(t.dir, 'aa.pub.der');
  run('pkcs11-tool', [...p11, '--read-object', '--type', 'pubkey', '--id', '0a', '-o', pub]);
  run('openssl', ['pkey', '-pubin', '-inform', 'DER', '-in', pub, '-out', `${pub}.pem`]);
  const dummy = join(t.dir, 'aa.dummy.key');
  run('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', dummy]);
  run('openssl', ['req', '-new', '-key', dummy, '-subj', '/CN=Trần Thị Bình/C=VN', '-utf8', '-out', `${dummy}.csr`]);
  const ext = join(t.dir, 'aa.ext');
  writeFileSync(ext, 'keyUsage=critical,digitalSignature,nonRepudiation\n');
  const certDer = join(t.dir, 'aa.cert.der');
  run('openssl', [
    'x509',
    '-req',
    '-in',
    `${dummy}.csr`,
    '-CA',
    t.intermediatePath,
    '-CAkey',
    join(t.dir, 'intermediate.key'),
    '-set_serial',
    '77',
    '-days',
    '30',
    '-extfile',
    ext,
    '-force_pubkey',
    `${pub}.pem`,
    '-outform',
    'DER',
    '-out',
    certDer,
  ]);
  run('pkcs11-tool', [...p11, '--write-object', certDer, '--type', 'cert', '--id', '0a', '--label', 'aa']);
}

beforeAll(async () => {
  t = await createTestToken();
  addAlwaysAuthKey();
  mod = loadModule(t.modulePath);
});

afterAll(async () => {
  mod?.close();
  await t?.cleanup();
});

describe('CKA_ALWAYS_AUTHENTICATE keys', () => {
  it('are flagged, need a per-signature PIN provider, and ask it once per signature', async () => {
    const session = mod.openToken();
    const certs = await listCertificates(session, t.pin);
    const cert = certs.find((c) => c.label === 'aa') as TokenCertificate;
    expect(cert.privateKey).toMatchObject({ idHex: '0a', alwaysAuthenticate: true });
    expect(certs.find((c) => c.label === 'rsa')?.privateKey?.alwaysAuthenticate).toBe(false);
    expect(() => new TokenSigner(session, cert)).toThrow(expect.objectContaining({ code: 'PIN_REQUIRED' }));

    let asked = 0;
    let wrong = true;
    const signer = new TokenSigner(session, cert, {
      contextPin: async () => {
        asked++;
        return Buffer.from(wrong ? '999999' : t.pin);
      },
    });
    const digest = createHash('sha256').update('một văn bản').digest();
    await expect(signer.signDigest(digest, 'SHA-256')).rejects.toMatchObject({ code: 'PIN_INCORRECT' });
    expect(asked).toBe(1);

    // The failed context login must not leave the operation active: the next signature works.
    wrong = false;
    for (let i = 0; i < 2; i++) {
      const signature = await signer.signDigest(digest, 'SHA-256');
      expect(verify('sha256', Buffer.from('một văn bản'), new X509Certificate(cert.der).publicKey, signature)).toBe(
        true,
      );
    }
    expect(asked).toBe(3);
  });
});
