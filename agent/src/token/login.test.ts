import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KysoError } from '@kyso/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestToken, type TestToken } from '../../../test/fixtures/token';
import { loadModule, type Pkcs11Module, type TokenSession } from './index';

/** OpenSC's pkcs11-spy logs every call the agent makes to the real module: proof of how many C_Login ran. */
const SPY = '/usr/lib/x86_64-linux-gnu/pkcs11/pkcs11-spy.so';

let t: TestToken;
let mod: Pkcs11Module;
let session: TokenSession;
let spyLog: string;

beforeAll(async () => {
  t = await createTestToken();
  spyLog = join(t.dir, 'spy.log');
  process.env.PKCS11SPY = t.modulePath;
  process.env.PKCS11SPY_OUTPUT = spyLog;
  mod = loadModule(SPY);
  session = mod.openToken({ label: t.label });
});

afterAll(async () => {
  mod?.close();
  await t?.cleanup();
});

function loginCalls(): number {
  return (readFileSync(spyLog, 'utf8').match(/^\d+: C_Login$/gm) ?? []).length;
}

async function loginError(pin?: string | Buffer): Promise<KysoError> {
  const error = await session.login(pin).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof KysoError)) throw new Error(`expected a KysoError, got ${String(error)}`);
  return error;
}

describe('login', () => {
  it('makes exactly one C_Login for a wrong PIN and reports PIN_INCORRECT with fresh retry flags', async () => {
    const before = loginCalls();
    const error = await loginError('000000');
    expect(error.code).toBe('PIN_INCORRECT');
    // SoftHSM sets CKF_USER_PIN_COUNT_LOW after a wrong PIN and never locks (its default, unlike vendor tokens).
    expect(error.details).toMatchObject({ countLow: true, finalTry: false, locked: false, ckr: 'CKR_PIN_INCORRECT' });
    expect(JSON.stringify(error.details)).not.toContain('000000');
    expect(loginCalls() - before).toBe(1);
    expect(session.isLoggedIn()).toBe(false);
  });

  it('refuses a PIN outside the token length range without calling C_Login', async () => {
    const before = loginCalls();
    expect((await loginError('12')).code).toBe('PIN_INVALID_FORMAT');
    expect(loginCalls()).toBe(before);
  });

  it('asks for a PIN when none is given and the token has no PIN pad', async () => {
    const before = loginCalls();
    expect((await loginError()).code).toBe('PIN_REQUIRED');
    expect(loginCalls()).toBe(before);
  });

  it('logs in with a Buffer PIN in one call and zeroes the Buffer', async () => {
    const pin = Buffer.from(t.pin);
    const before = loginCalls();
    await session.login(pin);
    expect(loginCalls() - before).toBe(1);
    expect(pin.every((b) => b === 0)).toBe(true);
    expect(session.isLoggedIn()).toBe(true);
  });

  it('does not call C_Login again when the token is already logged in', async () => {
    const before = loginCalls();
    await session.login(t.pin);
    expect(loginCalls()).toBe(before);
  });

  it('logs out and closes its sessions on close(), then finalizes the module', () => {
    mod.close();
    const log = readFileSync(spyLog, 'utf8');
    const tail = log.slice(log.lastIndexOf('C_Login'));
    expect(tail).toMatch(/C_Logout[\s\S]*C_CloseSession[\s\S]*C_Finalize/);
  });
});
