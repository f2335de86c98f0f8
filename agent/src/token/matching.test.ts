import { execFileSync } from 'node:child_process';
import { createHash, verify, X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken, type TestToken } from '../../../test/fixtures/token';
import { listCertificates, loadModule, type Pkcs11Module, type TokenCertificate, TokenSigner } from './index';

let t: TestToken;
let mod: Pkcs11Module;

/** Writes a certificate object with pkcs11-tool, as middleware of real tokens does, optionally without CKA_ID. */
function writeCert(der: Buffer, label: string, idHex?: string): void {
  const path = join(t.dir, `${label}.der`);
  writeFileSync(path, der);
  const args = ['--module', t.modulePath, '--token-label', t.label, '--login', '--pin', t.pin];
  args.push('--write-object', path, '--type', 'cert', '--label', label);
  if (idHex) args.push('--id', idHex);
  execFileSync('pkcs11-tool', args, { stdio: 'pipe' });
}

beforeAll(async () => {
  t = await createTestToken();
  writeCert(t.keys.rsa.certDer, 'rsa-noid'); // empty CKA_ID
  writeCert(t.keys.ec.certDer, 'ec-dupid', '01'); // CKA_ID of the RSA key: duplicated and wrong
  writeCert(t.chainDer[1] as Buffer, 'root', '7f'); // a CA certificate without a key
  mod = loadModule(t.modulePath);
});

afterAll(async () => {
  mod?.close();
  await t?.cleanup();
});

function byLabel(certs: TokenCertificate[], label: string): TokenCertificate {
  const found = certs.find((c) => c.label === label);
  if (!found) throw new Error(`no certificate ${label}`);
  return found;
}

describe('listCertificates with empty or duplicated CKA_ID', () => {
  it('shows certificates without private keys before login, and pairs them after login', async () => {
    const session = mod.openToken();
    const before = await listCertificates(session);
    expect(before.map((c) => c.label).sort()).toEqual(['ec', 'ec-dupid', 'root', 'rsa', 'rsa-noid']);
    expect(before.every((c) => c.privateKey === undefined)).toBe(true);
    const after = await listCertificates(session, Buffer.from(t.pin));
    expect(byLabel(after, 'ec').privateKey).toMatchObject({ idHex: '02', matchedBy: 'id' });
    session.close();
  });

  it('matches a certificate with an empty CKA_ID to its key by the RSA modulus', async () => {
    const session = mod.openToken();
    const certs = await listCertificates(session, t.pin);
    const noId = byLabel(certs, 'rsa-noid');
    expect(noId.idHex).toBe('');
    expect(noId.privateKey).toMatchObject({ idHex: '01', keyType: 'RSA', matchedBy: 'public-key' });
    // A duplicated CKA_ID is not trusted: the RSA certificate still finds its own key by modulus.
    expect(byLabel(certs, 'rsa').privateKey).toMatchObject({ idHex: '01', matchedBy: 'public-key' });
    session.close();
  });

  it('matches an EC certificate whose CKA_ID points at another key by the EC point of the public-key object', async () => {
    const session = mod.openToken();
    const certs = await listCertificates(session, t.pin);
    const dup = byLabel(certs, 'ec-dupid');
    expect(dup.idHex).toBe('01');
    expect(dup.privateKey).toMatchObject({ idHex: '02', keyType: 'EC', matchedBy: 'public-key' });
    expect(byLabel(certs, 'root').privateKey).toBeUndefined();

    const digest = createHash('sha256').update('x').digest();
    const signature = await new TokenSigner(session, dup).signDigest(digest, 'SHA-256');
    expect(verify('sha256', Buffer.from('x'), new X509Certificate(dup.der).publicKey, signature)).toBe(true);
    session.close();
  });
});
