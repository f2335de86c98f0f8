import { afterAll, describe, expect, it } from 'vitest';
import {
  CA_EXTENSIONS,
  type CaHierarchy,
  type CertificateSpec,
  createCaHierarchy,
  SIGNER_EXTENSIONS,
} from '../../../test/fixtures/ca-hierarchy';
import { validatePath } from './path-validation';
import { keyUsageNotForSigning } from './signing-usage';

const DAY_MS = 24 * 60 * 60 * 1000;

/** root → inter → signer, with the extensions (and validity) each test changes. */
function hierarchy(changes: { root?: string; inter?: string; signer?: string; interDays?: number } = {}) {
  const specs: CertificateSpec[] = [
    { name: 'root', subject: '/C=VN/O=Path Test/CN=Path Test Root', extensions: changes.root ?? CA_EXTENSIONS },
    {
      name: 'inter',
      subject: '/C=VN/O=Path Test/CN=Path Test Issuing CA',
      issuer: 'root',
      extensions: changes.inter ?? CA_EXTENSIONS,
      ...(changes.interDays ? { days: changes.interDays } : {}),
    },
    {
      name: 'signer',
      subject: '/C=VN/O=Path Test/CN=Nguyễn Văn An',
      issuer: 'inter',
      extensions: changes.signer ?? SIGNER_EXTENSIONS,
    },
  ];
  return createCaHierarchy(specs);
}

describe('certificate path validation', () => {
  const made: CaHierarchy[] = [];
  const make = (changes: Parameters<typeof hierarchy>[0] = {}) => {
    const h = hierarchy(changes);
    made.push(h);
    return h;
  };
  afterAll(() => {
    for (const h of made) h.cleanup();
  });
  const validate = (h: CaHierarchy, at = new Date()) => {
    const { root, inter, signer } = h.certificates;
    return validatePath(signer!.der, [signer!.der, inter!.der], [root!.der], at);
  };

  it('trusts a good path, as openssl verify does', async () => {
    const h = make();
    expect(h.opensslVerify('signer', 'root', ['inter'])).toBe(true);
    expect(await validate(h)).toEqual({ trusted: true });
  });

  it('refuses a path longer than the root pathLenConstraint allows (RFC 5280 §6.1.4 l, m)', async () => {
    const h = make({ root: 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' });
    expect(h.opensslVerify('signer', 'root', ['inter'])).toBe(false);
    const result = await validate(h);
    expect(result.trusted).toBe(false);
    expect(result.reason).toContain('path length constraint exceeded: Path Test Root allows 0, found 1');
  });

  it('accepts the same root pathlen:0 when the signer is issued by the root itself', async () => {
    const h = make({ root: 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' });
    const { root, inter } = h.certificates;
    expect(h.opensslVerify('inter', 'root', [])).toBe(true);
    // The issuing CA as the end entity: nothing lies between it and the root.
    expect(await validatePath(inter!.der, [], [root!.der], new Date())).toEqual({ trusted: true });
  });

  it('refuses an issuer whose key usage lacks keyCertSign (RFC 5280 §6.1.4 n)', async () => {
    const h = make({ inter: 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,cRLSign,digitalSignature\n' });
    expect(h.opensslVerify('signer', 'root', ['inter'])).toBe(false);
    const result = await validate(h);
    expect(result.trusted).toBe(false);
    expect(result.reason).toContain('not a CA certificate');
  });

  it('refuses an issuer that is not a CA (basicConstraints cA=false, RFC 5280 §6.1.4 k)', async () => {
    const h = make({ inter: 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n' });
    expect(h.opensslVerify('signer', 'root', ['inter'])).toBe(false);
    const result = await validate(h);
    expect(result.trusted).toBe(false);
    expect(result.reason).toContain('not a CA certificate');
  });

  it('refuses a path whose intermediate had expired at the signing time, and trusts it before', async () => {
    const h = make({ interDays: 1 });
    const later = new Date(Date.now() + 3 * DAY_MS);
    expect(h.opensslVerify('signer', 'root', ['inter'], { at: later })).toBe(false);
    const result = await validate(h, later);
    expect(result.trusted).toBe(false);
    expect(result.reason).toContain('not yet valid or expired');
    expect(await validate(h)).toEqual({ trusted: true });
  });

  it('finds a signer certificate with only keyEncipherment unfit to sign, as openssl -purpose smimesign', async () => {
    const h = make({ signer: 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\n' });
    expect(h.opensslVerify('signer', 'root', ['inter'], { purpose: 'smimesign' })).toBe(false);
    expect(keyUsageNotForSigning(h.certificates.signer!.der)).toEqual(['keyEncipherment']);
    // The path itself is sound: the key usage is the signer's own fault, reported apart.
    expect(await validate(h)).toEqual({ trusted: true });
    const good = make();
    expect(good.opensslVerify('signer', 'root', ['inter'], { purpose: 'smimesign' })).toBe(true);
    expect(keyUsageNotForSigning(good.certificates.signer!.der)).toBeUndefined();
  });

  it('ends, untrusted, when carried CA certificates certify each other in a loop', async () => {
    const h = createCaHierarchy([
      { name: 'a0', subject: '/CN=Loop A', extensions: CA_EXTENSIONS },
      { name: 'b0', subject: '/CN=Loop B', extensions: CA_EXTENSIONS },
      { name: 'a', subject: '/CN=Loop A', issuer: 'b0', keyOf: 'a0', extensions: CA_EXTENSIONS },
      { name: 'b', subject: '/CN=Loop B', issuer: 'a0', keyOf: 'b0', extensions: CA_EXTENSIONS },
      { name: 'signer', subject: '/CN=Loop Signer', issuer: 'a0', extensions: SIGNER_EXTENSIONS },
      { name: 'root', subject: '/CN=Unrelated Root', extensions: CA_EXTENSIONS },
    ]);
    made.push(h);
    const { a, b, signer, root } = h.certificates;
    const result = await validatePath(signer!.der, [a!.der, b!.der], [root!.der], new Date());
    expect(result.trusted).toBe(false);
    expect(result.reason).toContain('exceeds its bound');
  });

  it('refuses without trusted roots and with an unreadable signer', async () => {
    const h = make();
    const { inter, signer } = h.certificates;
    expect(await validatePath(signer!.der, [inter!.der], [], new Date())).toMatchObject({ trusted: false });
    expect(await validatePath(new Uint8Array([1, 2, 3]), [], [inter!.der], new Date())).toMatchObject({
      trusted: false,
      reason: 'signer certificate unreadable',
    });
  });
});
