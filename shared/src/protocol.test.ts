import { describe, expect, it } from 'vitest';
import { compareVersions, METHODS, resultSchemas } from './protocol';

describe('version comparison for the agent handshake', () => {
  it('compares dotted versions numerically', () => {
    expect(compareVersions('0.1.10', '0.1.9')).toBeGreaterThan(0);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('0.9.0', '1.0.0')).toBeLessThan(0);
  });

  it('ignores a pre-release suffix, as both sides of the handshake do', () => {
    expect(compareVersions('0.2.0-dev', '0.2.0')).toBe(0);
    expect(compareVersions('0.1.0-dev', '0.2.0')).toBeLessThan(0);
  });
});

describe('result schemas', () => {
  it('has one for every method', () => {
    expect(Object.keys(resultSchemas).sort()).toEqual([...METHODS].sort());
  });

  it('refuses an unwrapped list where the protocol wraps it', () => {
    expect(resultSchemas['tokens.list'].safeParse([]).success).toBe(false);
    expect(resultSchemas['tokens.list'].safeParse({ tokens: [] }).success).toBe(true);
  });

  it('refuses a sign result without the signed document reference', () => {
    const answer = { sha256Before: 'a', sha256After: 'b', signer: 'X', signedAt: '2026-01-01T00:00:00+07:00' };
    expect(resultSchemas['pdf.sign'].safeParse({ ...answer, timestamped: false, warnings: [] }).success).toBe(false);
  });
});
