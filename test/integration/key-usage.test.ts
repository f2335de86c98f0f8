/**
 * A token certificate whose key usage does not allow signing (only keyEncipherment, RFC 5280 §4.2.1.3): `doctor`
 * says so, `sign` still signs and warns, `verify` does not trust the signature, and the strangers (pdfsig with
 * NSS, `openssl cms -verify`) judge the same file the same way.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignatureReport } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken, type TestToken } from '../fixtures/token';
import { validatePdf } from '../fixtures/validate';
import { ensureCliBuilt, runCliAsync } from './cli-helpers';
import { makePdf } from './server-harness';

describe('a signer certificate not issued for signing', () => {
  let token: TestToken;
  let dir: string;
  let original: Uint8Array;
  const env = () => ({ SOFTHSM2_CONF: token.confPath, KYSO_PIN: token.pin });

  beforeAll(async () => {
    ensureCliBuilt();
    token = await createTestToken({ keyUsage: { ec: 'keyEncipherment' } });
    dir = mkdtempSync(join(tmpdir(), 'kyso-key-usage-'));
    original = await makePdf(dir, 'in');
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await token?.cleanup();
  });

  const sign = (key: 'rsa' | 'ec') =>
    runCliAsync(
      [
        'sign',
        ...['--in', join(dir, 'in.pdf'), '--out', join(dir, `${key}.pdf`), '--cert', token.keys[key].idHex],
        ...['--module', token.modulePath, '--chain', token.intermediatePath, '--invisible'],
      ],
      env(),
    );

  it('is named by doctor, for that key only', async () => {
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ modules: [token.modulePath], discoverModules: false }));
    const r = await runCliAsync(['doctor', '--json', '--config', config], {
      ...env(),
      KYSO_AGENT_STATE_DIR: join(dir, 'state'),
      KYSO_AGENT_MANAGED_CONFIG: join(dir, 'none.json'),
    });
    const checks = JSON.parse(r.stdout).checks.filter((c: { id: string }) => c.id === 'key-usage');
    expect(checks).toEqual([
      expect.objectContaining({
        status: 'warn',
        details: expect.objectContaining({ id: token.keys.ec.idHex, code: 'CERTIFICATE_NOT_FOR_SIGNING' }),
      }),
    ]);
  });

  it('signs with a warning, and verify does not trust the signature; pdfsig and openssl agree', async () => {
    const signed = await sign('ec');
    expect(signed.status, signed.stderr).toBe(0);
    expect(signed.stderr).toContain('CERTIFICATE_NOT_FOR_SIGNING');
    const verify = await runCliAsync(['verify', join(dir, 'ec.pdf'), '--trust', token.rootPath, '--json']);
    expect(verify.status).toBe(1);
    const [report] = JSON.parse(verify.stdout).signatures as SignatureReport[];
    expect(report).toMatchObject({ integrity: true, chainTrusted: false });
    expect(report?.warnings?.map((w) => w.details)).toEqual([
      { holder: expect.any(String), keyUsage: 'keyEncipherment' },
    ]);
    const strangers = await validatePdf(join(dir, 'ec.pdf'), token);
    expect(
      strangers.signatures.map((s) => [s.pdfsig.signatureValid, s.pdfsig.certificateTrusted, s.openssl.valid]),
    ).toEqual([[true, false, false]]);
  });

  it('signs with the other key without the warning, trusted by verify, pdfsig and openssl', async () => {
    const signed = await sign('rsa');
    expect(signed.status, signed.stderr).toBe(0);
    expect(signed.stderr).not.toContain('CERTIFICATE_NOT_FOR_SIGNING');
    const verify = await runCliAsync(['verify', join(dir, 'rsa.pdf'), '--trust', token.rootPath, '--json']);
    expect(JSON.parse(verify.stdout).signatures[0]).toMatchObject({ integrity: true, chainTrusted: true });
    expect((await validatePdf(join(dir, 'rsa.pdf'), token)).allValid).toBe(true);
    expect(readFileSync(join(dir, 'in.pdf')).equals(original)).toBe(true);
  });
});
