import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { FixtureDir, run, wordBoxes } from '../../../../test/fixtures/pdf-tools';
import { openPdf } from '../document';
import { parseToUnicode } from './cmap';
import { glyphNameToUnicode } from './encoding';
import { extractPageText } from './index';
import { buildLines, type LayoutGlyph, toVisiblePoint } from './layout';
import { operations } from './lexer';

const fx = new FixtureDir();
afterAll(() => fx.cleanup());
const FONT = readFileSync(new URL('../../../assets/fonts/LiberationSerif-Regular.ttf', import.meta.url));

describe('content stream tokenizer', () => {
  it('reads operands before their operator, including TJ arrays and strings with parentheses', () => {
    const ops = [...operations(Buffer.from('BT /F1 12 Tf 1 0 0 1 72 700 Tm [(a\\(b) -250 <0041>] TJ ET'))];
    expect(ops.map((o) => o.op)).toEqual(['BT', 'Tf', 'Tm', 'TJ', 'ET']);
    expect(ops[2]?.args).toEqual([1, 0, 0, 1, 72, 700]);
  });

  it('skips an inline image whose data looks like operators', () => {
    const ops = [...operations(Buffer.from('q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00Tj)( EI Q BT ET'))];
    expect(ops.map((o) => o.op)).toEqual(['q', 'Q', 'BT', 'ET']);
  });
});

describe('ToUnicode and glyph names', () => {
  it('maps bfchar, bfrange with a start value and bfrange with an array', () => {
    const cmap = parseToUnicode(
      Buffer.from(
        '1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <0001> <1EA1> endbfchar ' +
          '2 beginbfrange <0010> <0012> <0041> <0020> <0021> [<0111> <00660069>] endbfrange',
      ),
    );
    expect(cmap.codeLengths).toEqual([2]);
    expect([1, 0x10, 0x12, 0x20, 0x21].map((c) => cmap.map.get(c))).toEqual(['ạ', 'A', 'C', 'đ', 'fi']);
  });

  it('names every Vietnamese letter the Adobe Glyph List way', () => {
    const names = [
      'ocircumflexacute',
      'Acircumflexdotbelow',
      'Adotbelowcircumflex',
      'uni1EA1',
      'dcroat',
      'uhorn',
      'Ohornhookabove',
    ];
    expect(names.map(glyphNameToUnicode)).toEqual(['ố', 'Ậ', 'Ậ', 'ạ', 'đ', 'ư', 'Ở']);
  });
});

describe('lines from glyph runs', () => {
  const glyph = (text: string, x0: number, baseline = 700, size = 13): LayoutGlyph => ({
    text,
    x0,
    x1: x0 + 6,
    baseline,
    size,
  });

  it('merges glyphs drawn one by one into words and splits a second column on the same baseline', () => {
    const glyphs = [
      glyph('K', 400),
      glyph('T', 406),
      glyph('.', 412),
      glyph('C', 421),
      glyph('T', 427),
      glyph('N', 60),
      glyph('ơ', 66),
    ];
    expect(buildLines(glyphs).map((l) => l.text)).toEqual(['Nơ', 'KT. CT']);
  });

  it('maps page space to the visible page of a /Rotate 90 page', () => {
    const page = {
      index: 0,
      mediaBox: [0, 0, 595, 842],
      cropBox: [0, 0, 595, 842],
      rotate: 90,
      width: 842,
      height: 595,
    } as const;
    expect(
      toVisiblePoint({ ...page, mediaBox: [...page.mediaBox], cropBox: [...page.cropBox] }, 595 - 100, 70),
    ).toEqual([70, 100]);
  });
});

describe('extractPageText on other producers', () => {
  it('reads a pdf-lib document with an embedded Unicode font (Type0, /W widths) like pdftotext does', async () => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(FONT, { subset: true });
    const page = doc.addPage([595, 842]);
    page.drawText('KT. CHỦ TỊCH', { x: 380, y: 500, size: 13, font });
    page.drawText('Nguyễn Văn Bình', { x: 375, y: 420, size: 13, font });
    const file = fx.write('pdf-lib-type0.pdf', await doc.save({ useObjectStreams: true }));
    const lines = extractPageText(openPdf(fx.read('pdf-lib-type0.pdf')), 0).lines;
    expect(lines.map((l) => l.text)).toEqual(['KT. CHỦ TỊCH', 'Nguyễn Văn Bình']);
    const words = wordBoxes(file, 1);
    const name = lines[1]!;
    const last = words.find((w) => w.text === 'Bình')!;
    expect(name.x + name.width).toBeCloseTo(last.xMax, 0);
  });

  it('reads WinAnsi text of a standard font on a page turned by /Rotate 270', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.TimesRoman);
    const page = doc.addPage([595, 842]);
    page.setRotation(degrees(270));
    // Drawn turned by 90° so that it reads upright once the page is displayed turned by 270°.
    page.drawText('GIAM DOC', { x: 300, y: 600, size: 12, font, rotate: degrees(-90) });
    const path = fx.write('rotate-270.pdf', await doc.save());
    const [line] = extractPageText(openPdf(fx.read('rotate-270.pdf')), 0).lines;
    expect(line?.text).toBe('GIAM DOC');
    const bbox = run('pdftotext', ['-bbox', path, '-']);
    const x = Number(/<word xMin="([\d.]+)"[^>]*>GIAM/.exec(bbox)?.[1]);
    expect(line!.x).toBeCloseTo(x, 0);
  });
});
