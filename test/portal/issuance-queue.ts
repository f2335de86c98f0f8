/**
 * Test setup for the clerk's batch: N decisions made with pdf-lib, signed as the competent person by the agent CLI
 * (`kyso-agent sign --profile leader --image <blue PNG>` on the SoftHSM token), one of them deliberately broken
 * (encrypted by qpdf after the leader's signature, so the agent refuses it with PDF_ENCRYPTED).
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import {
  certificatesFromPem,
  completeChain,
  finishSigning,
  prepareSigning,
  writeFileAtomically,
} from '../../agent/src/signing';
import { listCertificates, loadModule, TokenSigner } from '../../agent/src/token';
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

export interface IssuanceQueueOptions {
  dir: string;
  count: number;
  signer: LeaderSigner;
  /** Index (0-based) of the document made unsignable; -1 for none. */
  brokenIndex: number;
}

/** An RGBA PNG from a pixel function (no dependency). */
export function pngOf(width: number, height: number, pixel: (x: number, y: number) => number[] | undefined): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 4);
    for (let x = 0; x < width; x++) {
      const p = pixel(x, y);
      if (p) row.set(p, 1 + x * 4);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A red round seal (two rings and a star-ish centre) on a transparent background. */
export function redSealPng(size = 200): Buffer {
  const c = size / 2;
  return pngOf(size, size, (x, y) => {
    const r = Math.hypot(x - c, y - c);
    const ring = (r > c * 0.88 && r < c * 0.98) || (r > c * 0.6 && r < c * 0.64);
    const centre = r < c * 0.2 && (Math.abs(x - c) < 3 || Math.abs(y - c) < 3);
    return ring || centre ? [0xd0, 0x10, 0x10, 0xff] : undefined;
  });
}

/** A blue handwritten-looking stroke on a transparent background. */
export function blueSignaturePng(width = 240, height = 100): Buffer {
  return pngOf(width, height, (x, y) => {
    const curve = height / 2 + Math.sin(x / 18) * (height / 4) * Math.cos(x / 47);
    return Math.abs(y - curve) < 3 ? [0x10, 0x3c, 0xc8, 0xff] : undefined;
  });
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
        const prepared = await prepareSigning({
          document: await readFile(input),
          signerCertificate: { certificate: cert.der, chain },
          placement: { pageIndex: -1 },
          profile: 'leader',
          appearance: { image },
        });
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
    return { id, number: String(100 + n), title: `Quyết định ${issuanceSubject(n).toLocaleLowerCase('vi')}`, path: join(dir, `quyet-dinh-${id}.pdf`) };
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
