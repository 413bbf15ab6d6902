import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's PostgreSQL (trust auth). Override with TEST_DATABASE_URL. */
export const PG_BASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Why PostgreSQL tests cannot run here, or null when they can. With CI=true an unreachable
 * server is a failure (throws), never a skip. Elsewhere the reason is printed and tests skip.
 */
export async function pgUnavailableReason(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_BASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    const reason = `PostgreSQL at ${PG_BASE_URL} unreachable: ${err instanceof Error ? err.message : String(err)}`;
    if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: PostgreSQL tests must run)`);
    process.stderr.write(`SKIPPING PostgreSQL tests: ${reason}\n`);
    return reason;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface PgTestSchema {
  schema: string;
  /** A DATABASE_URL whose connections use only this schema (search_path). */
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh schema of its own for one test (file), so parallel test files never see each
 * other's tables or NOTIFY channels. Drop it afterwards.
 */
export async function createPgSchema(prefix = 't'): Promise<PgTestSchema> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_BASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const sep = PG_BASE_URL.includes('?') ? '&' : '?';
  return {
    schema,
    url: `${PG_BASE_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    async drop() {
      const c = new pg.Client({ connectionString: PG_BASE_URL });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
