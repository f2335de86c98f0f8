/**
 * The leader's signature when the document does not help: a signer block naming someone other than the
 * certificate's holder (found by its Decree 30 layout, and said), and no handwriting image (a text appearance,
 * never an empty box). Documents by LibreOffice and Ghostscript; checked with pdftotext, qpdf and pdftoppm.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishSigning, prepareSigning } from '../../agent/src/signing';
import { listCertificates, loadModule, type Pkcs11Module, type TokenSession, TokenSigner } from '../../agent/src/token';
import { appearanceFont } from '../fixtures/appearance-font';
import { blueSignaturePng } from '../fixtures/png';
import { createTestToken, type TestToken } from '../fixtures/token';
import { validatePdf } from '../fixtures/validate';
import { decisionHtml, decisionPostScript } from './profiles-docs';
import { bboxLines, findLine, ghostscriptPdf, libreOfficePdf, widgets } from './profiles-support';

const OTHER_SIGNER = { titles: ['GIÁM ĐỐC'], name: 'Lê Văn Cường' };
const HOLDER_BLOCK = { titles: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Nguyễn Văn An' };

let t: TestToken;
let mod: Pkcs11Module;
let session: TokenSession;
let dir: string;
let otherSignerPdf: string;
let holderPdf: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kyso-signer-block-'));
  t = await createTestToken();
  mod = loadModule(t.modulePath);
  session = mod.openToken({ label: t.label });
  otherSignerPdf = await libreOfficePdf(dir, 'decision-le-van-cuong', decisionHtml(OTHER_SIGNER));
  const fonts = `-sFONTPATH=${join(process.cwd(), 'agent/assets/fonts')}`;
  holderPdf = await ghostscriptPdf(dir, 'decision-gs', decisionPostScript(HOLDER_BLOCK), [fonts]);
});

afterAll(async () => {
  mod?.close();
  await t?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function signAsLeader(inPath: string, image?: Uint8Array) {
  const certs = await listCertificates(session, t.pin);
  const cert = certs.find((c) => c.subjectCommonName === 'Nguyễn Văn An' && c.privateKey);
  if (!cert) throw new Error('no leader key on the token');
  const prepared = await prepareSigning(
    {
      document: await readFile(inPath),
      signerCertificate: { certificate: cert.der, chain: t.chainDer },
      profile: 'leader',
      placement: { pageIndex: -1 },
      appearance: image ? { image } : undefined,
    },
    appearanceFont,
  );
  const signed = await finishSigning(prepared, new TokenSigner(session, cert, { chain: t.chainDer }));
  const out = join(dir, `signed-${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(out, Buffer.concat(signed.parts));
  return { out, warnings: prepared.warnings };
}

describe('signer block by layout', () => {
  it('puts the box between GIÁM ĐỐC and "Lê Văn Cường" and says the holder is someone else', async () => {
    const { out, warnings } = await signAsLeader(otherSignerPdf, blueSignaturePng());
    const lines = await bboxLines(out);
    const title = findLine(lines, /^GIÁM ĐỐC$/);
    const name = findLine(lines, /^Lê Văn Cường$/);
    const [box] = (await widgets(out)).filter((w) => w.fieldType === '/Sig');
    expect(box!.yMin).toBeGreaterThanOrEqual(title.yMax);
    expect(box!.yMax).toBeLessThanOrEqual(name.yMin);
    expect(box!.xMin).toBeGreaterThan(595 / 2 - 40);
    // Not the national motto at the top right of page 1.
    expect(box!.yMin).toBeGreaterThan(findLine(lines, /^CỘNG HÒA/).yMax + 100);
    expect(warnings.map((w) => w.message).join('\n')).toContain('Người ký trên văn bản là "Lê Văn Cường"');
    expect((await validatePdf(out, t)).allValid).toBe(true);
  });
});

describe('no handwriting image', () => {
  it("draws the holder's name and the signing time instead of an empty box", async () => {
    const { out, warnings } = await signAsLeader(holderPdf);
    expect(warnings.map((w) => w.message).join('\n')).toContain('Chưa có ảnh chữ ký tay');
    const text = execFileSync('pdftotext', ['-layout', out, '-']).toString().normalize('NFC');
    expect(text).toContain('Ký bởi: Nguyễn Văn An');
    expect(text).toMatch(/Thời gian ký: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00/);
    const [box] = (await widgets(out)).filter((w) => w.fieldType === '/Sig');
    const title = findLine(await bboxLines(holderPdf), /^PHÓ CHỦ TỊCH$/);
    expect(box!.yMin).toBeGreaterThanOrEqual(title.yMax);
    expect((await validatePdf(out, t)).allValid).toBe(true);
  });
});
