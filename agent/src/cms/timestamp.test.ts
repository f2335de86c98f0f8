import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTimeStampRequest, positiveIntegerContents } from './timestamp';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const asBigInt = (bytes: Uint8Array) => (bytes.length ? BigInt(`0x${hex(bytes)}`) : 0n);

/** The nonce INTEGER's contents octets as they are in the request's DER, read back by an independent decoder. */
function nonceInRequest(der: Uint8Array): Uint8Array {
  const parsed = asn1js.fromBER(new Uint8Array(der));
  expect(parsed.offset).not.toBe(-1);
  const request = new pkijs.TimeStampReq({ schema: parsed.result });
  return new Uint8Array(request.nonce!.valueBlock.valueHexView);
}

/** X.690 §8.3.2: the first nine bits of an INTEGER's contents are neither all zero nor all one. */
function isMinimal(contents: Uint8Array): boolean {
  if (contents.length < 2) return contents.length === 1;
  const nine = (contents[0]! << 1) | (contents[1]! >> 7);
  return nine !== 0 && nine !== 0x1ff;
}

const CASES = [0x00, 0x01].flatMap((first) => [0x00, 0x7f, 0x80, 0xff].map((second) => [first, second] as const));

describe('time-stamp request nonce (RFC 3161 §2.4.1, DER INTEGER)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kyso-nonce-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(CASES)('first byte %i, second byte %i: minimal, positive, same value', (first, second) => {
    const random = new Uint8Array([first, second, 0x63, 0xc8, 0x11, 0x22, 0x33, 0x44]);
    const nonce = nonceInRequest(buildTimeStampRequest(new Uint8Array([1, 2, 3]), 'SHA-256', random).der);
    expect(isMinimal(nonce), hex(nonce)).toBe(true);
    expect(nonce[0]! & 0x80).toBe(0);
    expect(asBigInt(nonce)).toBe(asBigInt(random));
  });

  it.each(CASES)(
    'openssl ts -query parses the request (first %i, second %i) and reads the same nonce',
    (first, second) => {
      const random = new Uint8Array([first, second, 0x63, 0xc8, 0x11, 0x22, 0x33, 0x44]);
      const path = join(dir, `q-${first}-${second}.tsq`);
      writeFileSync(path, buildTimeStampRequest(new Uint8Array([9]), 'SHA-256', random).der);
      const text = execFileSync('openssl', ['ts', '-query', '-in', path, '-text'], { encoding: 'utf8' });
      const printed = /Nonce: (0x[0-9A-Fa-f]+|\d+)/.exec(text)?.[1];
      expect(printed, text).toBeDefined();
      expect(BigInt(printed!)).toBe(asBigInt(random));
      expect(text).toContain('Certificate required: yes');
    },
  );

  it('keeps a first byte with the top bit set positive with one 0x00, and encodes zero as one octet', () => {
    expect(hex(positiveIntegerContents(new Uint8Array([0x80, 1])))).toBe('008001');
    expect(hex(positiveIntegerContents(new Uint8Array([0, 0, 0x80])))).toBe('0080');
    expect(hex(positiveIntegerContents(new Uint8Array([0, 0, 0])))).toBe('00');
    expect(hex(positiveIntegerContents(new Uint8Array([0x7f])))).toBe('7f');
  });

  it('draws a fresh nonce for every request', () => {
    const a = buildTimeStampRequest(new Uint8Array([1]), 'SHA-256').nonce;
    const b = buildTimeStampRequest(new Uint8Array([1]), 'SHA-256').nonce;
    expect(hex(a)).not.toBe(hex(b));
    expect(isMinimal(a) && isMinimal(b)).toBe(true);
  });
});
