/**
 * Test setup for the clerk's batch: N decisions made with pdf-lib, signed as the competent person by the agent CLI
 * (`kyso-agent sign --profile leader --image <blue PNG>` on the SoftHSM token), one of them deliberately broken
 * (encrypted by qpdf after the leader's signature, so the agent refuses it with PDF_ENCRYPTED).
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  certificatesFromPem,
  completeChain,
  finishSigning,
  prepareSigning,
  writeFileAtomically,
} from '../../agent/src/signing';
import { listCertificates, loadModule, TokenSigner } from '../../agent/src/token';
import { appearanceFont } from '../fixtures/appearance-font';
import { blueSignaturePng } from '../fixtures/png';
import type { TestToken } from '../fixtures/token';
import { type IssuanceFile, issuanceDecision, issuanceSubject } from './issuance-seed';

const run = promisify(execFile);

export interface LeaderSigner {
  modulePath: string;
  confPath: string;
  pin: string;
  /** CKA_ID of the leader's key and the name on its certificate (the signer block must name it). */
  keyId: string;
  commonName: string;
  /** The issuing CA, for the chain (SoftHSM holds only the signer's certificate). */
  intermediatePath: string;
}

/** The leader is the RSA key's holder on a test token. */
export function leaderOnToken(token: TestToken): LeaderSigner {
  return {
    modulePath: token.modulePath,
    confPath: token.confPath,
    pin: token.pin,
    keyId: token.keys.rsa.idHex,
    commonName: token.keys.rsa.commonName,
    intermediatePath: token.intermediatePath,
  };
}

export interface IssuanceQueueOptions {
  dir: string;
  count: number;
  signer: LeaderSigner;
  /** Index (0-based) of the document made unsignable; -1 for none. */
  brokenIndex: number;
}

/**
 * The leader's signing session for the whole queue: one login, documents signed one after another in this process,
 * like a leader signing a stack. (Several CLI processes logging in at once on one SoftHSM folder race on its files
 * and fail now and then with CKR_GENERAL_ERROR.)
 */
async function openLeaderSession(signer: LeaderSigner) {
  process.env.SOFTHSM2_CONF = signer.confPath;
  const module = loadModule(signer.modulePath);
  try {
    const session = module.openToken();
    await session.login(signer.pin);
    const cert = (await listCertificates(session)).find((c) => c.idHex === signer.keyId && c.privateKey);
    if (!cert) throw new Error(`no key ${signer.keyId} on the leader's token`);
    const chain = completeChain(cert.der, certificatesFromPem(await readFile(signer.intermediatePath, 'latin1')));
    const tokenSigner = new TokenSigner(session, cert, { chain });
    return {
      async sign(input: string, output: string, image: Uint8Array): Promise<void> {
        const prepared = await prepareSigning(
          {
            document: await readFile(input),
            signerCertificate: { certificate: cert.der, chain },
            placement: { pageIndex: -1 },
            profile: 'leader',
            appearance: { image },
          },
          appearanceFont,
        );
        writeFileAtomically(output, (await finishSigning(prepared, tokenSigner)).parts);
      },
      close: () => module.close(),
    };
  } catch (error) {
    module.close();
    throw error;
  }
}

/** Makes and leader-signs the queue; returns the files for `issuanceDocuments`. */
export async function buildIssuanceQueue(options: IssuanceQueueOptions): Promise<IssuanceFile[]> {
  const { dir, count, signer } = options;
  await mkdir(dir, { recursive: true });
  const image = blueSignaturePng();
  const files: IssuanceFile[] = Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    const id = `ph-${String(n).padStart(2, '0')}`;
    return {
      id,
      number: String(100 + n),
      title: `Quyết định ${issuanceSubject(n).toLocaleLowerCase('vi')}`,
      path: join(dir, `quyet-dinh-${id}.pdf`),
    };
  });
  const leader = await openLeaderSession(signer);
  try {
    for (const [i, file] of files.entries()) {
      const draft = join(dir, `draft-${file.id}.pdf`);
      await writeFile(draft, await issuanceDecision(i + 1, signer.commonName));
      if (i !== options.brokenIndex) {
        await leader.sign(draft, file.path, image);
        continue;
      }
      // Signed by the leader, then "protected" by someone with a password tool: the agent must refuse it.
      const signed = join(dir, `leader-${file.id}.pdf`);
      await leader.sign(draft, signed, image);
      await run('qpdf', ['--encrypt', '', 'chu-so-huu', '256', '--', signed, file.path]);
    }
  } finally {
    leader.close();
  }
  return files;
}
