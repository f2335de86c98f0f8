/**
 * `pdf.plan` over the socket: a real `ws` client asks the agent where a Decree 30 profile puts the
 * signature on documents made by Ghostscript (not by our code) and checks the answer against independent readers —
 * pdftotext -bbox-layout for the signer block, qpdf for the leader's widget. No PIN is sent to plan; the leader-signed
 * input of the organisation case is signed over the socket with the SoftHSM token.
 */

import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { mmToPt, type PlanResult, RPC_ERRORS, type SignResult } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blueSignaturePng, redSealPng } from '../fixtures/png';
import { decisionPostScript } from './profiles-docs';
import { bboxLines, findLine, ghostscriptPdf, LIBERATION_SERIF, widgets } from './profiles-support';
import { type AgentUnderTest, makePdf, type RpcFailure, startTestAgent, TestClient } from './server-harness';

const BLOCK = { titles: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Nguyễn Văn An' };
const ORGANIZATION = 'UBND tỉnh Thanh Hóa';
const SEAL_MM = 36;
const RESULT_KEYS = ['page', 'pageCount', 'pageSize', 'rect', 'warnings'];

let agent: AgentUnderTest;
let client: TestClient;
let decisionPath: string;
let decision: Uint8Array;
let letter: Uint8Array;
let nextBlob = 0;

beforeAll(async () => {
  agent = await startTestAgent({ withToken: true });
  client = await TestClient.connect(agent.server.url);
  const fonts = `-sFONTPATH=${dirname(LIBERATION_SERIF)}`;
  decisionPath = await ghostscriptPdf(agent.dir, 'decision-gs', decisionPostScript(BLOCK), [fonts]);
  decision = new Uint8Array(await readFile(decisionPath));
  letter = await makePdf(agent.dir, 'three-pages-without-signer-block', 3);
});
afterAll(async () => {
  await client?.close();
  await agent?.stop();
});

/** Sends the blobs first (binary frames), then the request; returns the blob ids it used. */
function send(bytes: Uint8Array): string {
  const id = `plan-${++nextBlob}`;
  client.sendBlob(id, bytes);
  return id;
}

function plan(document: Uint8Array, params: Record<string, unknown>, image?: Uint8Array): Promise<PlanResult> {
  const doc = send(document);
  const appearance = image ? { image: { blob: send(image) } } : undefined;
  return client.request<PlanResult>('pdf.plan', {
    document: { blob: doc, name: 'van-ban.pdf' },
    appearance,
    ...params,
  });
}

async function failure(promise: Promise<unknown>): Promise<RpcFailure> {
  try {
    await promise;
  } catch (error) {
    return error as RpcFailure;
  }
  throw new Error('expected the request to fail');
}

function expectShape(result: PlanResult, page: number, pageCount: number): void {
  expect(Object.keys(result).sort()).toEqual(RESULT_KEYS);
  expect(result).toMatchObject({ page, pageCount, warnings: [] });
  expect(Object.keys(result.pageSize).sort()).toEqual(['height', 'width']);
  expect(Object.keys(result.rect).sort()).toEqual(['height', 'width', 'x', 'y']);
  expect(result.pageSize.width).toBeCloseTo(595, 0);
  expect(result.pageSize.height).toBeCloseTo(842, 0);
  expect(result.rect.width).toBeGreaterThan(0);
  expect(result.rect.height).toBeGreaterThan(0);
}

/** The rectangle in pdftotext's space (top-left origin, y downwards). */
function topLeft(result: PlanResult) {
  const { rect, pageSize } = result;
  return {
    xMin: rect.x,
    xMax: rect.x + rect.width,
    yMin: pageSize.height - rect.y - rect.height,
    yMax: pageSize.height - rect.y,
  };
}

describe('pdf.plan over the socket', () => {
  it('places the leader between the last title line and the signer name found by the certificate name', async () => {
    const result = await plan(decision, { profile: 'leader', signerName: 'NGUYỄN VĂN AN' }, blueSignaturePng());
    expectShape(result, 1, 1);
    const lines = await bboxLines(decisionPath);
    const title = findLine(lines, /PHÓ CHỦ TỊCH/);
    const name = findLine(lines, /Nguyễn Văn An/);
    const box = topLeft(result);
    expect(box.yMin).toBeGreaterThanOrEqual(title.yMax - 0.5);
    expect(box.yMax).toBeLessThanOrEqual(name.yMin + 0.5);
    const centre = (box.xMin + box.xMax) / 2;
    expect(centre).toBeGreaterThan(Math.min(title.xMin, name.xMin));
    expect(centre).toBeLessThan(Math.max(title.xMax, name.xMax));
  });

  it('puts the seal at its real size over the left third of the leader signature of a leader-signed file', async () => {
    const certificates = await client.request<{ certificates: { token: string; id: string; commonName: string }[] }>(
      'certificates.list',
      {},
    );
    const leaderCert = certificates.certificates.find((c) => c.commonName === BLOCK.name)!;
    const doc = send(decision);
    const image = send(blueSignaturePng());
    const signed = await client.request<SignResult>('pdf.sign', {
      document: { blob: doc, name: 'quyet-dinh.pdf' },
      certificate: { token: leaderCert.token, id: leaderCert.id },
      pin: agent.token!.pin,
      profile: 'leader',
      placement: { page: -1 },
      appearance: { image: { blob: image } },
    });
    const signedBytes = client.blobs.get(signed.document.blob)!;
    const signedPath = join(agent.dir, 'leader-signed.pdf');
    await writeFile(signedPath, signedBytes);
    const [leader] = (await widgets(signedPath)).filter((w) => w.fieldType === '/Sig');

    const result = await plan(
      signedBytes,
      {
        profile: 'organization',
        signerName: ORGANIZATION,
        organization: ORGANIZATION,
        profileOptions: { sealMm: SEAL_MM },
        issuance: { number: '125', date: '2026-11-22' },
      },
      redSealPng(),
    );
    expectShape(result, 1, 1);
    expect(result.rect.width).toBeCloseTo((SEAL_MM * 72) / 25.4, 2);
    expect(result.rect.width).toBeCloseTo(mmToPt(SEAL_MM), 6);
    const seal = topLeft(result);
    expect(leader).toBeDefined();
    const leaderWidth = leader!.xMax - leader!.xMin;
    // Covers about a third of the leader's image, on its left; centred on it vertically.
    expect(seal.xMin).toBeLessThan(leader!.xMin);
    expect(seal.xMax - leader!.xMin).toBeCloseTo(leaderWidth / 3, 0);
    expect((seal.yMin + seal.yMax) / 2).toBeCloseTo((leader!.yMin + leader!.yMax) / 2, 0);
  });

  it.each([
    ['appendix', { profileOptions: { number: '125/QĐ-UBND' } }],
    ['copy', { profileOptions: { copyType: 'SAO Y' } }],
  ])('puts the %s text block at the top right of page 1', async (profile, extra) => {
    const result = await plan(letter, { profile, organization: ORGANIZATION, ...extra });
    expectShape(result, 1, 3);
    const right = result.pageSize.width - (result.rect.x + result.rect.width);
    const top = result.pageSize.height - (result.rect.y + result.rect.height);
    expect(right).toBeCloseTo(mmToPt(15), 1);
    expect(top).toBeCloseTo(mmToPt(5), 1);
    expect(result.rect.x).toBeGreaterThan(result.pageSize.width / 2);
  });
});

describe('pdf.plan without a place, and bad requests', () => {
  it.each([
    ['leader without the signer block', { profile: 'leader', signerName: BLOCK.name }],
    [
      'organization on a file without a leader signature',
      { profile: 'organization', profileOptions: { sealMm: SEAL_MM } },
    ],
    ['custom (only an explicit rectangle)', { profile: 'custom' }],
  ])('answers PLACEMENT_NOT_FOUND with the page count for %s', async (_case, params) => {
    const error = await failure(plan(letter, params));
    expect(error.data).toMatchObject({ code: 'PLACEMENT_NOT_FOUND', details: { pageCount: 3 } });
    expect(error.data.message).toBeTruthy();
    expect(error.data.messageEn).toBeTruthy();
  });

  it('finds the signer block by its layout when the certificate name is not on it, and names its signer', async () => {
    const result = await plan(decision, { profile: 'leader', signerName: 'Trần Thị Bình' });
    expect(result.documentSigner).toBe('Nguyễn Văn An');
    expect(result.warnings.map((w) => w.message).join('\n')).toContain(
      'không phải người đứng tên chứng thư số "Trần Thị Bình"',
    );
    const lines = await bboxLines(decisionPath);
    const box = topLeft(result);
    expect(box.yMin).toBeGreaterThanOrEqual(findLine(lines, /^PHÓ CHỦ TỊCH$/).yMax);
    expect(box.yMax).toBeLessThanOrEqual(findLine(lines, /^Nguyễn Văn An$/).yMin);
  });

  it('refuses the leader profile without signerName', async () => {
    const error = await failure(plan(decision, { profile: 'leader' }));
    expect(error.data.code).toBe('INVALID_ARGUMENT');
  });

  it.each([
    ['an unknown profile', { document: { blob: 'x' }, profile: 'boss' }, 'profile'],
    ['no document', { profile: 'appendix' }, 'document'],
    [
      'a signer name over 200 characters',
      { document: { blob: 'x' }, profile: 'leader', signerName: 'A'.repeat(201) },
      'signerName',
    ],
    [
      'a seal size out of range',
      { document: { blob: 'x' }, profile: 'organization', profileOptions: { sealMm: 500 } },
      'profileOptions.sealMm',
    ],
    [
      'a malformed issue date',
      { document: { blob: 'x' }, profile: 'organization', issuance: { number: '1', date: '22/11/2026' } },
      'issuance.date',
    ],
  ])('rejects %s with -32602 INVALID_REQUEST', async (_case, params, path) => {
    const error = await failure(client.request('pdf.plan', params));
    expect(error.rpcCode).toBe(RPC_ERRORS.INVALID_PARAMS);
    expect(error.data.code).toBe('INVALID_REQUEST');
    const issues = (error.data.details as { issues: { path: string }[] }).issues;
    expect(issues.map((i) => i.path)).toContain(path);
  });
});
