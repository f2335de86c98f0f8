/**
 * JSON-RPC 2.0 envelopes and the one table mapping our error codes to JSON-RPC codes: one place decides how an error crosses the wire
 * (JSON-RPC 2.0 §5.1 leaves -32000..-32099 to the server).
 */
import {
  type ErrorCode,
  KysoError,
  type ProgressParams,
  RPC_ERRORS,
  type SerializedError,
  serializeError,
} from '@kyso/shared';
import type { ZodError } from 'zod';

export type RpcId = string | number | null;

const RPC_CODE_BY_ERROR: Partial<Record<ErrorCode, number>> = {
  METHOD_NOT_FOUND: RPC_ERRORS.METHOD_NOT_FOUND,
  INVALID_REQUEST: RPC_ERRORS.INVALID_PARAMS,
};

/** An error that already knows its JSON-RPC code (parse errors and envelope errors differ from param errors). */
export class RpcError extends KysoError {
  constructor(
    readonly rpcCode: number,
    code: ErrorCode,
    details: Record<string, unknown> = {},
  ) {
    super(code, details);
  }
}

export function resultMessage(id: RpcId, result: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id, result });
}

export function errorMessage(id: RpcId, error: unknown): string {
  const rpcCode = error instanceof RpcError ? error.rpcCode : rpcCodeFor(error);
  const data: SerializedError = serializeError(error);
  // Internal causes may name paths or library internals: they go to the log, not to a web page.
  if (data.code === 'INTERNAL') delete data.details;
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code: rpcCode, message: data.messageEn, data } });
}

export function progressMessage(params: ProgressParams): string {
  return JSON.stringify({ jsonrpc: '2.0', method: 'progress', params });
}

function rpcCodeFor(error: unknown): number {
  if (error instanceof KysoError) return RPC_CODE_BY_ERROR[error.code] ?? RPC_ERRORS.APPLICATION;
  return RPC_ERRORS.APPLICATION;
}

/** Zod issues as plain data for `details.issues`: where and what, never the offending value (it may be a PIN). */
export function describeIssues(error: ZodError): { path: string; code: string; message: string }[] {
  return error.issues.slice(0, 20).map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
}
