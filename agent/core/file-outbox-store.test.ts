import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Outbox } from '../../shared/outbox/outbox';
import type { DeviceEvent } from '../../shared/protocol/events';
import { FileOutboxStore } from './file-outbox-store';

const ev = (i: number, type: 'heartbeat' | 'keyword_alert' = 'keyword_alert'): DeviceEvent =>
  type === 'heartbeat'
    ? { id: `hb-${String(i).padStart(6, '0')}`, at: new Date(1_700_000_000_000 + i).toISOString(), type, kind: 'agent', version: '1', policyVersion: 1, role: 'pupil', board: { on: false, reason: 'startup' } }
    : { id: `kw-${String(i).padStart(6, '0')}`, at: new Date(1_700_000_000_000 + i).toISOString(), type, term: 'kill myself', category: 'suicide', severity: 5, context: 'kill myself', matchStart: 0, matchEnd: 11, source: 'window-title' };

const journal = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-outbox-')), 'outbox.jsonl');

describe('FileOutboxStore (durable agent outbox)', () => {
  it('gives back exactly what was queued and not acknowledged after a restart', async () => {
    const f = journal();
    const a = new Outbox(new FileOutboxStore(f));
    await a.add(ev(1), ev(2), ev(3));
    await a.flush(async (m) => ({ v: 1, type: 'ack', batchId: m.batchId, stored: m.events.map((e) => e.id).filter((id) => id === 'kw-000001'), rejected: [] }));
    const b = new Outbox(new FileOutboxStore(f));
    await b.load();
    expect(b.depth).toBe(2);
    const sent: string[] = [];
    await b.flush(async (m) => {
      sent.push(...m.events.map((e) => e.id));
      return { v: 1, type: 'ack', batchId: m.batchId, stored: m.events.map((e) => e.id), rejected: [] };
    });
    expect(sent).toEqual(['kw-000002', 'kw-000003']);
  });

  it('survives a write torn by a power cut: the complete lines come back and the problem is named', async () => {
    const f = journal();
    const s = new FileOutboxStore(f);
    await new Outbox(s).add(ev(1), ev(2));
    s.close();
    fs.appendFileSync(f, '{"p":{"id":"kw-000003","seq":3,"prio');
    const again = new FileOutboxStore(f);
    const items = await again.loadAll();
    expect(items.map((i) => i.id)).toEqual(['kw-000001', 'kw-000002']);
    expect(again.problems).toHaveLength(1);
    expect(again.problems[0]).toMatch(/torn/);
    // The journal was rewritten clean, so the next append is readable.
    await again.put([{ id: 'kw-000004', seq: 4, priority: 15, bytes: 10, event: ev(4) }]);
    again.close();
    expect((await new FileOutboxStore(f).loadAll()).map((i) => i.id)).toEqual(['kw-000001', 'kw-000002', 'kw-000004']);
  });

  it('stays bounded: evicts heartbeats before alerts and compacts the journal', async () => {
    const f = journal();
    const store = new FileOutboxStore(f, 50);
    const box = new Outbox(store, { maxItems: 100 });
    for (let i = 0; i < 60; i++) await box.add(ev(i, 'heartbeat'));
    for (let i = 0; i < 60; i++) await box.add(ev(i));
    expect(box.depth).toBe(100);
    expect(box.evicted).toBe(20);
    const reloaded = await new FileOutboxStore(f).loadAll();
    expect(reloaded.filter((i) => i.event.type === 'keyword_alert')).toHaveLength(60);
    expect(reloaded.filter((i) => i.event.type === 'heartbeat').map((i) => i.id)[0]).toBe('hb-000020'); // oldest went first
    const lines = fs.readFileSync(f, 'utf8').trim().split('\n').length;
    expect(lines).toBeLessThan(100 * 2 + 50 + 2);
    expect(fs.statSync(f).mode & 0o777).toBe(0o600);
  });
});
