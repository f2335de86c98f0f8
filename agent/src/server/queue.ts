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
