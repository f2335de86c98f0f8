/**
 * Seed documents from real producers: Ghostscript (classic xref), qpdf (object and xref streams, linearized,
 * PDF 2.0), MuPDF (an incremental update), a hand-made hybrid file; LibreOffice Writer when it is installed and
 * asked for (it takes seconds per document).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixtureDir, makeFixtures } from '../fixtures/pdf-tools';

const FROM_FIXTURES = [
  'gs-two-pages.pdf',
  'cropbox-not-at-origin.pdf',
  'xref-stream.pdf',
  'linearized.pdf',
  'pdf-2.0.pdf',
  'rotated-90.pdf',
  'prior-update.pdf',
  'xref-stream-prior-update.pdf',
  'hybrid-xrefstm.pdf',
  'certified-docmdp-p2.pdf',
];

export function makeSeeds(options: { libreOffice?: boolean } = {}): {
  seeds: Buffer[];
  names: string[];
  cleanup(): void;
} {
  const fx = new FixtureDir();
  makeFixtures(fx);
  const names = [...FROM_FIXTURES];
  if (options.libreOffice && existsSync('/usr/bin/soffice')) {
    const html = fx.write(
      'writer.html',
      '<html><body><h1>QUYẾT ĐỊNH</h1><p>Căn cứ Nghị định số 30/2020/NĐ-CP.</p><table border="1"><tr><td>Nơi nhận</td><td>CHỦ TỊCH</td></tr></table></body></html>',
    );
    execFileSync(
      'soffice',
      [
        '--headless',
        `-env:UserInstallation=file://${fx.dir}/lo`,
        '--convert-to',
        'pdf:writer_pdf_Export',
        '--outdir',
        fx.dir,
        html,
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    if (existsSync(join(fx.dir, 'writer.pdf'))) names.push('writer.pdf');
  }
  const seeds = names.map((n) => readFileSync(fx.path(n)));
  return { seeds, names, cleanup: () => fx.cleanup() };
}
