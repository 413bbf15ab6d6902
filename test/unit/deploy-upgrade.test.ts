import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import WebSocket, { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CollectorLink } from '../../extension/background/collector-link';
import { DeviceState } from '../../extension/background/device-state';
import { memoryArea } from '../../extension/platform/storage';
import { MemoryOutboxStore, Outbox } from '../../shared/outbox/outbox';
import { SQLITE_MIGRATIONS } from '../../server/store/migrations/sqlite';
import { migrateSqlite } from '../../server/store/sqlite/migrate';
import { CloseCode } from '../../shared/protocol/messages';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { DeviceClient, enrol, type Enrolled } from '../support/device-client';
import { startCollector, type RunningCollector } from '../support/in-process-collector';

describe('upgrades: migrations run on start', () => {
  it('a store left by an older release (first migration only) is brought up to date, keeping its data', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-upgrade-'));
    const db = new Database(path.join(dataDir, 'collector.sqlite'));
    migrateSqlite(db, SQLITE_MIGRATIONS.slice(0, 1));
    db.prepare("INSERT INTO schools (id, name, created_at) VALUES ('school-1', 'Old School', '2025-09-01T08:00:00.000Z')").run();
    db.prepare(
      `INSERT INTO events (school_id, device_id, client_id, type, at, received_at, payload)
       VALUES ('school-1', 'dev_old', 'old-event-0001', 'blocked', '2025-09-02T09:00:00.000Z', '2025-09-02T09:00:01.000Z', '{}')`,
    ).run();
    db.close();
    const collector = new CollectorProcess({ dataDir });
    await collector.start();
    try {
      await collector.signIn();
      const after = new Database(path.join(dataDir, 'collector.sqlite'), { readonly: true });
      expect(after.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(SQLITE_MIGRATIONS.map((m) => m.version));
      expect(after.prepare('SELECT client_id FROM events').pluck().all()).toEqual(['old-event-0001']);
      after.close();
    } finally {
      await collector.stop();
      collector.cleanup();
    }
  });
});

describe('upgrades: a device on another protocol version is told to update', () => {
  let c: RunningCollector;
  let creds: Enrolled;
  beforeAll(async () => {
    c = await startCollector();
    creds = await enrol(c.url);
  });
  afterAll(() => c.stop());

  it('old enrolment request: 426 with "update"', async () => {
    const res = await fetch(`${c.url}/api/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ v: 0, token: TEST_ENROLMENT_TOKEN, kind: 'extension', version: '0.0.9' }),
    });
    expect(res.status).toBe(426);
    expect(await res.json()).toMatchObject({ error: 'unsupported_version', message: expect.stringMatching(/protocol version 0 .*update/) });
  });

  it('old WebSocket subprotocol: refused with 426 and a message saying to update', async () => {
    const ws = new WebSocket(`${c.url.replace('http', 'ws')}/api/v1/device/ws`, ['esafety.v0', `bearer.${creds.deviceId}.${creds.secret}`]);
    const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      ws.once('open', () => reject(new Error('an old protocol was accepted')));
      ws.once('error', () => undefined);
    });
    expect(refused.status).toBe(426);
    expect(refused.body).toMatch(/esafety\.v0 is not supported .*esafety\.v1.*update the device/);
  });

  it('old message version on an open socket: an error saying to update, then close code 4426', async () => {
    const device = await new DeviceClient(c.url, creds).open();
    device.send({ v: 0, type: 'events', batchId: 'old-batch-0001', events: [] });
    const err = await device.next('error');
    expect(err).toMatchObject({ code: 'unsupported_version', message: expect.stringMatching(/update/) });
    for (let i = 0; i < 50 && device.closeCode === null; i++) await new Promise((r) => setTimeout(r, 20));
    expect(device.closeCode).toBe(CloseCode.unsupportedVersion);
  });

  it('old HTTPS batch: 426, nothing stored', async () => {
    const res = await fetch(`${c.url}/api/v1/device/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${creds.deviceId}.${creds.secret}` },
      body: JSON.stringify({ v: 0, type: 'events', batchId: 'old-batch-0002', events: [{ id: 'old-0001', at: new Date().toISOString(), type: 'blocked', url: 'https://x.example/', rule: 'search' }] }),
    });
    expect(res.status).toBe(426);
    const db = new Database(path.join(c.dataDir, 'collector.sqlite'), { readonly: true });
    expect(db.prepare("SELECT count(*) FROM events WHERE client_id = 'old-0001'").pluck().get()).toBe(0);
    db.close();
  });

  it('a current device keeps working alongside', async () => {
    const device = await new DeviceClient(c.url, creds).open();
    const ack = await device.sendEvents([{ id: 'current-0001', at: new Date().toISOString(), type: 'blocked', url: 'https://x.example/', rule: 'search' }]);
    expect(ack.stored).toEqual(['current-0001']);
    device.close();
  });
});

describe('upgrades: the extension says why when the collector is newer', () => {
  it('close code 4426 becomes "this extension must be updated"', async () => {
    // A collector from a later release: it closes this device's socket with "unsupported version".
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: () => 'esafety.v1' });
    wss.on('connection', (ws) => ws.close(CloseCode.unsupportedVersion, 'unsupported protocol version'));
    await new Promise((r) => wss.once('listening', r));
    const collectorUrl = `http://127.0.0.1:${(wss.address() as { port: number }).port}`;
    vi.stubGlobal('WebSocket', WebSocket); // the ws client has the browser's WebSocket API
    const state = new DeviceState(memoryArea());
    state.setManaged({ collectorUrl, enrolmentToken: TEST_ENROLMENT_TOKEN }, []);
    await state.setCredentials({ deviceId: 'dev_x', secret: 'y', schoolId: 'school-1', collectorUrl });
    const link = new CollectorLink({ state, outbox: new Outbox(new MemoryOutboxStore()), version: '0.1.0', onCommand: () => undefined });
    try {
      await link.ensureConnected();
      for (let i = 0; i < 100 && !link.lastError; i++) await new Promise((r) => setTimeout(r, 20));
      expect(link.lastError).toMatch(/this extension must be updated/);
    } finally {
      link.reset();
      vi.unstubAllGlobals();
      wss.close();
    }
  });
});
