import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CA_EXTENSIONS, createCaHierarchy } from '../../../test/fixtures/ca-hierarchy';
import { parseIssuerResponse } from './aia';

describe('issuer downloads', () => {
  const hierarchy = createCaHierarchy([
    { name: 'root', subject: '/CN=AIA Test Root', extensions: CA_EXTENSIONS },
    { name: 'ca', subject: '/CN=AIA Test Issuing CA', issuer: 'root', extensions: CA_EXTENSIONS },
  ]);
  afterAll(() => hierarchy.cleanup());
  const ca = hierarchy.certificates.ca!;

  it('reads the issuer from a DER certificate, a certs-only PKCS#7 and PEM text alike', async () => {
    const p7c = join(hierarchy.dir, 'ca.p7c');
    execFileSync('openssl', ['crl2pkcs7', '-nocrl', '-certfile', ca.pemPath, '-outform', 'DER', '-out', p7c]);
    for (const body of [ca.der, new Uint8Array(readFileSync(p7c)), new Uint8Array(readFileSync(ca.pemPath))]) {
      const certificates = await parseIssuerResponse(body);
      expect(certificates).toHaveLength(1);
      expect(Buffer.from(certificates[0]!).equals(Buffer.from(ca.der))).toBe(true);
    }
    await expect(parseIssuerResponse(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).rejects.toThrow();
  });
});
