/**
 * Decree 30/2020 profiles end to end on documents made by LibreOffice and Ghostscript (not by our code), signed with
 * the SoftHSM token, checked with independent tools: pdftotext -bbox-layout (text), qpdf --json (widget boxes),
 * pdftoppm (what is drawn), pdfsig + openssl (signatures).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PrepareInput, verifyDocument } from '../../agent/src/signing';
import { blueSignaturePng, redSealPng } from '../fixtures/png';
import type { TestToken } from '../fixtures/token';
import { type OpenTestToken, openTestToken } from '../fixtures/token-session';
import { validatePdf } from '../fixtures/validate';
import { appendixHtml, decisionHtml, decisionPostScript, letterHtml } from './profiles-docs';
import { bboxLines, findLine, ghostscriptPdf, libreOfficePdf, widgets } from './profiles-support';

const BLOCK = { titles: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Nguyễn Văn An' };
const SIGNED_AT = new Date('2026-03-05T02:15:30Z');
const MM = 72 / 25.4;

let opened: OpenTestToken;
let t: TestToken;
let dir: string;
const docs: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kyso-profiles-'));
  opened = await openTestToken();
  t = opened.token;
  docs.writer = await libreOfficePdf(dir, 'decision-writer', decisionHtml(BLOCK));
  docs.letter = await libreOfficePdf(dir, 'letter-cong-van', letterHtml());
  docs.appendix = await libreOfficePdf(dir, 'appendix-no-number', appendixHtml());
  docs.writerNoBlock = await libreOfficePdf(dir, 'decision-without-signer-block', decisionHtml(undefined));
  const fonts = `-sFONTPATH=${join(process.cwd(), 'agent/assets/fonts')}`;
  docs.gsRotated = await ghostscriptPdf(dir, 'decision-landscape-rotate90', decisionPostScript(BLOCK, true), [
    fonts,
    '-dAutoRotatePages=/PageByPage',
  ]);
});

afterAll(async () => {
  await opened?.close();
  // KYSO_KEEP_TEST_FILES=1 keeps the signed files to look at (pdftoppm -r 100 -png …).
  if (dir && !process.env.KYSO_KEEP_TEST_FILES) await rm(dir, { recursive: true, force: true });
  else if (dir) process.stdout.write(`profiles test files kept in ${dir}\n`);
});

/** Prepares and signs in-process, writes the output and returns its path. */
async function sign(
  input: Omit<PrepareInput, 'signerCertificate' | 'document'> & { in: string; out: string; cn: string },
): Promise<string> {
  const { in: inPath, out, cn, ...rest } = input;
  const signed = await opened.signPdf(cn, { ...rest, document: await readFile(inPath), signingTime: SIGNED_AT });
  const path = join(dir, out);
  await writeFile(path, signed);
  return path;
}

/** Counts rendered pixels of a colour class inside a top-left box (72 dpi: 1 px = 1 pt), from pdftoppm's PNG via PPM. */
async function pixels(
  pdf: string,
  box: { xMin: number; yMin: number; xMax: number; yMax: number },
  kind: 'blue' | 'red' | 'dark',
): Promise<number> {
  const ppm = execFileSync('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-singlefile', pdf], { maxBuffer: 64 << 20 });
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 40));
  if (!header) throw new Error('not a PPM');
  const width = Number(header[1]);
  const data = ppm.subarray(header[0].length);
  let count = 0;
  for (let y = Math.ceil(box.yMin); y < box.yMax; y++) {
    for (let x = Math.ceil(box.xMin); x < box.xMax; x++) {
      const i = (y * width + x) * 3;
      const [r = 0, g = 0, b = 0] = [data[i], data[i + 1], data[i + 2]];
      if (kind === 'blue' && b > 120 && b > r + 50 && b > g + 30) count++;
      if (kind === 'red' && r > 150 && r > g + 80 && r > b + 80) count++;
      if (kind === 'dark' && r < 100 && g < 100 && b < 100) count++;
    }
  }
  return count;
}

describe('leader then organisation on a LibreOffice decision', () => {
  let leaderPdf: string;

  it('places the blue signature between the last title line and the signer name', async () => {
    leaderPdf = await sign({
      in: docs.writer!,
      out: 'leader.pdf',
      cn: 'Nguyễn Văn An',
      profile: 'leader',
      placement: { pageIndex: -1 },
      appearance: { image: blueSignaturePng() },
    });
    const lines = await bboxLines(leaderPdf);
    const title = findLine(lines, /^PHÓ CHỦ TỊCH$/);
    const name = findLine(lines, /^Nguyễn Văn An$/);
    const [box] = (await widgets(leaderPdf)).filter((w) => w.fieldType === '/Sig');
    expect(box).toBeDefined();
    expect(box!.yMin).toBeGreaterThanOrEqual(title.yMax);
    expect(box!.yMax).toBeLessThanOrEqual(name.yMin);
    const centre = (box!.xMin + box!.xMax) / 2;
    expect(Math.abs(centre - (name.xMin + name.xMax) / 2)).toBeLessThan(10);
    expect(box!.yMax - box!.yMin).toBeGreaterThan(30);
    expect(await pixels(leaderPdf, box!, 'blue')).toBeGreaterThan(100);
    const verdict = await validatePdf(leaderPdf, t);
    expect(verdict.allValid).toBe(true);
  });

  it('puts the red seal at real size over the left third of the leader, number and date in the blanks', async () => {
    const original = await readFile(leaderPdf);
    const orgPdf = await sign({
      in: leaderPdf,
      out: 'organization.pdf',
      cn: 'UBND tỉnh Thanh Hóa',
      profile: 'organization',
      placement: { pageIndex: -1 },
      appearance: { image: redSealPng() },
      profileOptions: { sealMm: 36 },
      issuance: { number: '125', date: '2026-03-05' },
    });
    const all = await widgets(orgPdf);
    // The seal, the number and the date are widgets of the organisation's one signature field (no text fields).
    expect(all.map((w) => w.fieldType)).toEqual(['/Sig', '/Sig', '/Sig', '/Sig', '/Sig']);
    const [leader, seal, ...texts] = all;
    expect(seal!.xMax - seal!.xMin).toBeCloseTo(36 * MM, 0);
    const third = leader!.xMin + (leader!.xMax - leader!.xMin) / 3;
    expect(seal!.xMax).toBeCloseTo(third, 0);
    expect(seal!.xMin).toBeLessThan(leader!.xMin);
    expect(seal!.yMin).toBeLessThan(leader!.yMax);
    expect(seal!.yMax).toBeGreaterThan(leader!.yMin);
    expect(await pixels(orgPdf, seal!, 'red')).toBeGreaterThan(100);

    // The blanks as located by poppler in the leader's file (no widgets there yet).
    const before = await bboxLines(leaderPdf);
    const so = findLine(before, /^Số:$/);
    const suffix = findLine(before, /^\/QĐ-UBND$/);
    expect(texts).toHaveLength(3);
    const number = texts[0]!;
    expect(number.xMin).toBeGreaterThanOrEqual(so.xMax - 1);
    expect(number.xMax).toBeLessThanOrEqual(suffix.xMin + 1);
    // poppler reads the widget appearances in place: the filled blanks read as one line each.
    const after = await bboxLines(orgPdf);
    // Appendix I: a leading zero for days below 10 and for months 1 and 2 only.
    findLine(after, /^Số: 125 \/QĐ-UBND$/);
    findLine(after, /^Thanh Hóa, ngày 05 tháng 3 năm 2026$/);
    expect(Math.abs((number.yMin + number.yMax) / 2 - (so.yMin + so.yMax) / 2)).toBeLessThan(4);
    expect(await pixels(orgPdf, number, 'dark')).toBeGreaterThan(5);

    const signed = await readFile(orgPdf);
    expect(signed.subarray(0, original.length).equals(original)).toBe(true);
    const verdict = await validatePdf(orgPdf, t);
    expect(verdict.signatures).toHaveLength(2);
    expect(verdict.allValid).toBe(true);
    const report = await verifyDocument(signed, { trustedRoots: [t.chainDer[t.chainDer.length - 1]!] });
    expect(report.signatures.map((s) => [s.integrity, s.chainTrusted])).toEqual([
      [true, true],
      [true, true],
    ]);
    expect(report.signatures[0]?.laterChangesAllowed).toBe(true);
    expect(report.signatures.map((s) => s.modifications.level)).toEqual(['FORM_FILLING', 'NONE']);
  });
});

describe('text profiles at the top right of page 1', () => {
  it.each([
    ['appendix', { number: '125/QĐ-UBND' }],
    ['copy', { copyType: 'SAO LỤC' as const }],
  ] as const)('%s: a 10 pt black text block at the top right, no image', async (profile, options) => {
    const out = await sign({
      in: docs.writer!,
      out: `${profile}.pdf`,
      cn: 'UBND tỉnh Thanh Hóa',
      profile,
      placement: { pageIndex: 0 },
      profileOptions: options,
    });
    const [box] = (await widgets(out)).filter((w) => w.fieldType === '/Sig');
    expect(box!.pageIndex).toBe(0);
    expect(595 - box!.xMax).toBeCloseTo(15 * MM, 0);
    expect(box!.yMin).toBeCloseTo(5 * MM, 0);
    expect(box!.yMax - box!.yMin).toBeCloseTo(3 * 12 + 4, 0);
    expect(await pixels(out, box!, 'dark')).toBeGreaterThan(50);
    expect(await pixels(out, box!, 'blue')).toBe(0);
    expect((await validatePdf(out, t)).allValid).toBe(true);
  });
});

describe('the incoming-document mark ("ĐẾN") under the number of the received document', () => {
  it('goes under the "V/v" summary of a letter, centred on its column, with number, date and time', async () => {
    const out = await sign({
      in: docs.letter!,
      out: 'income-letter.pdf',
      cn: 'UBND tỉnh Thanh Hóa',
      profile: 'income',
      placement: { pageIndex: 0 },
      profileOptions: { number: '1234' },
    });
    const lines = await bboxLines(out);
    const number = findLine(lines, /^Số: 45\/STC-NS$/);
    const summaryEnd = findLine(lines, /^ngân sách năm 2027$/);
    const [box] = (await widgets(out)).filter((w) => w.fieldType === '/Sig');
    expect(box!.pageIndex).toBe(0);
    expect(box!.yMin).toBeGreaterThan(summaryEnd.yMax);
    expect(box!.yMin - summaryEnd.yMax).toBeLessThan(15);
    expect(Math.abs((box!.xMin + box!.xMax) / 2 - (number.xMin + number.xMax) / 2)).toBeLessThan(3);
    // Three lines: organisation, "ĐẾN  Số: …", date and time of receipt (10 pt, 1.2 leading, 2 pt padding).
    expect(box!.yMax - box!.yMin).toBeCloseTo(3 * 12 + 4, 0);
    expect(box!.yMax).toBeLessThan(findLine(lines, /^Kính gửi/).yMin);
    const text = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', out, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/ĐẾN\s+Số: 1234/);
    expect(text).toMatch(/Ngày: 05\/03\/2026\s+Giờ: 09:15/);
    expect((await validatePdf(out, t)).allValid).toBe(true);
  });

  it('writes "ĐẾN" without a number when the portal gives none, under the number line of a decision', async () => {
    const out = await sign({
      in: docs.writer!,
      out: 'income-decision.pdf',
      cn: 'UBND tỉnh Thanh Hóa',
      profile: 'income',
      placement: { pageIndex: 0 },
    });
    const number = findLine(await bboxLines(out), /^Số:/);
    const [box] = (await widgets(out)).filter((w) => w.fieldType === '/Sig');
    expect(box!.yMin).toBeGreaterThan(number.yMax);
    expect(box!.yMax - box!.yMin).toBeCloseTo(3 * 12 + 4, 0);
    const text = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('ĐẾN');
    expect(text).not.toMatch(/ĐẾN\s+Số/);
    expect((await validatePdf(out, t)).allValid).toBe(true);
  });

  it('refuses a document without a "Số:" line on page 1 (PLACEMENT_NOT_FOUND), never guesses', async () => {
    const input = { in: docs.appendix!, out: 'income-none.pdf', cn: 'UBND tỉnh Thanh Hóa', profile: 'income' as const };
    await expect(sign({ ...input, placement: { pageIndex: 0 } })).rejects.toMatchObject({
      code: 'PLACEMENT_NOT_FOUND',
    });
  });
});

describe('anchors that are not there', () => {
  it('refuses the leader profile when the signer block is missing (PLACEMENT_NOT_FOUND), never guesses', async () => {
    await expect(
      sign({
        in: docs.writerNoBlock!,
        out: 'x.pdf',
        cn: 'Nguyễn Văn An',
        profile: 'leader',
        placement: { pageIndex: -1 },
        appearance: { image: blueSignaturePng() },
      }),
    ).rejects.toMatchObject({ code: 'PLACEMENT_NOT_FOUND' });
  });

  it('refuses the organization profile on a document the leader has not signed visibly', async () => {
    await expect(
      sign({
        in: docs.writer!,
        out: 'y.pdf',
        cn: 'UBND tỉnh Thanh Hóa',
        profile: 'organization',
        placement: { pageIndex: -1 },
        appearance: { image: redSealPng() },
      }),
    ).rejects.toMatchObject({ code: 'PLACEMENT_NOT_FOUND' });
  });

  it('lets an explicit rectangle win over the profile placement', async () => {
    const rect = { x: 50, y: 50, width: 120, height: 40 };
    const out = await sign({
      in: docs.writerNoBlock!,
      out: 'rect.pdf',
      cn: 'Nguyễn Văn An',
      profile: 'leader',
      placement: { pageIndex: 0, rect },
      appearance: { image: blueSignaturePng() },
    });
    const [box] = (await widgets(out)).filter((w) => w.fieldType === '/Sig');
    const pageHeight = 841.89; // A4 as LibreOffice writes it
    expect([box!.xMin, box!.xMax, box!.yMin, box!.yMax]).toEqual(
      [50, 170, pageHeight - 90, pageHeight - 50].map((v) => expect.closeTo(v, 1)),
    );
  });
});

describe('a rotated page made by Ghostscript', () => {
  it('places the leader between title and name in the page as displayed (/Rotate 90)', async () => {
    const out = await sign({
      in: docs.gsRotated!,
      out: 'rotated.pdf',
      cn: 'Nguyễn Văn An',
      profile: 'leader',
      placement: { pageIndex: -1 },
      appearance: { image: blueSignaturePng() },
    });
    const lines = await bboxLines(out);
    const title = findLine(lines, /^PHÓ CHỦ TỊCH$/);
    const name = findLine(lines, /^Nguyễn Văn An$/);
    const [box] = (await widgets(out)).filter((w) => w.fieldType === '/Sig');
    expect(box!.yMin).toBeGreaterThanOrEqual(title.yMax);
    expect(box!.yMax).toBeLessThanOrEqual(name.yMin);
    expect(box!.xMin).toBeLessThan(name.xMax);
    expect(box!.xMax).toBeGreaterThan(name.xMin);
    expect(await pixels(out, box!, 'blue')).toBeGreaterThan(100);
    expect((await validatePdf(out, t)).allValid).toBe(true);
  });
});
