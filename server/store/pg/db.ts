import pg from 'pg';
import type { Row } from '../rows';

/** A small wrapper over a pg Pool: queries that return plain rows, and transactions. */
export interface PgDb {
  readonly pool: pg.Pool;
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  one(sql: string, params?: unknown[]): Promise<Row | null>;
  /** Run fn in one transaction on one connection; retried once on deadlock/serialisation failure. */
  tx<T>(fn: (q: (sql: string, params?: unknown[]) => Promise<Row[]>) => Promise<T>): Promise<T>;
}

const RETRYABLE = new Set(['40P01', '40001']);

export function pgDb(pool: pg.Pool): PgDb {
  const query = async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows as Row[];
  return {
    pool,
    query,
    async one(sql, params) {
      return (await query(sql, params))[0] ?? null;
    },
    async tx(fn) {
      for (let attempt = 0; ; attempt++) {
        const client = await pool.connect();
        // A checked-out client has no pool error listener: a connection killed between two
        // statements (failover, pg_terminate_backend) would emit an unhandled 'error' and take
        // the process down. Note it, and destroy the client instead of returning it to the pool.
        let broken: Error | undefined;
        const onError = (err: Error) => (broken = err);
        client.on('error', onError);
        try {
          await client.query('BEGIN');
          const result = await fn(async (sql, params) => (await client.query(sql, params)).rows as Row[]);
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          if (attempt < 2 && RETRYABLE.has((err as { code?: string }).code ?? '')) continue;
          throw err;
        } finally {
          client.removeListener('error', onError);
          client.release(broken);
        }
      }
    },
  };
}
