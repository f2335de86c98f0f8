import { describe, expect, it } from 'vitest';
import { WARNING_CODES, WARNING_TEXTS, warning, warningLine, warningSchema, warningText } from './warnings';

describe('coded warnings', () => {
  it('fills every placeholder of every text in both languages from its details', () => {
    for (const code of WARNING_CODES) {
      const names = new Set(
        [WARNING_TEXTS[code].vi, WARNING_TEXTS[code].en].flatMap((t) =>
          [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        ),
      );
      const details = Object.fromEntries([...names].map((n) => [n, `<${n}>`]));
      const w = warning(code, details);
      expect(w.message, code).not.toMatch(/\{\w+\}/);
      expect(w.messageEn, code).not.toMatch(/\{\w+\}/);
      expect(warningSchema.parse(w)).toEqual(w);
    }
  });

  it('renders a known code from this build and an unknown one from the texts it carries', () => {
    const chain = warning('CHAIN_INCOMPLETE', { issuer: 'VNPT-CA' });
    expect(warningText(chain, 'vi')).toContain('"VNPT-CA"');
    expect(warningText(chain, 'en')).toContain('unknown issuer');
    expect(warningLine(chain)).toMatch(/^CHAIN_INCOMPLETE: .+ \(The signature lacks .+\)$/);
    const future = { code: 'SOMETHING_NEW', message: 'Mới', messageEn: 'New' } as unknown as typeof chain;
    expect(warningText(future, 'vi')).toBe('Mới');
    expect(warningSchema.safeParse(future).success).toBe(true);
    expect(warningSchema.safeParse({ code: '', message: 'x', messageEn: 'y' }).success).toBe(false);
  });
});
