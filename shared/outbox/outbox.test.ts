import { describe, expect, it } from 'vitest';
import type { DeviceEvent } from '../protocol/events';
import type { AckMessage, EventsMessage } from '../protocol/messages';
import { MemoryOutboxStore, Outbox } from './outbox';

let n = 0;
const alert = (severity: number, id = `evt-${String(++n).padStart(6, '0')}`): DeviceEvent => ({
  id,
  at: new Date(1_700_000_000_000 + n * 1000).toISOString(),
  type: 'keyword_alert',
  term: 'kill myself',
  category: 'suicide',
  severity,
  context: 'i want to kill myself',
  matchStart: 10,
  matchEnd: 21,
  source: 'input',
});
const heartbeat = (): DeviceEvent => ({
  id: `hb-${String(++n).padStart(8, '0')}`,
  at: new Date().toISOString(),
  type: 'heartbeat',
  kind: 'extension',
  version: '1.0',
  policyVersion: 1,
  role: 'pupil',
  board: { on: false, reason: 'startup' },
});
const ackAll = async (m: EventsMessage): Promise<AckMessage> => ({ v: 1, type: 'ack', batchId: m.batchId, stored: m.events.map((e) => e.id), rejected: [] });

describe('Outbox', () => {
  it('persists an event before add() resolves, and a new outbox over the same store still has it', async () => {
    const store = new MemoryOutboxStore();
    await new Outbox(store).add(alert(5));
    const again = new Outbox(store);
    await again.load();
    expect(again.depth).toBe(1);
  });

  it('removes events only when acknowledged, and keeps everything when the send fails', async () => {
    const store = new MemoryOutboxStore();
    const box = new Outbox(store);
    await box.add(alert(5), alert(3));
    const failed = await box.flush(async () => {
      throw new Error('offline');
    });
    expect(failed.error).toBeInstanceOf(Error);
    expect(box.depth).toBe(2);
    expect(store.data.size).toBe(2);
    const ok = await box.flush(ackAll);
    expect(ok).toMatchObject({ batches: 1, stored: 2 });
    expect(box.depth).toBe(0);
    expect(store.data.size).toBe(0);
  });

  it('keeps events the collector did not mention in its ack, and drops permanently rejected ones', async () => {
    const box = new Outbox(new MemoryOutboxStore());
    const [a, b, c] = [alert(5), alert(4), alert(3)];
    await box.add(a, b, c);
    await box.flush(async (m) => ({ v: 1, type: 'ack', batchId: m.batchId, stored: [a.id], rejected: [{ id: b.id, error: 'bad' }] }));
    expect(box.depth).toBe(1);
  });

  it('sends in event order, in batches no bigger than the limit', async () => {
    const box = new Outbox(new MemoryOutboxStore(), { maxBatchEvents: 3 });
    const events = Array.from({ length: 7 }, () => alert(2));
    await box.add(...events);
    const seen: string[][] = [];
    await box.flush(async (m) => {
      seen.push(m.events.map((e) => e.id));
      return ackAll(m);
    });
    expect(seen.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(seen.flat()).toEqual(events.map((e) => e.id));
  });

  it('ignores an event id it already holds (no duplicate queued)', async () => {
    const box = new Outbox(new MemoryOutboxStore());
    const a = alert(5);
    await box.add(a);
    await box.add(a);
    expect(box.depth).toBe(1);
  });

  it('when full, evicts heartbeats and low severity first, oldest first, and counts what it evicted', async () => {
    const box = new Outbox(new MemoryOutboxStore(), { maxItems: 3 });
    const high = alert(5);
    const low1 = alert(1);
    await box.add(heartbeat(), low1, high);
    await box.add(alert(4));
    expect(box.evicted).toBe(1); // the heartbeat
    await box.add(alert(4));
    expect(box.evicted).toBe(2); // then the severity-1 alert
    const sent: DeviceEvent[] = [];
    await box.flush(async (m) => {
      sent.push(...m.events);
      return ackAll(m);
    });
    expect(sent.map((e) => e.id)).toContain(high.id);
    expect(sent.map((e) => e.id)).not.toContain(low1.id);
  });

  it('shares one flush between concurrent callers', async () => {
    const box = new Outbox(new MemoryOutboxStore());
    await box.add(alert(3));
    let sends = 0;
    const slow = async (m: EventsMessage) => {
      sends++;
      await new Promise((r) => setTimeout(r, 20));
      return ackAll(m);
    };
    await Promise.all([box.flush(slow), box.flush(slow)]);
    expect(sends).toBe(1);
  });
});
