/**
 * A session on one token (PKCS#11 v2.40 §5.6): login, object search, attributes and signing. A session runs one
 * cryptographic operation at a time (§5.2: C_SignInit fails with CKR_OPERATION_ACTIVE otherwise), so every
 * operation goes through a promise queue.
 */
import { KysoError } from '@kyso/shared';
import { call, ckrOf, toKysoError } from './errors';
import { type Mechanism, type PKCS11, pkcs11js, type Template } from './pkcs11';
import { handleToString, pinStatusFromFlags, type TokenDescription } from './token-info';

/** CK_STATE values (§3.6): the user is logged in in these two. */
const CKS_RO_USER_FUNCTIONS = 1;
const CKS_RW_USER_FUNCTIONS = 3;

export type Pin = string | Buffer;

/** Turns a PIN into the string pkcs11js wants. A Buffer is zeroed by the caller's `finally` (strings cannot be). */
function pinText(pin: Pin): string {
  return typeof pin === 'string' ? pin : pin.toString('utf8');
}

function zeroPin(pin: Pin | undefined): void {
  if (Buffer.isBuffer(pin)) pin.fill(0);
}

export class TokenSession {
  readonly handle: Buffer;
  private readonly slot: Buffer;
  private queue: Promise<unknown> = Promise.resolve();
  private mechanismCache: Set<number> | undefined;
  private closed = false;

  constructor(
    private readonly lib: PKCS11,
    readonly module: string,
    readonly token: TokenDescription,
    private readonly onClose: () => void,
  ) {
    const slots = this.call('C_GetSlotList', () => lib.C_GetSlotList(true));
    const slot = slots.find((s) => handleToString(s) === token.slotId);
    if (!slot) throw new KysoError('TOKEN_NOT_PRESENT', { module, slotId: token.slotId });
    this.slot = slot;
    // A read-only session is enough to log in and sign (§5.6 C_OpenSession; CKF_SERIAL_SESSION is mandatory).
    this.handle = this.call('C_OpenSession', () => lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION));
  }

  /** Runs `op` after every earlier operation on this session has settled. */
  enqueue<T>(op: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(() => op());
    this.queue = run.catch(() => undefined);
    return run;
  }

  isLoggedIn(): boolean {
    const state = this.call('C_GetSessionInfo', () => this.lib.C_GetSessionInfo(this.handle)).state;
    return state === CKS_RO_USER_FUNCTIONS || state === CKS_RW_USER_FUNCTIONS;
  }

  /**
   * Exactly one C_Login as CKU_USER, never retried: each wrong try burns one of the user's few attempts.
   * `pin` may be omitted only on a protected authentication path (PIN pad / middleware dialog).
   * A Buffer PIN is zeroed once the call returns.
   */
  login(pin?: Pin): Promise<void> {
    return this.enqueue(() => {
      try {
        if (this.isLoggedIn()) return;
        this.loginOnce(pkcs11js.CKU_USER, pin);
      } finally {
        zeroPin(pin);
      }
    });
  }

  /** One C_Login call with the error mapping of §5.6 (CKR_PIN_INCORRECT, CKR_PIN_LOCKED, CKR_PIN_LEN_RANGE…). */
  loginOnce(userType: number, pin: Pin | undefined): void {
    if (pin === undefined && !this.token.protectedAuthenticationPath) {
      throw new KysoError('PIN_REQUIRED', { module: this.module, token: this.token.label });
    }
    const text = pin === undefined ? undefined : pinText(pin);
    if (text !== undefined) this.checkPinLength(Buffer.byteLength(text, 'utf8'));
    try {
      if (text === undefined) this.lib.C_Login(this.handle, userType);
      else this.lib.C_Login(this.handle, userType, text);
    } catch (error) {
      const ckr = ckrOf(error);
      if (ckr === pkcs11js.CKR_USER_ALREADY_LOGGED_IN) return;
      throw this.loginError(error, ckr);
    }
  }

  /**
   * A PIN outside the token's advertised length range is refused before C_Login: on some tokens even a
   * wrong-length PIN counts as a failed attempt.
   */
  private checkPinLength(length: number): void {
    const { minPinLength: min, maxPinLength: max } = this.token;
    if (max > 0 && min <= max && (length < min || length > max)) {
      throw new KysoError('PIN_INVALID_FORMAT', { module: this.module, minLength: min, maxLength: max });
    }
  }

  private loginError(error: unknown, ckr: number | undefined): KysoError {
    const mapped = toKysoError(error, { module: this.module, operation: 'C_Login' });
    if (ckr !== pkcs11js.CKR_PIN_INCORRECT) return mapped;
    // The retry flags change with each attempt: read them fresh (§3.2 CK_TOKEN_INFO); there is no count.
    let pin = { countLow: false, finalTry: false, locked: false };
    try {
      pin = pinStatusFromFlags(this.lib.C_GetTokenInfo(this.slot).flags);
    } catch {
      // Token pulled out right after the failed login: report the wrong PIN anyway.
    }
    const code = pin.locked ? 'PIN_LOCKED' : 'PIN_INCORRECT';
    return new KysoError(code, { ...mapped.details, ...pin }, { cause: error });
  }

  /** C_Logout; CKR_USER_NOT_LOGGED_IN is fine. */
  logout(): Promise<void> {
    return this.enqueue(() => {
      try {
        this.lib.C_Logout(this.handle);
      } catch (error) {
        if (ckrOf(error) !== pkcs11js.CKR_USER_NOT_LOGGED_IN) throw toKysoError(error, this.context('C_Logout'));
      }
    });
  }

  /** Mechanisms the token supports (C_GetMechanismList), cached for the session. */
  mechanisms(): Set<number> {
    this.mechanismCache ??= new Set(this.call('C_GetMechanismList', () => this.lib.C_GetMechanismList(this.slot)));
    return this.mechanismCache;
  }

  /** All objects matching `template` (C_FindObjectsInit / C_FindObjects / C_FindObjectsFinal in finally). */
  findObjects(template: Template): Buffer[] {
    this.call('C_FindObjectsInit', () => this.lib.C_FindObjectsInit(this.handle, template));
    try {
      const found: Buffer[] = [];
      for (;;) {
        const batch = this.call('C_FindObjects', () => this.lib.C_FindObjects(this.handle, 64));
        if (batch.length === 0) return found;
        found.push(...batch);
      }
    } finally {
      try {
        this.lib.C_FindObjectsFinal(this.handle);
      } catch {
        // Nothing useful to do; the search error (if any) is the one to report.
      }
    }
  }

  /**
   * One attribute's value, or undefined when the object has no such attribute or keeps it secret
   * (CKR_ATTRIBUTE_TYPE_INVALID / CKR_ATTRIBUTE_SENSITIVE, §5.7). Asked one at a time so one missing attribute
   * does not hide the others.
   */
  attribute(object: Buffer, type: number): Buffer | undefined {
    try {
      const [result] = this.lib.C_GetAttributeValue(this.handle, object, [{ type }]);
      return result?.value;
    } catch (error) {
      const ckr = ckrOf(error);
      if (ckr === pkcs11js.CKR_ATTRIBUTE_TYPE_INVALID || ckr === pkcs11js.CKR_ATTRIBUTE_SENSITIVE) return undefined;
      throw toKysoError(error, this.context('C_GetAttributeValue'));
    }
  }

  /**
   * C_SignInit + C_SignAsync in the queue. `contextPin` answers a CKA_ALWAYS_AUTHENTICATE key: one
   * C_Login(CKU_CONTEXT_SPECIFIC) right after C_SignInit (§5.6, §4.9), never retried.
   */
  sign(
    mechanism: Mechanism,
    key: Buffer,
    data: Buffer,
    outLength: number,
    contextPin?: () => Promise<Pin>,
  ): Promise<Buffer> {
    return this.enqueue(async () => {
      const pin = contextPin ? await contextPin() : undefined;
      try {
        this.call('C_SignInit', () => this.lib.C_SignInit(this.handle, mechanism, key));
        if (contextPin) this.contextLogin(pin);
        const signature = await this.lib.C_SignAsync(this.handle, data, Buffer.alloc(outLength));
        return Buffer.from(signature);
      } catch (error) {
        throw toKysoError(error, this.context('C_Sign'));
      } finally {
        zeroPin(pin);
      }
    });
  }

  /**
   * C_Login(CKU_CONTEXT_SPECIFIC) for the operation just initialised. If it fails, the signing operation is still
   * active; one C_Sign ends it (§5.12: C_Sign always terminates the operation unless CKR_BUFFER_TOO_SMALL), so
   * the next signature does not meet CKR_OPERATION_ACTIVE.
   */
  private contextLogin(pin: Pin | undefined): void {
    try {
      this.loginOnce(pkcs11js.CKU_CONTEXT_SPECIFIC, pin);
    } catch (error) {
      try {
        this.lib.C_Sign(this.handle, Buffer.alloc(1), Buffer.alloc(1024));
      } catch {
        // Expected (CKR_USER_NOT_LOGGED_IN): the point was to end the operation.
      }
      throw error;
    }
  }

  /**
   * Closes the session; safe to call twice. Login state belongs to the token, not the session (§5.6), so
   * `logout` is for the owner closing everything: closing the last session resets it anyway.
   */
  close(options: { logout?: boolean } = {}): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (options.logout && this.isLoggedIn()) this.lib.C_Logout(this.handle);
    } catch {
      // Token removed or already logged out: closing is still right.
    } finally {
      try {
        this.lib.C_CloseSession(this.handle);
      } catch {
        // Session already invalid (token removed).
      }
      this.onClose();
    }
  }

  private context(operation: string): { module: string; operation: string } {
    return { module: this.module, operation };
  }

  private call<T>(operation: string, fn: () => T): T {
    return call(this.context(operation), fn);
  }
}
