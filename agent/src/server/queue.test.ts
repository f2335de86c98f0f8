import { describe, expect, it } from 'vitest';
import { TokenQueues } from './queue';

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
