/**
 * docs/protocol.md is the vendors' contract: every request example must pass the shared schemas, every response
 * example must have the documented result shape, and the error table must list every error code.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ERROR_CODES,
  isErrorCode,
  isMethod,
  jsonRpcRequest,
  type Method,
  mmToPt,
  type PlanResult,
  progressParams,
  RPC_ERRORS,
  requestSchemas,
  resultSchemas,
  WARNING_CODES,
} from '@kyso/shared';
import { describe, expect, it } from 'vitest';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'protocol.md'), 'utf8');
const blocks = [...doc.matchAll(/```json (request|response|notification)\s*([\w.]*)\n([\s\S]*?)```/g)].map((m) => ({
  kind: m[1] as string,
  tag: m[2] as string,
  value: JSON.parse(m[3] as string) as Record<string, unknown>,
}));

/** Beyond its shape, the pdf.plan example must be a placement that fits its page. */
function checkPlanExample({ page, pageCount, pageSize, rect }: PlanResult): void {
  expect(page >= 1 && page <= pageCount, 'pdf.plan page').toBe(true);
  expect(rect.x + rect.width).toBeLessThanOrEqual(pageSize.width);
  expect(rect.y + rect.height).toBeLessThanOrEqual(pageSize.height);
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
      expect(block.value.jsonrpc).toBe('2.0');
      expect(isMethod(block.tag), `response tag ${block.tag}`).toBe(true);
      const method = block.tag as Method;
      // Exactly the result schema the extension validates answers with: no missing and no undeclared field.
      const parsed = resultSchemas[method].safeParse(block.value.result);
      expect(parsed.success, `${method}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(parsed.data, method).toEqual(block.value.result);
      if (method === 'pdf.plan') checkPlanExample(parsed.data as PlanResult);
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
      expect(block.value.method).toBe('progress');
      expect(progressParams.safeParse(block.value.params).success, JSON.stringify(block.value.params)).toBe(true);
    }
  });

  it('lists every error code in the error table', () => {
    for (const code of ERROR_CODES) expect(doc, code).toContain(`| \`${code}\` |`);
  });

  it('lists every warning code in the warnings table', () => {
    for (const code of WARNING_CODES) expect(doc, code).toContain(`| \`${code}\` |`);
  });
});
