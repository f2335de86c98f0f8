import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArrivalOrder, TokenQueues } from './queue';

describe('TokenQueues', () => {
  it('grants one lease per token at a time, in arrival order, announcing positions', async () => {
    const queues = new TokenQueues();
    const order: string[] = [];
    const positions: Record<string, number[]> = { b: [], c: [] };
    const first = await queues.acquire('t');
    const b = queues.acquire('t', { onPosition: (p) => positions.b?.push(p) }).then((lease) => {
      order.push('b');
      return lease;
    });
    const c = queues.acquire('t', { onPosition: (p) => positions.c?.push(p) }).then((lease) => {
      order.push('c');
      return lease;
    });
    const other = await queues.acquire('other-token');
    other.release();
    expect(queues.waiting('t')).toBe(2);
    first.release();
    first.release(); // idempotent: must not hand the token to two waiters
    (await b).release();
    (await c).release();
    expect(order).toEqual(['b', 'c']);
    expect(positions).toEqual({ b: [1], c: [2, 1] });
    expect(queues.waiting('t')).toBe(0);
  });

  it('removes a cancelled waiter and moves the ones behind it up', async () => {
    const queues = new TokenQueues();
    const holder = await queues.acquire('t');
    const controller = new AbortController();
    const cancelled = queues.acquire('t', { signal: controller.signal });
    const positions: number[] = [];
    const later = queues.acquire('t', { onPosition: (p) => positions.push(p) });
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(positions).toEqual([2, 1]);
    holder.release();
    (await later).release();
  });
});

describe('ArrivalOrder', () => {
  // Preparations "take" fake milliseconds: the order they finish in is fixed, with no real waiting.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

  it('enters in arrival order though a later preparation finishes first', async () => {
    const arrivals = new ArrivalOrder();
    const entered: string[] = [];
    const enter = async (name: string) => {
      entered.push(name);
      return name;
    };
    const slow = arrivals.run('t', () => after(60, 'slow'), enter);
    const fast = arrivals.run('t', () => after(5, 'fast'), enter);
    const otherKey = arrivals.run('u', () => after(1, 'other'), enter);
    await vi.runAllTimersAsync();
    expect(await Promise.all([slow, fast, otherKey])).toEqual(['slow', 'fast', 'other']);
    expect(entered).toEqual(['other', 'slow', 'fast']);
  });

  it('answers a failed preparation at once, before the earlier ones are ready, and never enters it', async () => {
    const arrivals = new ArrivalOrder();
    const entered: string[] = [];
    const enter = async (name: string) => {
      entered.push(name);
      return name;
    };
    // The earlier preparation stays unfinished until the broken one has been answered: no clock needed.
    let finishSlow: (value: string) => void = () => undefined;
    const slow = arrivals.run('t', () => new Promise<string>((resolve) => (finishSlow = resolve)), enter);
    const broken = arrivals.run('t', () => Promise.reject(new Error('PDF_MALFORMED')), enter);
    await expect(broken).rejects.toThrow('PDF_MALFORMED');
    expect(entered).toEqual([]);
    finishSlow('slow');
    const next = arrivals.run('t', () => after(1, 'next'), enter);
    await vi.runAllTimersAsync();
    expect(await Promise.all([slow, next])).toEqual(['slow', 'next']);
    expect(entered).toEqual(['slow', 'next']);
  });

  it('passes an error thrown by enter to its own caller only', async () => {
    const arrivals = new ArrivalOrder();
    const failing = arrivals.run(
      't',
      async () => 1,
      () => {
        throw new Error('enter failed');
      },
    );
    const fine = arrivals.run(
      't',
      async () => 2,
      async (n) => n,
    );
    await expect(failing).rejects.toThrow('enter failed');
    expect(await fine).toBe(2);
  });
});
