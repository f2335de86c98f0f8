import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caIssuersUrls, parseIssuerResponse } from './aia';
import { buildChain, completeChain } from './chain';

/** root → issuing CA → signer, made by openssl; the signer names its issuer at an LDAP and an HTTP address. */
function makePki(dir: string) {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) =>
    openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  const ext = (name: string, text: string) => writeFileSync(join(dir, `${name}.ext`), text);
  const ca = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n';
  for (const name of ['root', 'ca', 'signer']) key(name);
  writeFileSync(join(dir, 'req.cnf'), `[req]\ndistinguished_name=dn\n[dn]\n[v3]\n${ca}`);
  openssl(
    'req',
    '-new',
    '-x509',
    '-key',
    'root.key',
    '-subj',
    '/CN=Chain Test Root',
    '-days',
    '30',
    '-config',
    'req.cnf',
    '-extensions',
    'v3',
    '-out',
    'root.pem',
  );
  const issue = (name: string, subject: string, issuer: string, extText: string) => {
    ext(name, extText);
    openssl('req', '-new', '-key', `${name}.key`, '-subj', subject, '-config', 'req.cnf', '-out', `${name}.csr`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${issuer}.pem`,
      '-CAkey',
      `${issuer}.key`,
      '-set_serial',
      '7',
      '-days',
      '30',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    );
  };
  issue('ca', '/CN=Chain Test Issuing CA', 'root', ca);
  issue(
    'signer',
    '/CN=Chain Test Signer',
    'ca',
    'basicConstraints=critical,CA:FALSE\nauthorityInfoAccess=caIssuers;URI:ldap://ldap.example/ca,caIssuers;URI:http://127.0.0.1:9/ca.crt\n',
  );
  const der = (name: string) => new Uint8Array(new X509Certificate(readFileSync(join(dir, `${name}.pem`))).raw);
  openssl('crl2pkcs7', '-nocrl', '-certfile', 'ca.pem', '-outform', 'DER', '-out', 'ca.p7c');
  return {
    root: der('root'),
    ca: der('ca'),
    signer: der('signer'),
    caPem: readFileSync(join(dir, 'ca.pem')),
    caP7c: new Uint8Array(readFileSync(join(dir, 'ca.p7c'))),
  };
}

describe('certificate chains', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-chain-'));
  const pki = makePki(dir);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const same = (a: Uint8Array | undefined, b: Uint8Array) => Buffer.from(a ?? []).equals(Buffer.from(b));

  it('reads only the http(s) caIssuers addresses of a certificate', () => {
    expect(caIssuersUrls(new X509Certificate(pki.signer))).toEqual(['http://127.0.0.1:9/ca.crt']);
    expect(caIssuersUrls(new X509Certificate(pki.root))).toEqual([]);
  });

  it('reads the issuer from a DER certificate, a certs-only PKCS#7 and PEM text alike', async () => {
    for (const body of [pki.ca, pki.caP7c, new Uint8Array(pki.caPem)]) {
      const certificates = await parseIssuerResponse(body);
      expect(certificates).toHaveLength(1);
      expect(same(certificates[0], pki.ca)).toBe(true);
    }
    await expect(parseIssuerResponse(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).rejects.toThrow();
  });

  it('downloads the missing issuer through caIssuers and stops at the self-signed root', async () => {
    const asked: string[] = [];
    const built = await buildChain(pki.signer, {
      candidates: [pki.root],
      fetchIssuer: async (url) => {
        asked.push(url);
        return { certificates: [pki.ca] };
      },
    });
    expect(asked).toEqual(['http://127.0.0.1:9/ca.crt']);
    expect(built.incomplete).toBeUndefined();
    expect(built.chain.map((c, i) => same(c, [pki.ca, pki.root][i]!))).toEqual([true, true]);
  });

  it('ends at a trusted root without carrying it, and needs no download when the issuer is local', async () => {
    const built = await buildChain(pki.signer, {
      candidates: [pki.ca],
      trustedRoots: [pki.root],
      fetchIssuer: () => Promise.reject(new Error('must not be called')),
    });
    expect(built).toEqual({ chain: [pki.ca] });
    expect(completeChain(pki.signer, [pki.root, pki.ca])).toEqual([pki.ca, pki.root]);
  });

  it('is incomplete, naming the missing issuer, when the address fails or is not consulted', async () => {
    const failed = await buildChain(pki.signer, {
      candidates: [],
      fetchIssuer: async () => ({ certificates: [], error: 'no answer in 5000 ms' }),
    });
    expect(failed.chain).toEqual([]);
    expect(failed.incomplete).toMatchObject({ issuerName: 'Chain Test Issuing CA' });
    expect(failed.incomplete?.reason).toContain('http://127.0.0.1:9/ca.crt: no answer in 5000 ms');
    const offline = await buildChain(pki.signer, { candidates: [] });
    expect(offline.incomplete?.reason).toContain('caIssuers not consulted');
  });

  it('takes a CA certificate with no caIssuers address as issued by the trust anchor (not carried)', async () => {
    const built = await buildChain(pki.signer, {
      candidates: [pki.ca],
      fetchIssuer: async () => ({ certificates: [] }),
    });
    expect(built).toEqual({ chain: [pki.ca] });
  });

  it('ignores garbage among the candidates and a downloaded file that is not a certificate', async () => {
    const built = await buildChain(pki.signer, {
      candidates: [new Uint8Array([1, 2, 3])],
      fetchIssuer: async () => ({ certificates: [new Uint8Array([0x30, 0x00]), pki.ca] }),
    });
    expect(built.incomplete).toBeUndefined();
    expect(same(built.chain[0], pki.ca)).toBe(true);
  });
});
