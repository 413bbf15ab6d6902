import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { CollectorProcess } from '../support/collector-process';
import { SimDevice } from '../support/fault-devices';
import { blockedEvent, keywordEvent, storedIdCounts } from '../support/fault-events';
import { createPgSchema, PG_BASE_URL, pgUnavailableReason } from '../support/pg';
import { waitFor } from '../support/wait';

/**
 * The store under faults, with a real collector process and devices made of the product's
 * delivery code: the SQLite file locked by another process, the disk filling up, and
 * PostgreSQL connections killed under load. Clear errors, nothing acknowledged is lost,
 * nothing is stored twice, the file is not corrupted, and ingest resumes on its own.
 */
const big = (id: string) => keywordEvent(id, `${'x'.repeat(250)} i want to hurt myself ${'y'.repeat(250)}`);

function integrity(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

async function allDelivered(devices: SimDevice[], timeoutMs = 60_000): Promise<void> {
  await waitFor('every device outbox to drain', async () => {
    await Promise.all(devices.map((d) => (d.link.connected ? d.link.flush() : undefined)));
    return devices.every((d) => d.outbox.depth === 0);
  }, timeoutMs, 250);
}

describe('database faults', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('SQLite file locked by another process: clear errors, nothing acked lost, ingest resumes, no corruption', async () => {
    const collector = new CollectorProcess({ env: { LOG_LEVEL: 'warn' } });
    await collector.start();
    const device = new SimDevice('lockdev1', collector.url);
    cleanups.push(async () => {
      device.link.stop();
      await collector.stop();
      collector.cleanup();
    });
    device.link.start();
    await waitFor('device connected', () => device.link.connected, 20_000);
    for (let i = 0; i < 20; i++) await device.emit(blockedEvent);
    await allDelivered([device]);
    const file = path.join(collector.dataDir, 'collector.sqlite');
    // Another process takes the write lock and keeps it (a backup tool, a DBA's sqlite3 shell).
    const holder = spawn(process.execPath, ['-e', `
      const D = require('better-sqlite3'); const db = new D(${JSON.stringify(file)});
      db.exec('BEGIN EXCLUSIVE'); process.stdout.write('LOCKED\\n');
      process.stdin.on('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`], { cwd: path.resolve(import.meta.dirname, '..', '..'), stdio: ['pipe', 'pipe', 'inherit'] });
    await new Promise<void>((r) => holder.stdout!.on('data', (d) => String(d).includes('LOCKED') && r()));
    const ackedBefore = device.outbox.acked.size;
    for (let i = 0; i < 30; i++) await device.emit(blockedEvent);
    // The HTTPS fallback meets the same lock: a clear 5xx with a JSON reason, never a hang or crash.
    const creds = await fetch(`${collector.url}/api/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ v: 1, token: 'test-enrolment-token-0123456789', kind: 'agent', version: '1' }),
    });
    expect(creds.status).toBeGreaterThanOrEqual(500);
    const refusal = (await creds.json()) as { error: string; message: string };
    expect(refusal.message.length).toBeGreaterThan(10);
    await new Promise((r) => setTimeout(r, 7000));
    // While locked nothing new was acknowledged (so nothing can be lost), and the device was told why.
    expect(device.outbox.acked.size).toBe(ackedBefore);
    expect(device.link.lastError ?? '').toMatch(/server_error|ack timeout|delivery failed/);
    expect(collector.output).toMatch(/locked|busy/i);
    holder.stdin!.write('go\n');
    await new Promise((r) => holder.once('exit', r));
    await allDelivered([device]);
    const stored = storedIdCounts(file);
    const mine = [...stored].filter(([k]) => k.startsWith(`${device.deviceId}/`));
    expect(mine.length).toBe(50);
    expect(mine.every(([, n]) => n === 1)).toBe(true);
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
    await collector.stop();
    expect(integrity(file)).toBe('ok');
    process.stdout.write(`DB_FAULT sqlite-locked ${JSON.stringify({ sent: device.generated.length, stored: mine.length, lockedForMs: 7000 })}\n`);
  });

  it('disk full under SQLite: clear errors, no corruption, ingest resumes once space is freed', async () => {
    // A real full disk: a 6 MB tmpfs (needs root, as the test machines and CI run). Without
    // one the test fails saying why, rather than skipping.
    const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-full-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mnt], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(`cannot mount a small tmpfs to fill (run as root, or in a container with CAP_SYS_ADMIN): ${String(err).slice(0, 200)}`);
    }
    const dataDir = path.join(mnt, 'data');
    fs.mkdirSync(dataDir);
    const collector = new CollectorProcess({ dataDir, env: { LOG_LEVEL: 'warn' } });
    cleanups.push(async () => {
      await collector.stop();
      try {
        execFileSync('umount', ['-l', mnt]);
      } catch {
        /* already gone */
      }
      fs.rmSync(mnt, { recursive: true, force: true });
    });
    await collector.start();
    const dev = new SimDevice('fulldev1', collector.url);
    cleanups.push(() => dev.link.stop());
    dev.link.start();
    await waitFor('device connected', () => dev.link.connected, 20_000);
    for (let i = 0; i < 20; i++) await dev.emit(big);
    await allDelivered([dev]);
    // Fill the disk to the last byte.
    const filler = path.join(mnt, 'filler');
    const fd = fs.openSync(filler, 'w');
    const chunk = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) fs.writeSync(fd, chunk);
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    try {
      for (;;) fs.writeSync(fd, chunk.subarray(0, 512));
    } catch {
      /* full */
    }
    fs.closeSync(fd);
    const ackedBefore = dev.outbox.acked.size;
    for (let i = 0; i < 200; i++) await dev.emit(big);
    await waitFor('the collector to report the full disk', () => /full|ENOSPC|SQLITE_FULL/i.test(collector.output), 30_000, 250);
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
    const ackedWhileFull = dev.outbox.acked.size - ackedBefore;
    // Space comes back (the caretaker deletes old files): delivery resumes by itself.
    fs.rmSync(filler);
    await allDelivered([dev], 90_000);
    const file = path.join(dataDir, 'collector.sqlite');
    const stored = [...storedIdCounts(file)].filter(([k]) => k.startsWith(`${dev.deviceId}/`));
    expect(stored.length).toBe(220);
    expect(stored.every(([, n]) => n === 1)).toBe(true);
    for (const id of dev.outbox.acked) expect(stored.some(([k]) => k.endsWith(`/${id}`))).toBe(true);
    await collector.stop();
    expect(integrity(file)).toBe('ok');
    process.stdout.write(`DB_FAULT disk-full ${JSON.stringify({ sent: dev.generated.length, ackedWhileFull, stored: stored.length })}\n`);
  });

  it('PostgreSQL connections killed under load (pg_terminate_backend): reconnects, nothing acked lost, nothing doubled', async () => {
    const reason = await pgUnavailableReason();
    if (reason) return; // printed by pgUnavailableReason (and a failure under CI=true)
    const schema = await createPgSchema('fault');
    const app = `esafety_fault_${randomBytes(4).toString('hex')}`;
    const url = `${schema.url}&application_name=${app}`;
    const collector = new CollectorProcess({ env: { LOG_LEVEL: 'warn', DATABASE_URL: url } });
    const devices: SimDevice[] = [];
    const admin = new pg.Client({ connectionString: PG_BASE_URL });
    cleanups.push(async () => {
      for (const d of devices) d.link.stop();
      await collector.stop();
      await admin.end().catch(() => undefined);
      await schema.drop();
    });
    await collector.start();
    await admin.connect();
    for (let i = 0; i < 10; i++) devices.push(new SimDevice(`pgdev${String(i).padStart(2, '0')}`, collector.url));
    for (const d of devices) d.link.start();
    await waitFor('devices connected', () => devices.every((d) => d.link.connected), 30_000);
    let producing = true;
    let k = 0;
    const producer = (async () => {
      while (producing) {
        await devices[k++ % devices.length]!.emit((id) => (k % 2 ? blockedEvent(id) : keywordEvent(id)));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    let killed = 0;
    for (let round = 0; round < 4; round++) {
      await new Promise((r) => setTimeout(r, 1500));
      // Only this collector's connections (by application_name): other test runs share the server.
      const r = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [app]);
      killed += r.rowCount ?? 0;
    }
    await new Promise((r) => setTimeout(r, 1000));
    producing = false;
    await producer;
    try {
      await allDelivered(devices, 60_000);
    } catch (err) {
      const state = devices.map((d) => `${d.name} depth=${d.outbox.depth} connected=${d.link.connected} err=${d.link.lastError}`).join('\n');
      throw new Error(`${String(err)}\n${state}\n--- collector output (tail) ---\n${collector.output.slice(-3000)}`);
    }
    expect(killed).toBeGreaterThan(0);
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
    const rows = (
      await admin.query(`SELECT device_id AS d, client_id AS c, count(*)::int AS n FROM ${schema.schema}.events GROUP BY device_id, client_id`)
    ).rows as { d: string; c: string; n: number }[];
    const stored = new Map(rows.map((r) => [`${r.d}/${r.c}`, r.n]));
    const expected = devices.flatMap((d) => d.generated.map((id) => `${d.deviceId}/${id}`));
    const acked = devices.flatMap((d) => [...d.outbox.acked].map((id) => `${d.deviceId}/${id}`));
    expect(acked.filter((k) => !stored.has(k))).toEqual([]);
    expect(expected.filter((k) => !stored.has(k))).toEqual([]);
    expect([...stored.values()].filter((n) => n !== 1)).toEqual([]);
    expect(stored.size).toBe(expected.length);
    process.stdout.write(`DB_FAULT pg-terminated ${JSON.stringify({ backendsKilled: killed, sent: expected.length, stored: stored.size })}\n`);
  });
});
