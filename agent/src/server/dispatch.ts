/**
 * From a text frame to a handler call: parse → envelope → method → handshake → params. Every failure becomes
 * a JSON-RPC error with our stable code and the connection stays usable.
 */
import { isMethod, jsonRpcRequest, type Method, RPC_ERRORS, requestSchemas } from '@kyso/shared';
import { describeIssues, RpcError, type RpcId } from './rpc';

export interface ParsedRequest {
  id: string | number;
  method: Method;
  params: unknown;
}

/** Best-effort id of a message that failed validation, so the client can match the error to its request. */
function looseId(value: unknown): RpcId {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if ((typeof id === 'string' && id.length <= 64) || (typeof id === 'number' && Number.isInteger(id))) return id;
  }
  return null;
}

/** Returns the validated request, or throws an RpcError carrying the id to answer with. */
export function parseRequest(text: string, handshakeDone: boolean): ParsedRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw withId(null, new RpcError(RPC_ERRORS.PARSE_ERROR, 'INVALID_REQUEST', { reason: 'invalid-json' }));
  }
  const envelope = jsonRpcRequest.safeParse(value);
  if (!envelope.success) {
    throw withId(
      looseId(value),
      new RpcError(RPC_ERRORS.INVALID_REQUEST, 'INVALID_REQUEST', {
        reason: 'not-a-request',
        issues: describeIssues(envelope.error),
      }),
    );
  }
  const { id, method } = envelope.data;
  if (!isMethod(method)) {
    throw withId(id, new RpcError(RPC_ERRORS.METHOD_NOT_FOUND, 'METHOD_NOT_FOUND', { method }));
  }
  if (!handshakeDone && method !== 'hello') {
    // A client that skips `hello` was written for another protocol version (or none): say what to do.
    throw withId(id, new RpcError(RPC_ERRORS.APPLICATION, 'VERSION_MISMATCH', { reason: 'hello-required', method }));
  }
  const params = requestSchemas[method].safeParse(envelope.data.params ?? {});
  if (!params.success) {
    throw withId(
      id,
      new RpcError(RPC_ERRORS.INVALID_PARAMS, 'INVALID_REQUEST', { method, issues: describeIssues(params.error) }),
    );
  }
  return { id, method, params: params.data };
}

export class RequestError extends Error {
  constructor(
    readonly id: RpcId,
    readonly error: RpcError,
  ) {
    super(error.message);
  }
}

function withId(id: RpcId, error: RpcError): RequestError {
  return new RequestError(id, error);
}
