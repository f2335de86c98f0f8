/**
 * Test support for the Decree 30 profiles: Vietnamese documents made by other producers (LibreOffice from HTML,
 * Ghostscript from PostScript with the shipped Liberation Serif 2.1), and independent geometry readers —
 * `pdftotext -bbox-layout` for the text and `qpdf --json` for widget rectangles.
 */
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const LIBERATION_SERIF = new URL('../../agent/assets/fonts/LiberationSerif-Regular.ttf', import.meta.url)
  .pathname;

export interface Box {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface BboxLine extends Box {
  text: string;
  page: number;
}

/** LibreOffice (Writer, headless) converts an HTML file to PDF. */
export async function libreOfficePdf(dir: string, name: string, html: string): Promise<string> {
  const src = join(dir, `${name}.html`);
  await writeFile(src, html);
  await run(
    'soffice',
    [
      '--headless',
      `-env:UserInstallation=file://${dir}/lo-profile`,
      '--convert-to',
      'pdf:writer_pdf_Export',
      '--outdir',
      dir,
      src,
    ],
    {
      timeout: 120_000,
    },
  );
  return join(dir, `${name}.pdf`);
}

/** Ghostscript's pdfwrite renders PostScript that uses the shipped TrueType font (Vietnamese glyphs by name). */
export async function ghostscriptPdf(
  dir: string,
  name: string,
  postscript: string,
  extra: string[] = [],
): Promise<string> {
  const src = join(dir, `${name}.ps`);
  const out = join(dir, `${name}.pdf`);
  await writeFile(src, postscript);
  await run('gs', [
    '-q',
    '-dNOPAUSE',
    '-dBATCH',
    '-dSAFER',
    `--permit-file-read=${LIBERATION_SERIF}`,
    '-sDEVICE=pdfwrite',
    ...extra,
    `-sOutputFile=${out}`,
    src,
  ]);
  return out;
}

/** Lines of pdftotext -bbox-layout: visible page space, origin top-left, y downwards. */
export async function bboxLines(pdf: string): Promise<BboxLine[]> {
  const { stdout } = await run('pdftotext', ['-bbox-layout', pdf, '-'], { maxBuffer: 32 << 20 });
  const lines: BboxLine[] = [];
  let page = 0;
  for (const part of stdout.split(/<page /).slice(1)) {
    page++;
    for (const m of part.matchAll(
      /<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g,
    )) {
      const words = [...(m[5] ?? '').matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1]);
      lines.push({
        page,
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
        text: words.join(' '),
      });
    }
  }
  return lines;
}

export interface Widget extends Box {
  fieldType: string;
  value?: string;
  pageIndex: number;
}

/** Widget annotations read by qpdf (JSON v2), their /Rect turned into pdftotext's space (top-left, /Rotate applied). */
export async function widgets(pdf: string): Promise<Widget[]> {
  const { stdout } = await run('qpdf', ['--json=2', '--json-key=pages', '--json-key=qpdf', pdf], {
    maxBuffer: 64 << 20,
  });
  const json = JSON.parse(stdout) as {
    pages: { object: string }[];
    qpdf: [unknown, Record<string, { value?: Record<string, unknown> }>];
  };
  const objects = json.qpdf[1];
  const get = (ref: unknown) => (typeof ref === 'string' ? objects[`obj:${ref}`]?.value : undefined);
  const out: Widget[] = [];
  json.pages.forEach((p, pageIndex) => {
    const page = get(p.object) ?? {};
    const media = (page['/CropBox'] ?? page['/MediaBox'] ?? [0, 0, 595, 842]) as number[];
    const rotate = Number(page['/Rotate'] ?? 0);
    for (const ref of (page['/Annots'] ?? []) as string[]) {
      const annot = get(ref);
      if (annot?.['/Subtype'] !== '/Widget') continue;
      const [x0, y0, x1, y1] = annot['/Rect'] as number[];
      const value = typeof annot['/V'] === 'string' ? (annot['/V'] as string).replace(/^u:/, '') : undefined;
      // A widget in a field's /Kids inherits /FT from its parent (ISO 32000-1 §12.7.3.1).
      const fieldType = annot['/FT'] ?? get(annot['/Parent'])?.['/FT'];
      out.push({
        ...toTopLeft(media, rotate, [x0!, y0!, x1!, y1!]),
        fieldType: String(fieldType),
        value,
        pageIndex,
      });
    }
  });
  return out;
}

function toTopLeft(box: number[], rotate: number, [x0, y0, x1, y1]: number[]): Box {
  const [cx = 0, cy = 0, cx1 = 0, cy1 = 0] = box;
  const map = (x: number, y: number): [number, number] => {
    // visible (u from left, t from top)
    switch (rotate) {
      case 90:
        return [y - cy, x - cx];
      case 180:
        return [cx1 - x, y - cy];
      case 270:
        return [cy1 - y, cx1 - x];
      default:
        return [x - cx, cy1 - y];
    }
  };
  const [a, b] = map(x0!, y0!);
  const [c, d] = map(x1!, y1!);
  return { xMin: Math.min(a, c), yMin: Math.min(b, d), xMax: Math.max(a, c), yMax: Math.max(b, d) };
}

/** Renders one page to PNG with pdftoppm (for a look, and for pixel checks). */
export async function renderPage(pdf: string, page: number, out: string, dpi = 72): Promise<Buffer> {
  await run('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(dpi), '-png', '-singlefile', pdf, out]);
  return readFile(`${out}.png`);
}

export function findLine(lines: BboxLine[], pattern: RegExp): BboxLine {
  const found = lines.filter((l) => pattern.test(l.text.normalize('NFC')));
  const last = found[found.length - 1];
  if (!last) throw new Error(`no line matches ${pattern}: ${lines.map((l) => l.text).join(' | ')}`);
  return last;
}
