import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CollectorProcess } from '../support/collector-process';
import { blockedEvent, keywordEvent, storedIdCounts } from '../support/fault-events';
import { SimDevice } from '../support/fault-devices';
import { waitFor } from '../support/wait';

/**
 * The collector is SIGKILLed twice in the middle of a steady stream from many devices and
 * restarted on the same data. Devices are the product's own delivery code (agent collector
 * link + shared outbox on the agent's fsynced journal). Every event acknowledged before a
 * kill must be in the store; every other one is re-sent; each is stored exactly once.
 */
const DEVICES = Number(process.env.KILL_DEVICES ?? 30);

describe('collector SIGKILL during ingest from many devices', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-kill-'));
  const journalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-kill-journals-'));
  let collector = new CollectorProcess({ dataDir, env: { LOG_LEVEL: 'error' } });
  const devices: SimDevice[] = [];

  afterAll(async () => {
    for (const d of devices) d.link.stop();
    await collector.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(journalDir, { recursive: true, force: true });
  });

  it('every acked event survives, every unacked one is re-sent, each stored exactly once', async () => {
    await collector.start();
    const port = collector.port;
    for (let i = 0; i < DEVICES; i++) devices.push(new SimDevice(`kdev${String(i).padStart(3, '0')}`, collector.url, { journalDir }));
    for (const d of devices) d.link.start();
    await waitFor('all devices enrolled and connected', () => devices.every((d) => d.link.connected), 30_000);

    // A steady stream: one event from the next device every 5 ms, a mix of alerts and blocks.
    let producing = true;
    let tick = 0;
    const producer = (async () => {
      while (producing) {
        const d = devices[tick % devices.length]!;
        await d.emit((id) => (tick % 3 === 0 ? keywordEvent(id) : blockedEvent(id)));
        tick++;
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const sqlite = path.join(dataDir, 'collector.sqlite');
    const rounds: Record<string, number>[] = [];
    for (let round = 1; round <= 2; round++) {
      await new Promise((r) => setTimeout(r, 1500));
      const code = await collector.stop('SIGKILL');
      const ackedBeforeKill = devices.flatMap((d) => [...d.outbox.acked].map((id) => `${d.deviceId}/${id}`));
      const queuedAtKill = devices.reduce((n, d) => n + d.outbox.depth, 0);
      // With the collector dead, what reached its disk: a superset of what it acknowledged.
      const storedAtKill = storedIdCounts(sqlite);
      const missing = ackedBeforeKill.filter((k) => !storedAtKill.has(k));
      expect(missing, 'acknowledged before the kill but not in the store').toEqual([]);
      const storedNotAcked = [...storedAtKill.keys()].filter((k) => !ackedBeforeKill.includes(k)).length;
      rounds.push({ round, exitSignalKilled: code === null ? 1 : 0, generated: devices.reduce((n, d) => n + d.generated.length, 0), ackedBeforeKill: ackedBeforeKill.length, storedAtKill: storedAtKill.size, storedButAckLost: storedNotAcked, queuedOnDevicesAtKill: queuedAtKill });
      // Down for a while (devices keep queueing), then back on the same data and port.
      await new Promise((r) => setTimeout(r, 1000));
      collector = new CollectorProcess({ dataDir, port, env: { LOG_LEVEL: 'error' } });
      await collector.start();
    }
    await new Promise((r) => setTimeout(r, 1000));
    producing = false;
    await producer;
    await waitFor('every device outbox to drain after the restarts', async () => {
      await Promise.all(devices.map((d) => (d.link.connected ? d.link.flush() : undefined)));
      return devices.every((d) => d.outbox.depth === 0);
    }, 60_000, 250);

    const stored = storedIdCounts(sqlite);
    const expected = devices.flatMap((d) => d.generated.map((id) => `${d.deviceId}/${id}`));
    const missing = expected.filter((k) => !stored.has(k));
    const duplicated = [...stored].filter(([, n]) => n !== 1);
    const unexpected = [...stored.keys()].filter((k) => !expected.includes(k));
    const reconciliation = {
      devices: DEVICES,
      kills: rounds.length,
      generated: expected.length,
      stored: stored.size,
      missing: missing.length,
      duplicated: duplicated.length,
      unexpected: unexpected.length,
      rounds,
    };
    process.stdout.write(`KILL_RECONCILIATION ${JSON.stringify(reconciliation)}\n`);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(rounds.every((r) => r.exitSignalKilled === 1)).toBe(true);
    // The run really interrupted delivery: events were queued on devices at each kill.
    expect(rounds.some((r) => r.queuedOnDevicesAtKill! > 0)).toBe(true);
    expect(expected.length).toBeGreaterThan(300);
  });
});
