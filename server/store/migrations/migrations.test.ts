import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgSchema, pgUnavailableReason } from '../../../test/support/pg';
import { pgDb } from '../pg/db';
import { migratePg } from '../pg/migrate';
import { migrateSqlite } from '../sqlite/migrate';
import { orderMigrations, type Migration } from './migration';
import { PG_MIGRATIONS } from './pg';
import { SQLITE_MIGRATIONS } from './sqlite';
import pg from 'pg';

const m = (version: number, sql: string): Migration => ({ version, name: `m${version}`, sql });

describe('migration numbering', () => {
  it('orders migrations from several owners ascending and tolerates gaps', () => {
    expect(orderMigrations([m(2, ''), m(1, '')], [m(20, '')], [m(41, '')]).map((x) => x.version)).toEqual([1, 2, 20, 41]);
  });
  it('refuses two migrations with one number, naming both', () => {
    expect(() => orderMigrations([m(3, '')], [{ version: 3, name: 'other', sql: '' }])).toThrow(/two migrations share number 3: "m3" and "other"/);
  });
  it('keeps each owner inside its reserved range in the shipped lists', () => {
    for (const list of [SQLITE_MIGRATIONS, PG_MIGRATIONS]) for (const x of list) expect(x.version).toBeGreaterThanOrEqual(1);
  });
});

describe('SQLite migration runner', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-mig-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  it('applies pending migrations in order, records them, and applies a later one across a gap', () => {
    const db = new Database(path.join(dir, 'a.sqlite'));
    expect(migrateSqlite(db, [m(1, 'CREATE TABLE a (x INTEGER)'), m(5, 'ALTER TABLE a ADD COLUMN y TEXT')])).toEqual([1, 5]);
    expect(migrateSqlite(db, [m(1, 'CREATE TABLE a (x INTEGER)'), m(5, 'x'), m(20, 'CREATE TABLE b (z TEXT)')])).toEqual([20]);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([1, 5, 20]);
    db.close();
  });
  it('rolls a failing migration back completely and reports it', () => {
    const db = new Database(path.join(dir, 'b.sqlite'));
    expect(() => migrateSqlite(db, [m(1, 'CREATE TABLE a (x INTEGER); CREATE TABLE broken (')])).toThrow();
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'a'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(0);
    db.close();
  });
});

const pgReason = await pgUnavailableReason();
describe.skipIf(!!pgReason)('PostgreSQL migration runner', () => {
  it('applies across gaps, records versions, and two instances migrating at once do not collide', async () => {
    const schema = await createPgSchema();
    const pools = [new pg.Pool({ connectionString: schema.url }), new pg.Pool({ connectionString: schema.url })];
    try {
      const list = [m(1, 'CREATE TABLE a (x INTEGER)'), m(7, 'ALTER TABLE a ADD COLUMN y TEXT')];
      const ran = await Promise.all(pools.map((p) => migratePg(pgDb(p), list)));
      expect(ran.map((r) => r.length).sort()).toEqual([0, 2]);
      expect(await migratePg(pgDb(pools[0]!), [...list, m(21, 'CREATE TABLE b (z TEXT)')])).toEqual([21]);
      const rows = await pools[0]!.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.rows.map((r) => r.version)).toEqual([1, 7, 21]);
      await expect(migratePg(pgDb(pools[0]!), [m(30, 'CREATE TABLE c (x INTEGER); CREATE TABLE broken (')])).rejects.toThrow();
      expect((await pools[0]!.query("SELECT to_regclass('c') AS t")).rows[0].t).toBeNull();
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await schema.drop();
    }
  });
});
