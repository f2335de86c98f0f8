/**
 * The clerk's issuance (organisation seal + number + date, Decree 30/2020 Art. 15–16) after the leader's signature,
 * on decisions made by LibreOffice and Ghostscript and on leader signatures laid out by other tools. Every earlier
 * signature must stay FORM_FILLING or less under strict difference analysis (pyHanko's rules), pdfsig, openssl and
 * qpdf must accept both signatures, and the number must complete the printed "Số: …/QĐ-UBND" without covering
 * any printed glyph (pdftotext, pdftotext -bbox).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KysoError } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPdf } from '../../agent/src/pdf';
import { type PrepareInput, prepareSigning, verifyDocument } from '../../agent/src/signing';
import { appearanceFont } from '../fixtures/appearance-font';
import { blueSignaturePng, redSealPng } from '../fixtures/png';
import type { TestToken } from '../fixtures/token';
import { type OpenTestToken, openTestToken } from '../fixtures/token-session';
import { validatePdf } from '../fixtures/validate';
import { type ForeignLayout, signWithLayout } from './foreign-layouts';
import { decisionHtml, decisionPostScript } from './profiles-docs';
import { ghostscriptPdf, libreOfficePdf, type Widget, widgets } from './profiles-support';

const BLOCK = { titles: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Nguyễn Văn An' };
const ISSUANCE = { number: '125/QĐ-UBND', date: '2026-12-01' };

let opened: OpenTestToken;
let t: TestToken;
let dir: string;
const docs: Record<string, string> = {};

/** Full names of the form's fields (qpdf lists one entry per widget). */
function fieldNames(path: string): string[] {
  const out = execFileSync('qpdf', ['--json', '--json-key=acroform', path], { encoding: 'utf8' });
  return [...new Set((JSON.parse(out).acroform.fields as { fullname: string }[]).map((f) => f.fullname))];
}

/** Runs a MuPDF script on `file` (MuPDF writes the incremental update, not our code). */
async function mutool(script: string, file: string): Promise<void> {
  const path = `${file}.js`;
  await writeFile(path, script);
  execFileSync('mutool', ['run', path, file]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kyso-issuance-'));
  opened = await openTestToken();
  t = opened.token;
  docs.writer = await libreOfficePdf(dir, 'decision-writer', decisionHtml(BLOCK));
  docs.gs = await ghostscriptPdf(dir, 'decision-gs', decisionPostScript(BLOCK), [
    `-sFONTPATH=${join(process.cwd(), 'agent/assets/fonts')}`,
  ]);
  // A text field of its own, unrelated to signing, added by MuPDF (field and widget merged, empty value).
  docs.writerFields = join(dir, 'decision-with-text-field.pdf');
  await writeFile(docs.writerFields, await readFile(docs.writer));
  await mutool(
    'var d = new PDFDocument(scriptArgs[0]); var root = d.getTrailer().get("Root");' +
      ' var w = d.addObject(d.newDictionary()); w.put("Type", d.newName("Annot")); w.put("Subtype", d.newName("Widget"));' +
      ' w.put("FT", d.newName("Tx")); w.put("T", d.newString("GhiChu")); w.put("F", 4); w.put("DA", d.newString("/Helv 10 Tf 0 g"));' +
      ' var r = d.newArray(); r.push(60); r.push(60); r.push(260); r.push(80); w.put("Rect", r);' +
      ' var page = d.findPage(0); w.put("P", page); var annots = d.newArray(); annots.push(w); page.put("Annots", annots);' +
      ' var form = d.addObject(d.newDictionary()); var fields = d.newArray(); fields.push(w); form.put("Fields", fields);' +
      ' root.put("AcroForm", form); d.save(scriptArgs[0], "incremental");',
    docs.writerFields,
  );
  // An empty AcroForm added by MuPDF in an incremental update before anyone signed.
  docs.emptyForm = join(dir, 'decision-empty-acroform.pdf');
  await writeFile(docs.emptyForm, await readFile(docs.writer));
  await mutool(
    'var d = new PDFDocument(scriptArgs[0]); var f = d.addObject(d.newDictionary()); f.put("Fields", d.newArray());' +
      ' d.getTrailer().get("Root").put("AcroForm", f); d.save(scriptArgs[0], "incremental");',
    docs.emptyForm,
  );
});

afterAll(async () => {
  await opened?.close();
  if (dir && !process.env.KYSO_KEEP_TEST_FILES) await rm(dir, { recursive: true, force: true });
  else if (dir) process.stdout.write(`issuance test files kept in ${dir}\n`);
});

type SignInput = Omit<PrepareInput, 'signerCertificate' | 'document'> & { document: Buffer; cn: string };

const sign = ({ cn, ...input }: SignInput): Promise<Buffer> => opened.signPdf(cn, input);

async function leaderSigns(document: Buffer, layout: ForeignLayout | 'ours'): Promise<Buffer> {
  const ours = await sign({
    document,
    cn: 'Nguyễn Văn An',
    profile: 'leader',
    placement: { pageIndex: -1 },
    appearance: { image: blueSignaturePng() },
  });
  if (layout === 'ours') return ours;
  // The same place in the signer block, written the other tool's way.
  const { x, y, width, height } = openPdf(ours).signatures()[0]!.rect!;
  return signWithLayout(document, layout, [x, y, x + width, y + height], opened.signer('Nguyễn Văn An'));
}

const clerkSigns = (document: Buffer) =>
  sign({
    document,
    cn: 'UBND tỉnh Thanh Hóa',
    profile: 'organization',
    placement: { pageIndex: -1 },
    appearance: { image: redSealPng() },
    profileOptions: { sealMm: 36 },
    issuance: ISSUANCE,
  });

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Word boxes of page 1 from `pdftotext -bbox` (top-left points, 72 dpi). */
function words(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  return [
    ...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
  ].map((m) => ({ xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: m[5]! }));
}

/** Page 1 as pdftotext lays it out physically, runs of spaces collapsed (blanks are wide on some forms). */
function layoutText(file: string): string {
  const text = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  return text.normalize('NFC').replace(/[ \t]+/g, ' ');
}

const inside = (w: Word, area: Word) => {
  const [cx, cy] = [(w.xMin + w.xMax) / 2, (w.yMin + w.yMax) / 2];
  return cx > area.xMin && cx < area.xMax && cy > area.yMin && cy < area.yMax;
};

/**
 * Two glyph boxes cover each other when they overlap across and by more than half their height: pdftotext's
 * boxes run from the font's descent to its ascent, so the boxes of consecutive printed lines already touch.
 */
const covers = (a: Word, b: Word) => {
  const across = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
  const down = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
  return across > 0 && down > 0.5 * Math.min(a.yMax - a.yMin, b.yMax - b.yMin);
};

/** The drawn text of an issuance widget: its box without the appearance padding (2 pt, +1 on the right). */
const textArea = (w: Widget): Word => ({
  text: '',
  xMin: w.xMin + 2,
  xMax: w.xMax - 3,
  yMin: w.yMin + 2,
  yMax: w.yMax - 2,
});

describe('issuance after the leader: number and date as widgets of the organisation signature', () => {
  it.each([
    ['a LibreOffice decision', 'writer', 'ours'],
    ['a Ghostscript decision', 'gs', 'ours'],
    ['a leader signature whose widget is separate from its field', 'writer', 'separate-widget'],
    ['a leader signature field under a parent field', 'writer', 'under-parent'],
    ['a document with an empty AcroForm before signing', 'emptyForm', 'ours'],
    ['a document with an unrelated text field', 'writerFields', 'ours'],
  ] as const)('%s', async (_name, doc, layout) => {
    const original = await readFile(docs[doc]!);
    const leader = await leaderSigns(original, layout);
    const leaderPath = join(dir, `${doc}-${layout}-leader.pdf`);
    await writeFile(leaderPath, leader);
    const issued = await clerkSigns(leader);
    const issuedPath = join(dir, `${doc}-${layout}-issued.pdf`);
    await writeFile(issuedPath, issued);

    if (doc === 'writerFields') {
      expect(fieldNames(docs[doc]!)).toEqual(['GhiChu']);
      expect(fieldNames(issuedPath)).toEqual(['GhiChu', 'Signature1', 'Signature2']);
    }
    // Our strict analysis: the leader's signature sees only form filling.
    const report = await verifyDocument(issued, { trustedRoots: [t.chainDer[t.chainDer.length - 1]!] });
    expect(report.signatures.map((s) => [s.integrity, s.chainTrusted, s.modifications.level])).toEqual([
      [true, true, 'FORM_FILLING'],
      [true, true, 'NONE'],
    ]);
    expect(report.valid).toBe(true);
    // pdfsig, openssl and qpdf on both signatures.
    const verdict = await validatePdf(issuedPath, t);
    expect(
      verdict.signatures.map((s) => s.valid),
      verdict.pdfsigOutput,
    ).toEqual([true, true]);
    expect(verdict.allValid).toBe(true);

    // Read as text: the number completes the printed symbol, the date fills its blanks.
    const text = layoutText(issuedPath);
    expect(text).toContain('Số: 125/QĐ-UBND');
    expect(text).toContain('ngày 01 tháng 12 năm 2026');
    expect(text).not.toContain('QĐ-UBND/QĐ-UBND');

    // The widgets: seal first, then number, day and month (the year is printed), all printed (/F 4 set).
    const before = await widgets(leaderPath);
    const added = (await widgets(issuedPath)).filter(
      (w) => !before.some((b) => b.pageIndex === w.pageIndex && b.xMin === w.xMin && b.yMin === w.yMin),
    );
    expect(added.every((w) => w.fieldType === '/Sig')).toBe(true);
    const [seal, ...issuance] = added;
    expect(seal!.xMax - seal!.xMin).toBeGreaterThan(90); // the 36 mm seal
    expect(issuance).toHaveLength(3);
    const flags = execFileSync('qpdf', ['--json', '--json-key=acroform', issuedPath], { encoding: 'utf8' });
    const annotFlags = (
      JSON.parse(flags).acroform.fields as { fullname: string; annotation: { annotationflags: number } }[]
    )
      .filter((f) => f.fullname === 'Signature2' || f.fullname === 'Signature1')
      .map((f) => f.annotation.annotationflags & 4);
    expect(annotFlags.every((f) => f === 4)).toBe(true);

    // No glyph we drew covers a printed one.
    const printed = words(leaderPath);
    const after = words(issuedPath);
    for (const widget of issuance) {
      const drawn = after.filter((w) => inside(w, textArea(widget)));
      expect(drawn.length, `nothing drawn in ${JSON.stringify(widget)}`).toBeGreaterThan(0);
      for (const word of drawn) {
        const covered = printed.filter((p) => covers(word, p));
        expect(covered, `${word.text} covers ${covered.map((c) => c.text)}`).toEqual([]);
      }
    }
  });

  it('refuses before the PIN when the update would make the leader signature OTHER', async () => {
    // A form dictionary that the catalog also uses under another key: rewriting it for the new field would change
    // what that second key shows, so strict validators would reject the leader's signature.
    const shared = join(dir, 'decision-shared-acroform.pdf');
    await writeFile(shared, await readFile(docs.writer!));
    await mutool(
      'var d = new PDFDocument(scriptArgs[0]); var f = d.addObject(d.newDictionary()); f.put("Fields", d.newArray());' +
        ' var r = d.getTrailer().get("Root"); r.put("AcroForm", f); r.put("KysoShared", f); d.save(scriptArgs[0], "incremental");',
      shared,
    );
    const leader = await leaderSigns(await readFile(shared), 'ours');
    const cert = opened.certificate('UBND tỉnh Thanh Hóa');
    const attempt = prepareSigning(
      {
        document: leader,
        signerCertificate: { certificate: cert.der, chain: t.chainDer },
        profile: 'organization',
        placement: { pageIndex: -1 },
        appearance: { image: redSealPng() },
        issuance: ISSUANCE,
      },
      appearanceFont,
    );
    await expect(attempt).rejects.toBeInstanceOf(KysoError);
    const error = (await attempt.catch((e: KysoError) => e)) as KysoError;
    expect(error.code).toBe('UPDATE_BREAKS_EARLIER_SIGNATURE');
    expect(error.details).toMatchObject({ signature: 'Signature1', level: 'OTHER' });
    expect(String(error.details.reason)).toMatch(/KysoShared/);
  });
});
