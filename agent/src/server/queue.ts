/**
 * One queue per token: a token has one login state and runs one operation at a time, so every request for a
 * token waits for a lease, in arrival order. Waiters hear their position as it changes (progress `queued`).
 */
import { KysoError } from '@kyso/shared';

export interface Lease {
  /** Idempotent: the next waiter gets the token. */
  release(): void;
}

interface Waiter {
  grant: (lease: Lease) => void;
  onPosition?: (position: number) => void;
}

interface TokenLine {
  busy: boolean;
  waiting: Waiter[];
}

export interface AcquireOptions {
  signal?: AbortSignal;
  /** 1 = next in line. Not called when the token is free at once. */
  onPosition?: (position: number) => void;
}

export class TokenQueues {
  private readonly lines = new Map<string, TokenLine>();

  /** Resolves with the lease when it is this caller's turn; rejects CANCELLED if the signal aborts first. */
  acquire(key: string, options: AcquireOptions = {}): Promise<Lease> {
    const { signal, onPosition } = options;
    if (signal?.aborted) return Promise.reject(new KysoError('CANCELLED', { while: 'queued' }));
    let line = this.lines.get(key);
    if (!line) {
      line = { busy: false, waiting: [] };
      this.lines.set(key, line);
    }
    if (!line.busy) {
      line.busy = true;
      return Promise.resolve(this.lease(key));
    }
    const current = line;
    return new Promise<Lease>((resolve, reject) => {
      const onAbort = () => {
        const index = current.waiting.indexOf(waiter);
        if (index >= 0) current.waiting.splice(index, 1);
        this.announce(current, index);
        reject(new KysoError('CANCELLED', { while: 'queued' }));
      };
      const waiter: Waiter = {
        grant: (lease) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(lease);
        },
        onPosition,
      };
      current.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      onPosition?.(current.waiting.length);
    });
  }

  /** Number of requests waiting (not counting the one holding the token). */
  waiting(key: string): number {
    return this.lines.get(key)?.waiting.length ?? 0;
  }

  private lease(key: string): Lease {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.handOver(key);
      },
    };
  }

  private handOver(key: string): void {
    const line = this.lines.get(key);
    if (!line) return;
    const next = line.waiting.shift();
    if (!next) {
      this.lines.delete(key);
      return;
    }
    this.announce(line, 0);
    next.grant(this.lease(key));
  }

  /** Tells every waiter from `from` on its new position. */
  private announce(line: TokenLine, from: number): void {
    for (let i = Math.max(0, from); i < line.waiting.length; i++) line.waiting[i]?.onPosition?.(i + 1);
  }
}

/**
 * Requests are prepared (parsed, placed, digested) before they wait for the token, and preparations of different
 * sizes finish in any order; this keeps the order in which requests enter the line for one key (a token, or a
 * batch) the order in which they arrived. A failed preparation is answered at once and never enters the line.
 */
export class ArrivalOrder {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Starts `prepare` now and calls `enter` with its result once every earlier request of `key` has entered or
   * dropped out. `enter` must join its line synchronously (TokenQueues.acquire and Batch.run do).
   */
  async run<P, R>(key: string, prepare: () => Promise<P>, enter: (prepared: P) => Promise<R>): Promise<R> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const preparing = prepare();
    let entered: Promise<R> | undefined;
    const turn = previous.then(() =>
      preparing.then(
        (prepared) => {
          try {
            entered = enter(prepared);
          } catch (error) {
            entered = Promise.reject(error);
          }
        },
        () => undefined,
      ),
    );
    this.tails.set(key, turn);
    void turn.then(() => {
      if (this.tails.get(key) === turn) this.tails.delete(key);
    });
    await preparing;
    await turn;
    // `turn` resolved after a successful preparation, so `enter` was called.
    return entered as Promise<R>;
  }
}
