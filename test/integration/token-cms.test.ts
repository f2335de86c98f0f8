import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetachedCms, verifyDetachedCms } from '../../agent/src/cms';
import { contentsReserve } from '../../agent/src/signing';
import { type OpenTestToken, openTestToken } from '../fixtures/token-session';
import { opensslVerifyCms } from '../fixtures/validate';

let opened: OpenTestToken;

beforeAll(async () => {
  opened = await openTestToken();
});
afterAll(async () => opened?.close());

function opensslVerify(cms: Uint8Array, content: Buffer, name: string): { ok: boolean; stderr: string } {
  return opensslVerifyCms(cms, content, {
    rootPath: opened.token.rootPath,
    workDir: opened.token.dir,
    name: name,
    purposeAny: true,
  });
}

const schemes = [
  ['rsa', 'RSASSA-PKCS1-v1_5'],
  ['rsa', 'RSA-PSS'],
  ['ec', 'ECDSA'],
] as const;

describe('token → CMS end to end', () => {
  it.each(schemes)(
    'signs a detached CMS with the %s key (%s) that openssl verifies against the test root',
    async (label, scheme) => {
      const cert = opened.certificate(label);
      const signer = opened.signer(label, { scheme });
      const content = Buffer.concat([Buffer.from('%PDF-1.7 byte ranges '), randomBytes(4096)]);
      const contentDigest = createHash('sha256').update(content).digest();

      const cms = await createDetachedCms({ contentDigest, signer });
      // The dry run's reserve holds what the token really produced (it never asks the token to sign).
      const chain = { certificate: cert.der, chain: opened.token.chainDer };
      expect(cms.length).toBeLessThanOrEqual(await contentsReserve({ signerCertificate: chain, hash: 'SHA-256' }));
      const result = opensslVerify(cms, content, `${label}-${scheme}`);
      expect(result.stderr).toContain('Verification successful');
      expect(result.ok).toBe(true);
      expect(await verifyDetachedCms(cms, contentDigest)).toMatchObject({ valid: true });

      content[100] = (content[100] as number) ^ 0xff;
      expect(opensslVerify(cms, content, `${label}-${scheme}-tampered`).ok).toBe(false);
    },
  );
});
