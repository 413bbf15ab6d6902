import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { restoreSqlite } from '../../server/backup/sqlite-backup';
import { ROOT } from '../support/build-extension';
import { CollectorProcess } from '../support/collector-process';
import { DeviceClient } from '../support/device-client';
import { IngestLoad } from './deploy-load';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-backup-test-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'cli', 'main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const storedIds = (dataDir: string): Set<string> => {
  const db = new Database(path.join(dataDir, 'collector.sqlite'), { readonly: true });
  try {
    return new Set(db.prepare('SELECT client_id FROM events').pluck().all() as string[]);
  } finally {
    db.close();
  }
};

describe('backup and restore (SQLite) under load', () => {
  it('a backup taken while devices ingest restores with every event acked before it started', async () => {
    const source = new CollectorProcess();
    await source.start();
    const load = await new IngestLoad(source.url, 4, 25).start();
    try {
      await load.waitForAcks(3000); // a store with some history, and ingest in full flow
      const ackedBefore = load.ackedSoFar();
      const file = path.join(tmp, 'nightly.sqlite');
      const started = Date.now();
      const backup = await cli({ DATA_DIR: source.dataDir }, 'backup', file);
      const finished = Date.now();
      expect(backup.code, backup.out).toBe(0);
      expect(backup.out).toMatch(/Backed up .* events/);
      const ackedDuring = [...load.acked.values()].filter((a) => a.at > started && a.at < finished).length;
      expect(ackedDuring, 'ingest kept going while the backup ran').toBeGreaterThan(0);
      await load.stop();
      expect(load.rejected).toBe(0);
      expect(fs.statSync(file).mode & 0o077).toBe(0);

      const restoredDir = path.join(tmp, 'restored');
      const restore = await cli({ DATA_DIR: restoredDir }, 'restore', file);
      expect(restore.code, restore.out).toBe(0);
      const restored = storedIds(restoredDir);
      const missing = [...ackedBefore].filter((id) => !restored.has(id));
      expect(missing, `${missing.length} of ${ackedBefore.size} acked events missing`).toEqual([]);
      console.log(`backup under load: ${ackedBefore.size} acked before the backup started, ${ackedDuring} acked while it ran, ${restored.size} in the restored store`);
      // The signing key came with it: the restored collector keeps the same extension id.
      expect(fs.readFileSync(path.join(restoredDir, 'extension-signing-key.pem'))).toEqual(fs.readFileSync(path.join(source.dataDir, 'extension-signing-key.pem')));

      // The restored store runs: staff sign in, devices reconnect with their existing credentials.
      await source.stop();
      const again = new CollectorProcess({ dataDir: restoredDir });
      await again.start();
      try {
        await again.signIn();
        const { devices } = await again.api<{ devices: { id: string }[] }>('GET', '/api/devices');
        expect(devices.map((d) => d.id).sort()).toEqual(load.clients.map((c) => c.creds.deviceId).sort());
        const device = await new DeviceClient(again.url, load.clients[0]!.creds).open();
        const ack = await device.sendEvents([{ id: 'after-restore-1', at: new Date().toISOString(), type: 'blocked', url: 'https://x.example/', rule: 'search' }]);
        expect(ack.stored).toEqual(['after-restore-1']);
        device.close();
      } finally {
        await again.stop();
      }
    } finally {
      await load.stop();
      await source.stop();
      source.cleanup();
    }
  });

  it('restore refuses to overwrite a store, a non-backup or a damaged file, and --force keeps the old one aside', async () => {
    const dir = path.join(tmp, 'refuse');
    fs.mkdirSync(dir);
    const notSqlite = path.join(tmp, 'notes.txt');
    fs.writeFileSync(notSqlite, 'hello');
    expect(() => restoreSqlite(notSqlite, dir)).toThrow(/not a SQLite backup/);
    const other = path.join(tmp, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => restoreSqlite(other, dir)).toThrow(/not a collector backup/);
    const good = path.join(tmp, 'nightly.sqlite');
    restoreSqlite(good, dir);
    expect(() => restoreSqlite(good, dir)).toThrow(/already has a store.*--force/);
    const r = restoreSqlite(good, dir, { force: true });
    expect(r.movedAside).toBeDefined();
    expect(fs.readdirSync(r.movedAside!)).toEqual(expect.arrayContaining(['collector.sqlite', 'extension-signing-key.pem']));
    const truncated = path.join(tmp, 'truncated.sqlite');
    fs.writeFileSync(truncated, fs.readFileSync(good).subarray(0, 8192));
    expect(() => restoreSqlite(truncated, path.join(tmp, 'fresh'))).toThrow(/damaged|malformed|not a database|disk image/i);
    const exists = await cli({ DATA_DIR: dir }, 'backup', good);
    expect(exists.code).toBe(1);
    expect(exists.out).toMatch(/already exists/);
    const pg = await cli({ DATA_DIR: dir, DATABASE_URL: 'postgres://postgres@127.0.0.1/test' }, 'backup', path.join(tmp, 'x'));
    expect(pg.code).toBe(2);
    expect(pg.out).toMatch(/pg_dump --format=custom/);
  });
});
