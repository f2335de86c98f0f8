/** Token descriptions from C_GetSlotInfo/C_GetTokenInfo (PKCS#11 v2.40 §3.2 CK_TOKEN_INFO flags). */

import { call } from './errors';
import { type PKCS11, pkcs11js } from './pkcs11';

export interface PinStatus {
  /** CKF_USER_PIN_COUNT_LOW: at least one wrong PIN since the last successful login. */
  countLow: boolean;
  /** CKF_USER_PIN_FINAL_TRY: one more wrong PIN locks the token. */
  finalTry: boolean;
  /** CKF_USER_PIN_LOCKED. */
  locked: boolean;
}

export interface TokenDescription {
  /** Slot id as a decimal string (CK_SLOT_ID). */
  slotId: string;
  slotDescription: string;
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  initialized: boolean;
  /** CKF_LOGIN_REQUIRED: private objects and signing need C_Login. */
  loginRequired: boolean;
  /** CKF_PROTECTED_AUTHENTICATION_PATH: a PIN pad or the middleware's own dialog takes the PIN (C_Login with no PIN). */
  protectedAuthenticationPath: boolean;
  pin: PinStatus;
  minPinLength: number;
  maxPinLength: number;
  /** Raw CK_TOKEN_INFO.flags, for diagnostics. */
  flags: number;
}

/** CK_SLOT_ID/CK_SESSION_HANDLE as pkcs11js hands them over (native-endian CK_ULONG) → decimal text. */
export function handleToString(handle: Buffer): string {
  if (handle.length === 8) return handle.readBigUInt64LE(0).toString();
  if (handle.length === 4) return String(handle.readUInt32LE(0));
  return handle.toString('hex');
}

/** Fixed-width CK_UTF8CHAR fields are blank padded (§3.2); some modules pad with NUL instead. */
export function trimPadded(text: string): string {
  return text.replace(/[\s\0]+$/u, '');
}

export function pinStatusFromFlags(flags: number): PinStatus {
  return {
    countLow: (flags & pkcs11js.CKF_USER_PIN_COUNT_LOW) !== 0,
    finalTry: (flags & pkcs11js.CKF_USER_PIN_FINAL_TRY) !== 0,
    locked: (flags & pkcs11js.CKF_USER_PIN_LOCKED) !== 0,
  };
}

export function describeToken(lib: PKCS11, slot: Buffer, module: string): TokenDescription {
  const slotInfo = call({ module, operation: 'C_GetSlotInfo' }, () => lib.C_GetSlotInfo(slot));
  const info = call({ module, operation: 'C_GetTokenInfo' }, () => lib.C_GetTokenInfo(slot));
  const flags = info.flags;
  return {
    slotId: handleToString(slot),
    slotDescription: trimPadded(slotInfo.slotDescription),
    label: trimPadded(info.label),
    serial: trimPadded(info.serialNumber),
    manufacturer: trimPadded(info.manufacturerID),
    model: trimPadded(info.model),
    initialized: (flags & pkcs11js.CKF_TOKEN_INITIALIZED) !== 0,
    loginRequired: (flags & pkcs11js.CKF_LOGIN_REQUIRED) !== 0,
    protectedAuthenticationPath: (flags & pkcs11js.CKF_PROTECTED_AUTHENTICATION_PATH) !== 0,
    pin: pinStatusFromFlags(flags),
    minPinLength: info.minPinLen,
    maxPinLength: info.maxPinLen,
    flags,
  };
}
