/**
 * Test support for the pdf module: fixtures produced by Debian tools (gs, qpdf, mutool), named after the
 * property or defect they carry, and checks that use those same tools on our output. Not used in production.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class FixtureDir {
  readonly dir = mkdtempSync(join(tmpdir(), 'kyso-pdf-'));

  path(name: string): string {
    return join(this.dir, name);
  }

  read(name: string): Buffer {
    return readFileSync(this.path(name));
  }

  write(name: string, bytes: Uint8Array | string): string {
    writeFileSync(this.path(name), bytes);
    return this.path(name);
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function run(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const TWO_PAGES_PS = `%!PS
<< /PageSize [595 842] >> setpagedevice
/Times-Roman findfont 24 scalefont setfont
72 720 moveto (Hello KySo page one) show showpage
/Times-Roman findfont 24 scalefont setfont
72 720 moveto (Page two) show showpage
`;

const CROPPED_PS = `%!PS
<< /PageSize [612 792] >> setpagedevice
[ /CropBox [50 60 562 742] /PAGE pdfmark
/Times-Roman findfont 20 scalefont setfont
72 700 moveto (Cropped page) show showpage
`;

/** A blue stroke on a transparent background, like a scanned handwritten signature. */
const SIGNATURE_PS = `%!PS
<< /PageSize [120 60] >> setpagedevice
0 0 1 setrgbcolor 4 setlinewidth
10 15 moveto 40 50 70 5 110 45 curveto stroke showpage
`;

function gs(fx: FixtureDir, name: string, ps: string, device = 'pdfwrite', extra: string[] = []): string {
  const src = fx.write(`${name}.ps`, ps);
  run('gs', [
    '-q',
    '-dNOPAUSE',
    '-dBATCH',
    '-dSAFER',
    `-sDEVICE=${device}`,
    ...extra,
    `-sOutputFile=${fx.path(name)}`,
    src,
  ]);
  return fx.path(name);
}

function qpdf(fx: FixtureDir, from: string, name: string, args: string[]): string {
  run('qpdf', [...args, fx.path(from), fx.path(name)]);
  return fx.path(name);
}

/** Writes every fixture once; returns their file names. */
export function makeFixtures(fx: FixtureDir): void {
  gs(fx, 'gs-two-pages.pdf', TWO_PAGES_PS);
  gs(fx, 'cropbox-not-at-origin.pdf', CROPPED_PS);
  gs(fx, 'signature-alpha.png', SIGNATURE_PS, 'pngalpha', ['-r72']);
  qpdf(fx, 'gs-two-pages.pdf', 'xref-stream.pdf', ['--object-streams=generate']);
  qpdf(fx, 'gs-two-pages.pdf', 'linearized.pdf', ['--linearize']);
  qpdf(fx, 'gs-two-pages.pdf', 'pdf-2.0.pdf', ['--force-version=2.0', '--object-streams=generate']);
  for (const angle of [90, 180, 270]) qpdf(fx, 'gs-two-pages.pdf', `rotated-${angle}.pdf`, [`--rotate=+${angle}:1`]);
  qpdf(fx, 'cropbox-not-at-origin.pdf', 'cropbox-rotated-90.pdf', ['--rotate=+90:1']);
  qpdf(fx, 'gs-two-pages.pdf', 'encrypted-aes256.pdf', ['--encrypt', 'u', 'o', '256', '--']);
  // A prior incremental update written by MuPDF (a new /Info under its old number).
  fx.write('prior-update.pdf', fx.read('gs-two-pages.pdf'));
  const script = fx.write(
    'update.js',
    'var d = new PDFDocument(scriptArgs[0]); d.getTrailer().get("Info").put("Title", "Updated");' +
      ' d.save(scriptArgs[0], "incremental");',
  );
  run('mutool', ['run', script, fx.path('prior-update.pdf')]);
  fx.write('xref-stream-prior-update.pdf', fx.read('xref-stream.pdf'));
  run('mutool', ['run', script, fx.path('xref-stream-prior-update.pdf')]);
  fx.write('hybrid-xrefstm.pdf', hybridFrom(fx.read('xref-stream.pdf')));
  const gsBytes = fx.read('gs-two-pages.pdf');
  fx.write('truncated-half.pdf', gsBytes.subarray(0, Math.floor(gsBytes.length / 2)));
  fx.write('random-bytes.pdf', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)));
  fx.write('empty.pdf', new Uint8Array());
  fx.write('certified-docmdp-p1.pdf', handWrittenPdf({ docMdp: 1 }));
  fx.write('certified-docmdp-p2.pdf', handWrittenPdf({ docMdp: 2 }));
  fx.write('xref-offset-wrong.pdf', handWrittenPdf({ shiftXref: 7 }));
}

/**
 * A hybrid-reference section (§7.5.8.4) appended by hand: a classic table that lists only object 0 and
 * whose trailer's /XRefStm points at qpdf's xref stream, where every real object is found.
 */
function hybridFrom(xrefStreamPdf: Buffer): Buffer {
  const text = xrefStreamPdf.toString('latin1');
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const root = /\/Root (\d+ \d+ R)/.exec(text)![1];
  const size = /\/Size (\d+)/.exec(text.slice(startxref))![1];
  const at = xrefStreamPdf.length;
  const tail = `xref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size ${size} /Root ${root} /XRefStm ${startxref} >>\nstartxref\n${at}\n%%EOF\n`;
  return Buffer.concat([xrefStreamPdf, Buffer.from(tail, 'latin1')]);
}

/**
 * A one-page PDF written by hand with a correct xref: optionally certified with DocMDP /P (§12.8.2.2;
 * the certification's /Contents is a dummy), or with every xref offset shifted to be wrong.
 */
export function handWrittenPdf(options: { docMdp?: 1 | 2; shiftXref?: number }): Buffer {
  const perms = options.docMdp ? ' /Perms << /DocMDP 5 0 R >> /AcroForm << /Fields [4 0 R] /SigFlags 3 >>' : '';
  const annots = options.docMdp ? ' /Annots [4 0 R]' : '';
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R${perms} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>',
    `<< /Type /Page /Parent 2 0 R${annots} >>`,
    '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Certification) /V 5 0 R /Rect [0 0 0 0] /F 132 /P 3 0 R >>',
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0 0 0] /Contents <3003020100> /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P ${options.docMdp ?? 2} /V /1.2 >> >>] >>`,
  ];
  let body = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xrefAt = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
  for (const offset of offsets) body += `${String(offset + (options.shiftXref ?? 0)).padStart(10, '0')} 00000 n\r\n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Words with their boxes as displayed (after /Rotate), y from the top, from `pdftotext -bbox`. */
export function wordBoxes(file: string, page: number): Word[] {
  const html = run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-']);
  const words: Word[] = [];
  const re = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const m of html.matchAll(re)) {
    words.push({ xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]!, text: m[5]!.replace(/&amp;/g, '&') });
  }
  return words;
}

/** One object's value from `qpdf --json`. */
export function qpdfObject(file: string, ref: string): Record<string, unknown> {
  const num = ref.split(' ')[0]!;
  const json = JSON.parse(run('qpdf', ['--json', '--json-key=qpdf', `--json-object=${num}`, file]));
  const entry = json.qpdf[1][`obj:${ref}`];
  return (entry.value ?? entry.stream?.dict) as Record<string, unknown>;
}

export interface JsonField {
  fullname: string;
  fieldtype: string;
  pageposfrom1: number;
  object: string;
  fieldflags: number;
  annotation: { object: string; annotationflags: number };
}

export function qpdfFields(file: string): JsonField[] {
  return JSON.parse(run('qpdf', ['--json', '--json-key=acroform', file])).acroform.fields as JsonField[];
}
