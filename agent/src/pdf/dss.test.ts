import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appearanceFont } from '../../../test/fixtures/appearance-font';
import { FixtureDir, makeFixtures, qpdfObject, run } from '../../../test/fixtures/pdf-tools';
import { appendDss, embedSignature, openPdf, prepareSignatureUpdate } from './index';

let fx: FixtureDir;

beforeAll(() => {
  fx = new FixtureDir();
  makeFixtures(fx);
});

afterAll(() => fx.cleanup());

async function signedFile(input: string): Promise<Buffer> {
  const bytes = fx.read(input);
  const prepared = await prepareSignatureUpdate(openPdf(bytes), bytes, {
    pageIndex: 0,
    font: appearanceFont,
    signingTime: new Date('2026-11-22T02:15:30Z'),
    contentsBytes: 512,
  });
  embedSignature(prepared, bytes.length, Buffer.concat([Buffer.from([0x30, 0x81, 0xfc]), randomBytes(0xfc)]));
  return Buffer.concat([bytes, prepared.update]);
}

describe('appendDss', () => {
  it.each(['gs-two-pages.pdf', 'xref-stream.pdf'])(
    'adds /DSS in a later update of %s, keeping the signed bytes, and merges a second DSS',
    async (name) => {
      const signed = await signedFile(name);
      const cert = randomBytes(900);
      const ocsp = randomBytes(300);
      const first = Buffer.concat([signed, appendDss(openPdf(signed), signed, { certs: [cert], ocsps: [ocsp] })]);
      expect(first.subarray(0, signed.length).equals(signed)).toBe(true);
      const crl = randomBytes(200);
      const second = Buffer.concat([first, appendDss(openPdf(first), first, { crls: [crl] })]);
      const file = fx.write(`dss-${name}`, second);
      expect(() => run('qpdf', ['--check', file])).not.toThrow();
      const trailer = JSON.parse(run('qpdf', ['--json', '--json-key=qpdf', '--json-object=trailer', file]));
      const root = trailer.qpdf[1].trailer.value['/Root'] as string;
      const dssRef = qpdfObject(file, root)['/DSS'] as string;
      const dss = qpdfObject(file, dssRef);
      expect(dss['/Certs']).toHaveLength(1);
      expect(dss['/OCSPs']).toHaveLength(1);
      expect(dss['/CRLs']).toHaveLength(1);
      const certRef = (dss['/Certs'] as string[])[0]!;
      const raw = execFileSync('qpdf', [`--show-object=${certRef.split(' ')[0]}`, '--filtered-stream-data', file]);
      expect(raw.equals(cert)).toBe(true);
      expect(openPdf(second).signatures()).toHaveLength(1);
      expect(openPdf(second).revisionOffsets).toHaveLength(openPdf(fx.read(name)).revisionOffsets.length + 3);
    },
  );
});
