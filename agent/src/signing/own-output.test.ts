import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appearanceFont } from '../../../test/fixtures/appearance-font';
import { handWrittenPdf } from '../../../test/fixtures/pdf-tools';
import { createTestPki, fileKeySigner, type TestPki } from '../../../test/fixtures/pki';
import { createDetachedCms } from '../cms';
import { embedSignature } from '../pdf';
import { verifyOwnOutput } from './own-output';
import { type PreparedSigning, prepareSigning } from './pipeline';

let pki: TestPki;
let signer: ReturnType<typeof fileKeySigner>;

beforeAll(() => {
  pki = createTestPki();
  const key = pki.issue('own-output', 'ec', '/O=UBND xã Test/CN=Trần Thị Bình');
  signer = fileKeySigner(key.keyPath, key.certDer, 'ECDSA');
});
afterAll(() => pki?.cleanup());

async function prepared(): Promise<PreparedSigning> {
  return prepareSigning(
    {
      document: new Uint8Array(handWrittenPdf({})),
      signerCertificate: { certificate: signer.certificate, chain: [] },
      placement: { invisible: true },
    },
    appearanceFont,
  );
}

async function embedded(p: PreparedSigning, digest = p.digests.rangeDigest): Promise<Uint8Array> {
  const cms = await createDetachedCms({ contentDigest: digest, signer, hash: p.hash });
  embedSignature(p.update, p.input.document.length, cms);
  return cms;
}

const signedUpdate = (p: PreparedSigning) => ({
  document: p.input.document,
  update: p.update,
  rangeDigest: p.digests.rangeDigest,
});

describe('the check of our own output before it is returned', () => {
  it('accepts a signature whose CMS verifies over the byte ranges and whose file parses again', async () => {
    const p = await prepared();
    const cms = await embedded(p);
    await expect(verifyOwnOutput(signedUpdate(p), cms)).resolves.toBeUndefined();
  });

  it('refuses a CMS made over another digest: SELF_CHECK_FAILED, not a file that fails at the recipient', async () => {
    const p = await prepared();
    const cms = await embedded(p, new Uint8Array(32).fill(7));
    await expect(verifyOwnOutput(signedUpdate(p), cms)).rejects.toMatchObject({
      code: 'SELF_CHECK_FAILED',
      details: { reason: expect.stringContaining('CMS does not verify') },
    });
  });

  it('refuses /Contents that holds more than the CMS (a stray byte in the zero padding)', async () => {
    const p = await prepared();
    const cms = await embedded(p);
    const [, b, c] = p.update.byteRange;
    const lastPadding = c - p.input.document.length - 2;
    expect(lastPadding).toBeGreaterThan(b - p.input.document.length);
    p.update.update[lastPadding] = 0x31; // '1'
    await expect(verifyOwnOutput(signedUpdate(p), cms)).rejects.toMatchObject({
      code: 'SELF_CHECK_FAILED',
      details: { reason: '/Contents differs from the CMS' },
    });
  });

  it('refuses byte ranges that do not reach the end of the file', async () => {
    const p = await prepared();
    const cms = await embedded(p);
    const longer = { ...p.update, update: new Uint8Array([...p.update.update, 0x0a]) };
    await expect(verifyOwnOutput({ ...signedUpdate(p), update: longer }, cms)).rejects.toMatchObject({
      code: 'SELF_CHECK_FAILED',
      details: { reason: 'byte range does not reach the end of the file' },
    });
  });
});
