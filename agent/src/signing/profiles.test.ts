import { requestSchemas, SEAL_MM, SIGNING_PROFILES } from '@kyso/shared';
import { describe, expect, it } from 'vitest';
import { appearanceFont } from '../../../test/fixtures/appearance-font';
import { blueSignaturePng, drawPng, redSealPng } from '../../../test/fixtures/png';
import { checkPng, inkColour } from './image-check';
import { issueDateParts } from './issuance';
import { normalizeVietnamese, placeOverSignature, placeTopRight, withoutDiacritics } from './placement';
import { type ProfileInput, profileTextLines } from './profiles';

describe('image checks (Decree 30 Appendix I: blue signature, red seal, transparent background)', () => {
  it('sees a transparent blue signature and a transparent red seal', () => {
    expect(checkPng(blueSignaturePng())).toMatchObject({ width: 240, height: 80, transparent: true, dominant: 'blue' });
    expect(checkPng(redSealPng())).toMatchObject({ transparent: true, dominant: 'red' });
  });

  it('reports a signature scanned on white paper as not transparent, still blue', () => {
    expect(checkPng(blueSignaturePng([255, 255, 255, 255]))).toMatchObject({ transparent: false, dominant: 'blue' });
  });

  it('reports a black signature as black', () => {
    expect(checkPng(blueSignaturePng(undefined, [20, 20, 20, 255])).dominant).toBe('black');
  });

  it('refuses bytes that are not a PNG with IMAGE_INVALID', () => {
    expect(() => checkPng(Buffer.from('GIF89a not a png at all, really not'))).toThrow(
      expect.objectContaining({ code: 'IMAGE_INVALID' }),
    );
  });

  it('classifies hues: navy is blue, crimson is red, green is other', () => {
    expect([inkColour([20, 40, 140]), inkColour([200, 20, 40]), inkColour([20, 160, 40])]).toEqual([
      'blue',
      'red',
      'other',
    ]);
  });

  it('reads a fully opaque image as having no transparency', () => {
    expect(checkPng(drawPng(4, 4, () => [0, 0, 255, 255])).transparent).toBe(false);
  });
});

describe('placement rules', () => {
  it('puts the seal at its real size with its right edge one third into the leader box, centred vertically', () => {
    const seal = placeOverSignature({ x: 300, y: 200, width: 150, height: 60 }, 102, 102, 1 / 3);
    expect(seal).toEqual({ x: 300 + 50 - 102, y: 200 + 30 - 51, width: 102, height: 102 });
  });

  it('puts the text block at the top right, inside the margins of the profile', () => {
    const rule = SIGNING_PROFILES.appendix.placement;
    if (rule.kind !== 'top-right') throw new Error('appendix is a top-right profile');
    const box = placeTopRight({ width: 595, height: 842 }, 150, 40, rule);
    expect(box.x + box.width).toBeCloseTo(595 - (15 * 72) / 25.4, 6);
    expect(box.y + box.height).toBeCloseTo(842 - (5 * 72) / 25.4, 6);
  });

  it('compares names whatever the case and Unicode form, and without diacritics as a fallback', () => {
    const nfd = 'Nguyễn Văn Đức'.normalize('NFD');
    expect(normalizeVietnamese(nfd)).toBe(normalizeVietnamese('NGUYỄN  VĂN ĐỨC'));
    expect(withoutDiacritics('Nguyễn Văn Đức')).toBe('NGUYEN VAN DUC');
  });
});

describe('issue date and text templates', () => {
  it('writes days below 10 and months 1 and 2 with a leading zero only', () => {
    expect(issueDateParts('2026-02-05')).toEqual({ day: '05', month: '02', year: '2026' });
    expect(issueDateParts('2026-11-22')).toEqual({ day: '22', month: '11', year: '2026' });
    expect(issueDateParts('2026-03-15').month).toBe('3');
    expect(() => issueDateParts('2026-13-01')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  const input = (profile: ProfileInput['profile'], options: ProfileInput['options']): ProfileInput => ({
    doc: undefined as never,
    profile,
    options,
    signerName: 'Văn thư UBND',
    organization: 'UBND tỉnh Thanh Hóa',
    signedAt: '2026-03-05T09:15:30+07:00',
    font: appearanceFont,
  });

  it('fills the copy and appendix templates; the appendix needs its number', () => {
    expect(profileTextLines(SIGNING_PROFILES.copy, input('copy', { copyType: 'TRÍCH SAO' }))).toEqual([
      'TRÍCH SAO',
      'UBND tỉnh Thanh Hóa',
      '2026-03-05T09:15:30+07:00',
    ]);
    expect(profileTextLines(SIGNING_PROFILES.copy, input('copy', {}))[0]).toBe('SAO Y');
    expect(profileTextLines(SIGNING_PROFILES.appendix, input('appendix', { number: '12/QĐ-UBND' }))[1]).toBe(
      'Số: 12/QĐ-UBND',
    );
    expect(() => profileTextLines(SIGNING_PROFILES.appendix, input('appendix', {}))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('keeps the seal text off by default and the leader without text', () => {
    expect(SIGNING_PROFILES.organization.text?.enabledByDefault).toBe(false);
    expect(profileTextLines(SIGNING_PROFILES.leader, input('leader', {}))).toEqual([]);
  });
});

describe('CLI profile arguments', async () => {
  const { profileArguments } = await import('../cli/sign');
  const { SIGN } = await import('../cli/commands');
  const { parseCommand } = await import('../cli/options');
  // The same option table the CLI parses with: no copy that could drift.
  const parse = (args: string[]) => parseCommand(SIGN, args).values;

  it('turns --number and --date of the organization profile into issuance', () => {
    const today = new Date('2026-03-04T20:00:00Z'); // already 5 March in Vietnam
    expect(profileArguments(parse(['--profile', 'organization', '--number', '7', '--seal-mm', '40']), today)).toEqual({
      profile: 'organization',
      profileOptions: { sealMm: 40 },
      issuance: { number: '7', date: '2026-03-05' },
    });
  });

  it('checks the profile name, the copy type and the seal size', () => {
    expect(() => profileArguments(parse(['--profile', 'boss']))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => profileArguments(parse(['--profile', 'copy', '--copy-type', 'BẢN CHÍNH']))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => profileArguments(parse(['--profile', 'organization', '--seal-mm', '0']))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    // The CLI takes exactly the seal sizes the protocol accepts.
    for (const mm of [SEAL_MM.min - 1, SEAL_MM.max + 1]) {
      expect(() => profileArguments(parse(['--profile', 'organization', '--seal-mm', String(mm)]))).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
      expect(requestSchemas['pdf.plan'].shape.profileOptions.safeParse({ sealMm: mm }).success).toBe(false);
    }
    expect(
      profileArguments(parse(['--profile', 'organization', '--seal-mm', String(SEAL_MM.max)])).profileOptions,
    ).toMatchObject({ sealMm: SEAL_MM.max });
    expect(
      profileArguments(parse(['--profile', 'copy', '--copy-type', 'SAO LỤC'.normalize('NFD')])).profileOptions,
    ).toEqual({ copyType: 'SAO LỤC' });
  });
});
