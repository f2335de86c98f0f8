/**
 * `kyso-agent sign` end to end with the SoftHSM token, on inputs made by other producers (Ghostscript, qpdf,
 * MuPDF); every output is checked by pdfsig, openssl and qpdf, not only by our own verify.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixtureDir, makeFixtures } from '../fixtures/pdf-tools';
import { createTestToken, type TestToken } from '../fixtures/token';
import { validatePdf } from '../fixtures/validate';
import { ensureCliBuilt, runCli } from './cli-helpers';

const PRODUCERS = [
  'gs-two-pages.pdf',
  'xref-stream.pdf',
  'linearized.pdf',
  'pdf-2.0.pdf',
  'rotated-90.pdf',
  'rotated-270.pdf',
  'cropbox-not-at-origin.pdf',
  'cropbox-rotated-90.pdf',
  'prior-update.pdf',
  'xref-stream-prior-update.pdf',
  'hybrid-xrefstm.pdf',
];

describe('kyso-agent sign', () => {
  let token: TestToken;
  const fx = new FixtureDir();
  let base: string[];

  beforeAll(async () => {
    ensureCliBuilt();
    token = await createTestToken();
    makeFixtures(fx);
    base = ['--module', token.modulePath, '--chain', token.intermediatePath];
  });

  afterAll(async () => {
    fx.cleanup();
    await token?.cleanup();
  });

  const env = () => ({ SOFTHSM2_CONF: token.confPath, KYSO_PIN: token.pin });
  /** `kyso-agent sign --in <input> --out <out> <args>` on the test token (its module and chain), PIN from KYSO_PIN. */
  const sign = (input: string, out: string, args: string[] = [], environment: NodeJS.ProcessEnv = env()) =>
    runCli(['sign', '--in', input, '--out', out, ...args, ...base], environment);

  it.each(PRODUCERS)(
    'signs %s so that pdfsig, openssl and qpdf accept it and the original is untouched',
    async (name) => {
      const out = fx.path(`signed-${name}`);
      const r = sign(fx.path(name), out, ['--page', '1']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const original = fx.read(name);
      const signed = readFileSync(out);
      expect(signed.subarray(0, original.length).equals(original)).toBe(true);
      const verdict = await validatePdf(out, token);
      expect(verdict.allValid, verdict.pdfsigOutput).toBe(true);
      expect(verdict.signatures).toHaveLength(1);
      expect(verdict.signatures[0]!.coversWholeFile).toBe(true);
      expect(verdict.signatures[0]!.pdfsig.signerName).toBe('Nguyễn Văn An');
    },
  );

  it('writes the Vietnamese appearance text so that pdftotext gives it back exactly', () => {
    const out = fx.path('text.pdf');
    const r = sign(fx.path('gs-two-pages.pdf'), out, [
      '--text',
      'Ký bởi: Nguyễn Văn An\\nChức vụ: Phó Chủ tịch UBND tỉnh',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const text = execFileSync('pdftotext', ['-f', '2', '-l', '2', out, '-'], { encoding: 'utf8' });
    expect(text).toContain('Ký bởi: Nguyễn Văn An');
    expect(text).toContain('Chức vụ: Phó Chủ tịch UBND tỉnh');
  });

  it('adds a second signature with the EC key and keeps the first one valid and its revision unchanged', async () => {
    const first = fx.path('first.pdf');
    const second = fx.path('second.pdf');
    expect(sign(fx.path('gs-two-pages.pdf'), first, ['--cert', token.keys.rsa.idHex]).status).toBe(0);
    const r = sign(first, second, ['--cert', token.keys.ec.idHex, '--rect', '300,100,200,60']);
    expect(r.status, r.stderr).toBe(0);
    const firstBytes = readFileSync(first);
    expect(readFileSync(second).subarray(0, firstBytes.length).equals(firstBytes)).toBe(true);
    const verdict = await validatePdf(second, token);
    expect(verdict.allValid, verdict.pdfsigOutput).toBe(true);
    expect(verdict.signatures.map((s) => s.coversWholeFile)).toEqual([false, true]);
    expect(verdict.signatures[1]!.pdfsig.signerName).toBe('UBND tỉnh Thanh Hóa');

    const report = runCli(['verify', second, '--trust', token.rootPath, '--json']);
    expect(report.status, report.stdout).toBe(0);
    const json = JSON.parse(report.stdout) as {
      signatures: { laterChangesAllowed: boolean; chainTrusted: boolean; modifications: { level: string } }[];
    };
    expect(json.signatures.map((s) => [s.laterChangesAllowed, s.chainTrusted, s.modifications.level])).toEqual([
      [true, true, 'FORM_FILLING'],
      [true, true, 'NONE'],
    ]);
    const text = runCli(['verify', second, '--trust', token.rootPath]);
    expect(text.stdout).toContain('modification level: FORM_FILLING\n');
    expect(text.stdout).toContain('    - signature of Signature2: SigFieldModificationRule\n');
  });

  it('signs invisibly with RSA-PSS', async () => {
    const out = fx.path('pss.pdf');
    const r = sign(fx.path('xref-stream.pdf'), out, ['--invisible', '--pss']);
    expect(r.status, r.stderr).toBe(0);
    expect((await validatePdf(out, token)).allValid).toBe(true);
  });

  it('fails verify (exit 1) on a file whose signed bytes were changed', () => {
    const out = fx.path('to-tamper.pdf');
    expect(sign(fx.path('gs-two-pages.pdf'), out).status).toBe(0);
    const bytes = readFileSync(out);
    bytes[200] = bytes[200]! ^ 0x01;
    writeFileSync(out, bytes);
    const r = runCli(['verify', out, '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).signatures[0].integrity).toBe(false);
  });

  it.each([
    ['encrypted-aes256.pdf', 'PDF_ENCRYPTED'],
    ['truncated-half.pdf', 'PDF_MALFORMED'],
    ['random-bytes.pdf', 'PDF_MALFORMED'],
    ['empty.pdf', 'PDF_MALFORMED'],
    ['certified-docmdp-p1.pdf', 'PDF_CERTIFIED_NO_CHANGES'],
    ['no-such-file.pdf', 'INPUT_NOT_FOUND'],
  ])('refuses %s with %s, one line on stderr and no output file', (name, code) => {
    const out = fx.path(`refused-${name}`);
    const r = sign(fx.path(name), out);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^${code}: `));
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a page that does not exist before asking for the PIN', () => {
    const out = fx.path('page-out.pdf');
    const r = sign(fx.path('gs-two-pages.pdf'), out, ['--page', '3'], {
      SOFTHSM2_CONF: token.confPath,
    });
    expect(r.stderr).toMatch(/^PAGE_OUT_OF_RANGE: /);
    expect(existsSync(out)).toBe(false);
  });

  it('answers a wrong PIN with PIN_INCORRECT after exactly one C_Login, and writes nothing', () => {
    const spyLog = fx.path('spy.log');
    const out = fx.path('wrong-pin.pdf');
    const r = runCli(
      [
        'sign',
        '--in',
        fx.path('gs-two-pages.pdf'),
        '--out',
        out,
        '--module',
        '/usr/lib/x86_64-linux-gnu/pkcs11/pkcs11-spy.so',
        '--chain',
        token.intermediatePath,
      ],
      { SOFTHSM2_CONF: token.confPath, KYSO_PIN: '000000', PKCS11SPY: token.modulePath, PKCS11SPY_OUTPUT: spyLog },
    );
    expect(r.stderr).toMatch(/^PIN_INCORRECT: /);
    expect(r.status).not.toBe(0);
    expect(existsSync(out)).toBe(false);
    const calls = readFileSync(spyLog, 'utf8').match(/^\d+: C_Login$/gm) ?? [];
    expect(calls).toHaveLength(1);
  });

  it('refuses to overwrite its input', () => {
    const input = fx.path('gs-two-pages.pdf');
    const before = readFileSync(input);
    const r = sign(input, input);
    expect(r.stderr).toMatch(/^INVALID_ARGUMENT: /);
    expect(readFileSync(input).equals(before)).toBe(true);
  });
});
