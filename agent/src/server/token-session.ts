/**
 * The token's turn and the one login, shared by `pdf.sign`, `batch.begin` and `data.sign`: wait in the token's
 * queue (progress `queued` with the position), log in with the PIN and zero it at once — a PIN lives only for
 * the login call (or, for `batch.begin`, the batch holds the session, never the PIN).
 */
import type { CertificateRef } from '@kyso/shared';
import type { MethodContext } from './context';
import type { Lease } from './queue';
import type { SigningSession } from './types';

/** Takes the PIN out of the params object into a buffer the caller zeroes after the one login. */
export function takePin(params: { pin?: string }): Buffer | undefined {
  const pin = params.pin;
  delete params.pin;
  return pin === undefined ? undefined : Buffer.from(pin, 'utf8');
}

/** Joins the token's line synchronously (ArrivalOrder.run relies on it) and resolves with its lease. */
export function waitForToken(token: string, context: MethodContext): Promise<Lease> {
  return context.agent.queues.acquire(token, {
    signal: context.signal,
    onPosition: (position) => context.progress('queued', { position }),
  });
}

/** A logged-in session and the lease it runs under: its holder closes the session, then releases the token. */
export interface LeasedSession {
  session: SigningSession;
  lease: Lease;
}

/**
 * Logs in once under the token's lease (waited for here unless the caller holds it already), zeroing the PIN
 * whatever happens. A failed login gives the token back to the next request.
 */
export async function openLeasedSession(
  certificate: CertificateRef,
  pin: Buffer | undefined,
  context: MethodContext,
  held?: Lease,
): Promise<LeasedSession> {
  try {
    const lease = held ?? (await waitForToken(certificate.token, context));
    try {
      context.progress('waiting-for-token');
      return { session: await context.agent.options.tokens.openSession(certificate, pin), lease };
    } catch (error) {
      lease.release();
      throw error;
    }
  } finally {
    pin?.fill(0);
  }
}

/** Closes the session and releases the token, the release even when logging out fails. */
export async function closeLeasedSession({ session, lease }: LeasedSession): Promise<void> {
  try {
    await session.close();
  } finally {
    lease.release();
  }
}

/** One login for one piece of work: the session is closed and the token released when `work` settles. */
export async function withTokenSession<T>(
  certificate: CertificateRef,
  pin: Buffer | undefined,
  context: MethodContext,
  work: (session: SigningSession) => Promise<T>,
  held?: Lease,
): Promise<T> {
  const leased = await openLeasedSession(certificate, pin, context, held);
  try {
    return await work(leased.session);
  } finally {
    await closeLeasedSession(leased);
  }
}
