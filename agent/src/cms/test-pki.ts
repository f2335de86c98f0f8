/**
 * Test-only software keys and certificates (openssl CLI) and a `Signer` over them. `openssl pkeyutl` signs a
 * prehashed digest, which node:crypto cannot do for PSS and ECDSA. Never used on the signing path.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HashAlgorithm, SignatureScheme, Signer } from '@kyso/shared';

export interface TestPki {
  dir: string;
  rootPath: string;
  rootDer: Uint8Array;
  issue(name: string, keyAlg: 'rsa' | 'ec', subject: string): { keyPath: string; certDer: Uint8Array };
  cleanup(): void;
}

function openssl(args: string[], input?: Uint8Array): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

function genKey(path: string, alg: 'rsa' | 'ec'): void {
  const opts =
    alg === 'rsa'
      ? ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048']
      : ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'];
  openssl(['genpkey', ...opts, '-out', path]);
}

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-cms-'));
  const conf = join(dir, 'openssl.cnf');
  writeFileSync(
    conf,
    '[req]\ndistinguished_name=dn\n[dn]\n[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' +
      '[leaf]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n',
  );
  const rootKey = join(dir, 'root.key');
  const rootPath = join(dir, 'root.pem');
  genKey(rootKey, 'ec');
  openssl([
    'req',
    '-new',
    '-x509',
    '-key',
    rootKey,
    '-subj',
    '/C=VN/O=KySo CMS Test/CN=KySo CMS Test Root',
    '-utf8',
    '-days',
    '30',
    '-config',
    conf,
    '-extensions',
    'ca',
    '-out',
    rootPath,
  ]);
  const rootDer = new Uint8Array(openssl(['x509', '-in', rootPath, '-outform', 'DER']));
  let serial = 1;
  return {
    dir,
    rootPath,
    rootDer,
    issue(name, keyAlg, subject) {
      const keyPath = join(dir, `${name}.key`);
      const csr = join(dir, `${name}.csr`);
      genKey(keyPath, keyAlg);
      openssl(['req', '-new', '-key', keyPath, '-subj', subject, '-utf8', '-config', conf, '-out', csr]);
      const certDer = openssl([
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        rootPath,
        '-CAkey',
        rootKey,
        '-set_serial',
        String(1000 + serial++),
        '-days',
        '30',
        '-extfile',
        conf,
        '-extensions',
        'leaf',
        '-outform',
        'DER',
      ]);
      return { keyPath, certDer: new Uint8Array(certDer) };
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const PKEYUTL_DIGEST: Record<HashAlgorithm, string> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/** A Signer backed by a PEM key file; `openssl pkeyutl -sign` treats its input as the digest. */
export function fileKeySigner(
  keyPath: string,
  certificate: Uint8Array,
  scheme: SignatureScheme,
  chain: Uint8Array[] = [],
): Signer {
  return {
    certificate,
    chain,
    scheme,
    async signDigest(digest, hash) {
      const args = ['pkeyutl', '-sign', '-inkey', keyPath, '-pkeyopt', `digest:${PKEYUTL_DIGEST[hash]}`];
      if (scheme === 'RSA-PSS') args.push('-pkeyopt', 'rsa_padding_mode:pss', '-pkeyopt', 'rsa_pss_saltlen:digest');
      return new Uint8Array(openssl(args, digest));
    },
  };
}
