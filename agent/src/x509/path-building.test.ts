import { X509Certificate } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { CA_EXTENSIONS, createCaHierarchy } from '../../../test/fixtures/ca-hierarchy';
import { buildChain, caIssuersUrls, completeChain } from './path-building';

/** root → issuing CA → signer, made by openssl; the signer names its issuer at an LDAP and an HTTP address. */
function makePki() {
  const hierarchy = createCaHierarchy([
    { name: 'root', subject: '/CN=Chain Test Root', extensions: CA_EXTENSIONS },
    { name: 'ca', subject: '/CN=Chain Test Issuing CA', issuer: 'root', extensions: CA_EXTENSIONS },
    {
      name: 'signer',
      subject: '/CN=Chain Test Signer',
      issuer: 'ca',
      extensions:
        'basicConstraints=critical,CA:FALSE\nauthorityInfoAccess=caIssuers;URI:ldap://ldap.example/ca,caIssuers;URI:http://127.0.0.1:9/ca.crt\n',
    },
  ]);
  const { root, ca, signer } = hierarchy.certificates;
  return { hierarchy, root: root!.der, ca: ca!.der, signer: signer!.der };
}

describe('certificate chains', () => {
  const pki = makePki();
  afterAll(() => pki.hierarchy.cleanup());
  const same = (a: Uint8Array | undefined, b: Uint8Array) => Buffer.from(a ?? []).equals(Buffer.from(b));

  it('reads only the http(s) caIssuers addresses of a certificate', () => {
    expect(caIssuersUrls(new X509Certificate(pki.signer))).toEqual(['http://127.0.0.1:9/ca.crt']);
    expect(caIssuersUrls(new X509Certificate(pki.root))).toEqual([]);
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
