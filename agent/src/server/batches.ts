/**
 * Batch sessions (Autogram's design): a small state machine — open → closed — with an unguessable id, a fixed
 * certificate, a declared document count and a sliding idle expiry. The batch keeps the token logged in and
 * holds its queue lease; it never keeps the PIN.
 */

import { randomBytes } from 'node:crypto';
import { type BatchEndResult, type CertificateRef, KysoError } from '@kyso/shared';
import type { Logger } from 'pino';
import type { Lease } from './queue';
import type { SigningSession } from './types';

export type BatchCloseReason =
  | 'ended'
  | 'cancelled'
  | 'expired'
  | 'disconnected'
  | 'complete'
  | 'token-removed'
  | 'shutdown';

export class Batch {
  /** 32 bytes of randomness: a page that learns nothing cannot guess another client's batch. */
  readonly id = randomBytes(32).toString('base64url');
  signed = 0;
  failed = 0;
  closeReason: BatchCloseReason | undefined;
  expiresAt: Date;
  private timer: NodeJS.Timeout;
  /** Aborts the document being signed when the batch is cancelled, expires or loses its client. */
  private readonly controller = new AbortController();
  /** batch.sign calls run one after another, and close waits for the running one. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    readonly owner: number,
    readonly certificate: CertificateRef,
    readonly declared: number,
    readonly session: SigningSession,
    private readonly lease: Lease,
    private readonly idleMs: number,
    private readonly onClosed: (batch: Batch) => void,
  ) {
    this.expiresAt = new Date(Date.now() + idleMs);
    this.timer = setTimeout(() => void this.close('expired'), idleMs);
  }

  get open(): boolean {
    return this.closeReason === undefined;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get remaining(): number {
    return this.declared - this.signed - this.failed;
  }

  /** Runs one document's work after the previous one; slides the expiry. */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.touch();
    const result = this.chain.then(() => {
      if (!this.open) throw this.closedError();
      return work();
    });
    this.chain = result.catch(() => undefined);
    return result.finally(() => this.touch());
  }

  /** The error a request on a closed batch gets: removal and cancellation say so, the rest is "not found". */
  closedError(): KysoError {
    const reason = this.closeReason;
    if (reason === 'token-removed') return new KysoError('TOKEN_REMOVED', { batchId: this.id });
    if (reason === 'cancelled' || reason === 'disconnected' || reason === 'shutdown')
      return new KysoError('CANCELLED', { reason });
    return new KysoError('BATCH_NOT_FOUND', { reason });
  }

  /** Logs out and hands the token to the next waiter, after the document being signed (if any) is done. */
  close(reason: BatchCloseReason): Promise<void> {
    if (!this.open) return Promise.resolve();
    this.closeReason = reason;
    clearTimeout(this.timer);
    if (reason !== 'ended' && reason !== 'complete') {
      this.controller.abort(new KysoError('CANCELLED', { batchId: this.id, reason }));
    }
    const done = this.chain.then(async () => {
      await this.session.close();
      this.lease.release();
    });
    this.onClosed(this);
    return done;
  }

  summary(): BatchEndResult {
    return {
      batchId: this.id,
      declared: this.declared,
      signed: this.signed,
      failed: this.failed,
      notSigned: this.remaining,
    };
  }

  private touch(): void {
    if (!this.open) return;
    this.expiresAt = new Date(Date.now() + this.idleMs);
    this.timer.refresh();
  }
}

export class BatchRegistry {
  private readonly batches = new Map<string, Batch>();
  /** Closed batches are kept briefly so `batch.end` can still report their summary. */
  private readonly closedKeepMs = 60_000;

  constructor(
    private readonly idleMs: number,
    private readonly logger: Logger,
  ) {}

  create(owner: number, certificate: CertificateRef, declared: number, session: SigningSession, lease: Lease): Batch {
    const batch = new Batch(owner, certificate, declared, session, lease, this.idleMs, (closed) => this.closed(closed));
    this.batches.set(batch.id, batch);
    this.logger.info({ batch: batch.id.slice(0, 8), declared, conn: owner }, 'batch begun');
    return batch;
  }

  /** A batch belongs to the connection that began it; to anyone else it does not exist. */
  get(owner: number, id: string): Batch {
    const batch = this.batches.get(id);
    if (!batch || batch.owner !== owner) throw new KysoError('BATCH_NOT_FOUND', { batchId: id });
    return batch;
  }

  /** Forgets a batch after its summary was delivered. */
  forget(id: string): void {
    this.batches.delete(id);
  }

  hasOpen(owner: number): boolean {
    for (const batch of this.batches.values()) if (batch.owner === owner && batch.open) return true;
    return false;
  }

  /** Ends every batch of a connection (it disconnected) and forgets them. */
  dropOwner(owner: number, reason: BatchCloseReason): void {
    for (const batch of [...this.batches.values()]) {
      if (batch.owner !== owner) continue;
      void batch.close(reason);
      this.batches.delete(batch.id);
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.batches.values()].map((batch) => batch.close('shutdown')));
    this.batches.clear();
  }

  private closed(batch: Batch): void {
    this.logger.info(
      { batch: batch.id.slice(0, 8), reason: batch.closeReason, ...batch.summary(), batchId: undefined },
      'batch closed',
    );
    setTimeout(() => this.batches.delete(batch.id), this.closedKeepMs).unref();
  }
}
