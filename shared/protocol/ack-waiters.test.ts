import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AckWaiters } from './ack-waiters';
import type { AckMessage } from './messages';

const ack = (batchId: string): AckMessage => ({ v: 1, type: 'ack', batchId, stored: ['e1'], rejected: [] });

describe('AckWaiters (both device links)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves a batch with its own ack, and only that batch', async () => {
    const w = new AckWaiters(1000);
    const sent: string[] = [];
    const a = w.send('b1', () => sent.push('b1'));
    const b = w.send('b2', () => sent.push('b2'));
    expect(sent).toEqual(['b1', 'b2']);
    expect(w.settle(ack('b2'))).toBe(true);
    await expect(b).resolves.toEqual(ack('b2'));
    expect(w.size).toBe(1);
    expect(w.settle(ack('b1'))).toBe(true);
    await expect(a).resolves.toMatchObject({ batchId: 'b1' });
    expect(w.size).toBe(0);
  });

  it('fails a batch whose ack does not come in time, and ignores the ack when it comes late', async () => {
    const w = new AckWaiters(1000);
    const a = w.send('b1', () => {});
    const failed = expect(a).rejects.toThrow('ack timeout');
    vi.advanceTimersByTime(999);
    expect(w.size).toBe(1);
    vi.advanceTimersByTime(1);
    await failed;
    expect(w.size).toBe(0);
    expect(w.settle(ack('b1'))).toBe(false);
  });

  it('fails every waiting batch when the socket closes, and their timers with them', async () => {
    const w = new AckWaiters(1000);
    const all = [w.send('b1', () => {}), w.send('b2', () => {})];
    w.failAll('socket closed (1006)');
    for (const p of all) await expect(p).rejects.toThrow('socket closed (1006)');
    expect(w.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects (does not throw) when sending throws, and keeps no waiter behind', async () => {
    const w = new AckWaiters(1000);
    const p = w.send('b1', () => {
      throw new Error('WebSocket is not open');
    });
    await expect(p).rejects.toThrow('WebSocket is not open');
    expect(w.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a batch sent again before its ack supersedes the first wait', async () => {
    const w = new AckWaiters(1000);
    const first = w.send('b1', () => {});
    const again = w.send('b1', () => {});
    await expect(first).rejects.toThrow('sent again');
    w.settle(ack('b1'));
    await expect(again).resolves.toMatchObject({ batchId: 'b1' });
  });
});
