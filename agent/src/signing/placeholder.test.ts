import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KysoError, type Signer } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, fileKeySigner, type TestPki } from '../../../test/fixtures/pki';
import { createDetachedCms } from '../cms';
import { contentsReserve, UNMEASURED_TIME_STAMP_BYTES } from './placeholder';

let pki: TestPki;
let rsa: { keyPath: string; certDer: Uint8Array };
let ec: { keyPath: string; certDer: Uint8Array };
const digest = new Uint8Array(createHash('sha256').update('byte ranges').digest());

beforeAll(() => {
  pki = createTestPki();
  rsa = pki.issue('rsa', 'rsa', '/C=VN/O=UBND tỉnh Thanh Hóa/CN=Nguyễn Văn An');
  ec = pki.issue('ec', 'ec', '/C=VN/O=UBND tỉnh Thanh Hóa/CN=Văn thư UBND tỉnh');
});
afterAll(() => pki?.cleanup());

const cases: Array<[string, () => Signer]> = [
  ['RSA PKCS#1 v1.5', () => fileKeySigner(rsa.keyPath, rsa.certDer, 'RSASSA-PKCS1-v1_5', [pki.rootDer])],
  ['RSA-PSS', () => fileKeySigner(rsa.keyPath, rsa.certDer, 'RSA-PSS', [pki.rootDer])],
  ['ECDSA P-256', () => fileKeySigner(ec.keyPath, ec.certDer, 'ECDSA', [pki.rootDer])],
];

const reserveFor = (signer: Signer, timestamp?: { url: string; optional?: boolean; timeoutMs?: number }) =>
  contentsReserve({
    signerCertificate: { certificate: signer.certificate, chain: signer.chain },
    hash: 'SHA-256',
    timestamp,
  });

describe('contentsReserve (dry run of the CMS)', () => {
  it.each(cases)('reserves what a real %s CMS needs, and not more than its algorithm parameters', async (_n, make) => {
    const signer = make();
    const reserved = await reserveFor(signer);
    // Ten signatures: ECDSA values vary in length; the reserve must hold the longest.
    for (let i = 0; i < 10; i++) {
      const cms = await createDetachedCms({ contentDigest: digest, signer });
      expect(reserved).toBeGreaterThanOrEqual(cms.length);
      // RSA is measured with the PSS identifier (its parameters are ~50 bytes longer than PKCS#1's NULL); an
      // ECDSA value is at most a few bytes shorter than the longest DER form.
      expect(reserved - cms.length).toBeLessThanOrEqual(64);
    }
  });

  it('grows with every certificate the CMS carries, byte for byte', async () => {
    const one = await contentsReserve({ signerCertificate: { certificate: rsa.certDer, chain: [] }, hash: 'SHA-256' });
    const two = await contentsReserve({
      signerCertificate: { certificate: rsa.certDer, chain: [pki.rootDer, ec.certDer] },
      hash: 'SHA-256',
    });
    expect(two - one).toBeGreaterThanOrEqual(pki.rootDer.length + ec.certDer.length);
    expect(two - one).toBeLessThanOrEqual(pki.rootDer.length + ec.certDer.length + 4); // DER length octets
  });

  describe('with a TSA that does not answer', () => {
    let url = '';
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(503).end();
    });
    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('fails before any signature when the time-stamp is required', async () => {
      const error = await reserveFor(cases[0]![1](), { url }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KysoError);
      expect((error as KysoError).code).toBe('TSA_UNAVAILABLE');
    });

    it('keeps the documented room for a time-stamp when it is optional (the TSA may answer at signing)', async () => {
      const signer = cases[0]![1]();
      const without = await reserveFor(signer);
      const before = requests;
      const optional = await reserveFor(signer, { url, optional: true });
      expect(optional - without).toBeGreaterThanOrEqual(UNMEASURED_TIME_STAMP_BYTES);
      expect(optional - without).toBeLessThan(UNMEASURED_TIME_STAMP_BYTES + 128);
      // The next document of a batch does not wait for the same failing TSA again.
      expect(await reserveFor(signer, { url, optional: true })).toBe(optional);
      expect(requests - before).toBe(1);
    });
  });
});
