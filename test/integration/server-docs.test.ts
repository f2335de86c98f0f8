/**
 * docs/protocol.md is the vendors' contract: every request example must pass the shared schemas, every response
 * example must have the documented result shape, and the error table must list every error code.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BatchBeginResult,
  type BatchEndResult,
  type CancelResult,
  type CertificateSummary,
  type DataSignResult,
  ERROR_CODES,
  type HelloResult,
  isErrorCode,
  isMethod,
  jsonRpcRequest,
  type Method,
  mmToPt,
  type PlanResult,
  type ProgressParams,
  RPC_ERRORS,
  requestSchemas,
  type SignResult,
  type TokenInfo,
  type VerifyResult,
  WARNING_CODES,
} from '@kyso/shared';
import { describe, expect, it } from 'vitest';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'protocol.md'), 'utf8');
const blocks = [...doc.matchAll(/```json (request|response|notification)\s*([\w.]*)\n([\s\S]*?)```/g)].map((m) => ({
  kind: m[1] as string,
  tag: m[2] as string,
  value: JSON.parse(m[3] as string) as Record<string, unknown>,
}));

/** Required keys of each result, checked against the TypeScript interfaces by `satisfies`. */
const req = <T>(keys: Record<keyof T, boolean>) =>
  Object.entries(keys)
    .filter(([, required]) => required)
    .map(([k]) => k);
const RESULT_KEYS: Partial<Record<Method, string[]>> = {
  hello: req<HelloResult>({ protocol: true, agentVersion: true, minExtensionVersion: true, limits: true }),
  'pdf.sign': req<SignResult>({
    document: true,
    sha256Before: true,
    sha256After: true,
    signer: true,
    signedAt: true,
    timestamped: true,
    warnings: true,
  }),
  'data.sign': req<DataSignResult>({
    signature: true,
    certificate: true,
    signer: true,
    signedAt: true,
    sha256: true,
    attached: true,
  }),
  'pdf.verify': req<VerifyResult>({ signatures: true, valid: true }),
  'pdf.plan': req<PlanResult>({
    page: true,
    pageCount: true,
    pageSize: true,
    rect: true,
    warnings: true,
    documentSigner: false,
  }),
  'batch.begin': req<BatchBeginResult>({ batchId: true, expiresAt: true, pinPerDocument: true }),
  'batch.end': req<BatchEndResult>({ batchId: true, declared: true, signed: true, failed: true, notSigned: true }),
  cancel: req<CancelResult>({ cancelled: true }),
};
const PLAN_PAGE_SIZE_KEYS = req<PlanResult['pageSize']>({ width: true, height: true });
const PLAN_RECT_KEYS = req<PlanResult['rect']>({ x: true, y: true, width: true, height: true });
const TOKEN_KEYS = req<TokenInfo>({
  id: true,
  label: true,
  manufacturer: true,
  model: true,
  serial: true,
  module: true,
  pinCountLow: true,
  pinFinalTry: true,
  pinLocked: true,
  protectedAuthenticationPath: true,
});
const CERT_KEYS = req<CertificateSummary>({
  token: true,
  id: true,
  label: true,
  subject: true,
  commonName: true,
  issuer: true,
  serial: true,
  notBefore: true,
  notAfter: true,
  keyUsage: true,
  keyType: true,
  alwaysAuthenticate: true,
  warning: false,
  der: false,
});

/** The pdf.plan example has exactly the fields of PlanResult (test/integration/server-plan.test.ts asserts the agent's). */
function checkPlanExample(result: Record<string, unknown>): void {
  expect(Object.keys(result).sort(), 'pdf.plan').toEqual([...(RESULT_KEYS['pdf.plan'] ?? [])].sort());
  const { page, pageCount, pageSize, rect, warnings } = result as unknown as PlanResult;
  expect(Number.isInteger(page) && page >= 1 && page <= pageCount, 'pdf.plan page').toBe(true);
  expect(Object.keys(pageSize).sort()).toEqual([...PLAN_PAGE_SIZE_KEYS].sort());
  expect(Object.keys(rect).sort()).toEqual([...PLAN_RECT_KEYS].sort());
  for (const value of [...Object.values(pageSize), ...Object.values(rect)]) expect(typeof value).toBe('number');
  expect(rect.x + rect.width).toBeLessThanOrEqual(pageSize.width);
  expect(rect.y + rect.height).toBeLessThanOrEqual(pageSize.height);
  expect(Array.isArray(warnings)).toBe(true);
  // The example's seal is at the real size its request asks for (pt = mm × 72/25.4).
  const request = blocks.find((b) => b.kind === 'request' && b.value.method === 'pdf.plan');
  const params = request?.value.params as { profile?: string; profileOptions?: { sealMm?: number } } | undefined;
  if (params?.profile === 'organization' && params.profileOptions?.sealMm) {
    expect(rect.width).toBeCloseTo(mmToPt(params.profileOptions.sealMm), 1);
  }
}

describe('docs/protocol.md', () => {
  it('has examples for every method', () => {
    const documented = new Set(blocks.filter((b) => b.kind === 'request').map((b) => b.value.method));
    for (const method of Object.keys(requestSchemas)) expect(documented, method).toContain(method);
  });

  it('has request examples that pass the shared schemas', () => {
    for (const block of blocks.filter((b) => b.kind === 'request')) {
      const envelope = jsonRpcRequest.parse(block.value);
      expect(isMethod(envelope.method), envelope.method).toBe(true);
      const parsed = requestSchemas[envelope.method as Method].safeParse(envelope.params);
      expect(parsed.success, `${envelope.method}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('has response examples with the documented result shapes', () => {
    for (const block of blocks.filter((b) => b.kind === 'response' && b.tag !== 'error')) {
      const result = block.value.result as Record<string, unknown>;
      expect(block.value.jsonrpc).toBe('2.0');
      const keys = RESULT_KEYS[block.tag as Method];
      if (keys) expect(Object.keys(result), block.tag).toEqual(expect.arrayContaining(keys));
      if (block.tag === 'pdf.plan') checkPlanExample(result);
      if (block.tag === 'tokens.list')
        for (const t of result.tokens as object[]) expect(Object.keys(t)).toEqual(expect.arrayContaining(TOKEN_KEYS));
      if (block.tag === 'certificates.list')
        for (const c of result.certificates as object[])
          expect(Object.keys(c)).toEqual(expect.arrayContaining(CERT_KEYS));
    }
  });

  it('has error examples with a JSON-RPC code and a stable error code', () => {
    const errors = blocks.filter((b) => b.tag === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const block of errors) {
      const error = block.value.error as { code: number; data: { code: string; message: string; messageEn: string } };
      expect(Object.values(RPC_ERRORS)).toContain(error.code);
      expect(isErrorCode(error.data.code)).toBe(true);
      expect(error.data.message).toBeTruthy();
    }
  });

  it('has progress notifications with known stages', () => {
    for (const block of blocks.filter((b) => b.kind === 'notification')) {
      const params = block.value.params as ProgressParams;
      expect(block.value.method).toBe('progress');
      expect(['queued', 'preparing', 'waiting-for-token', 'signing', 'verifying', 'done']).toContain(params.stage);
    }
  });

  it('lists every error code in the error table', () => {
    for (const code of ERROR_CODES) expect(doc, code).toContain(`| \`${code}\` |`);
  });

  it('lists every warning code in the warnings table', () => {
    for (const code of WARNING_CODES) expect(doc, code).toContain(`| \`${code}\` |`);
  });
});
