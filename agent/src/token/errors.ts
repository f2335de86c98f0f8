/**
 * Maps PKCS#11 return values (CK_RV, PKCS#11 v2.40 §5.1 and §11.1) to KysoError codes. By value only: pkcs11js
 * puts the numeric CK_RV in `Pkcs11Error.code`; message texts differ between versions and are never parsed.
 */
import { type ErrorCode, KysoError } from '@kyso/shared';
import { pkcs11js } from './pkcs11';

/** Numeric CK_RV → name, built from pkcs11js's own constants (for logs only). */
const CKR_NAMES = new Map<number, string>(
  Object.entries(pkcs11js)
    .filter(([name, value]) => name.startsWith('CKR_') && typeof value === 'number')
    .map(([name, value]) => [value as number, name]),
);

const CODE_BY_CKR = new Map<number, ErrorCode>([
  [pkcs11js.CKR_PIN_INCORRECT, 'PIN_INCORRECT'],
  [pkcs11js.CKR_PIN_LOCKED, 'PIN_LOCKED'],
  [pkcs11js.CKR_PIN_EXPIRED, 'PIN_LOCKED'],
  [pkcs11js.CKR_PIN_LEN_RANGE, 'PIN_INVALID_FORMAT'],
  [pkcs11js.CKR_PIN_INVALID, 'PIN_INVALID_FORMAT'],
  [pkcs11js.CKR_USER_NOT_LOGGED_IN, 'PIN_REQUIRED'],
  [pkcs11js.CKR_TOKEN_NOT_PRESENT, 'TOKEN_NOT_PRESENT'],
  [pkcs11js.CKR_TOKEN_NOT_RECOGNIZED, 'TOKEN_NOT_PRESENT'],
  // §5.1: a session handle becomes invalid when the token is removed; all three mean "pulled out mid-operation".
  [pkcs11js.CKR_DEVICE_REMOVED, 'TOKEN_REMOVED'],
  [pkcs11js.CKR_SESSION_HANDLE_INVALID, 'TOKEN_REMOVED'],
  [pkcs11js.CKR_SESSION_CLOSED, 'TOKEN_REMOVED'],
  [pkcs11js.CKR_MECHANISM_INVALID, 'MECHANISM_UNSUPPORTED'],
  [pkcs11js.CKR_MECHANISM_PARAM_INVALID, 'MECHANISM_UNSUPPORTED'],
  [pkcs11js.CKR_KEY_TYPE_INCONSISTENT, 'MECHANISM_UNSUPPORTED'],
  [pkcs11js.CKR_KEY_FUNCTION_NOT_PERMITTED, 'MECHANISM_UNSUPPORTED'],
  [pkcs11js.CKR_KEY_HANDLE_INVALID, 'KEY_NOT_FOUND'],
  [pkcs11js.CKR_OBJECT_HANDLE_INVALID, 'KEY_NOT_FOUND'],
]);

export function ckrName(code: number): string {
  return CKR_NAMES.get(code) ?? `CKR_0x${code.toString(16).padStart(8, '0')}`;
}

/** The CK_RV carried by a pkcs11js error, or undefined for anything else (TypeError, NativeError without code). */
export function ckrOf(error: unknown): number | undefined {
  if (error instanceof pkcs11js.Pkcs11Error) return error.code;
  // Errors from the async worker are wrapped by pkcs11js in the same class, but check structurally too in case two
  // copies of pkcs11js are loaded (SEA bundle + node_modules).
  const code = (error as { code?: unknown; name?: unknown } | null)?.code;
  return (error as { name?: unknown })?.name === 'Pkcs11Error' && typeof code === 'number' ? code : undefined;
}

/** Wraps any error from a PKCS#11 call into a KysoError that names the module and the function. */
export function toKysoError(error: unknown, context: { module: string; operation: string }): KysoError {
  if (error instanceof KysoError) return error;
  const ckr = ckrOf(error);
  const details: Record<string, unknown> = { module: context.module, operation: context.operation };
  if (ckr === undefined) {
    details.cause = error instanceof Error ? error.message : String(error);
    return new KysoError('TOKEN_ERROR', details, { cause: error });
  }
  details.ckr = ckrName(ckr);
  details.ckrCode = ckr;
  return new KysoError(CODE_BY_CKR.get(ckr) ?? 'TOKEN_ERROR', details, { cause: error });
}

/** Runs a synchronous PKCS#11 call, converting failures. */
export function call<T>(context: { module: string; operation: string }, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toKysoError(error, context);
  }
}
