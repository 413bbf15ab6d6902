import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../log';
import type { ClusterBus, ClusterMessage } from './bus';

/** PostgreSQL's NOTIFY payload limit is 8000 bytes; stay well under it. */
export const MAX_NOTIFY_BYTES = 7500;

/**
 * LISTEN/NOTIFY between collector instances sharing one PostgreSQL database. The channel is
 * named after the schema the store uses, so separate deployments (and parallel test schemas)
 * on one server never hear each other. The listening connection reconnects on loss; messages
 * sent while it was down cannot be replayed, so after a reconnect subscribers are told
 * `{ t: 'resync' }` and re-read what matters from the shared store (see collector.ts).
 */
export class PgBus implements ClusterBus {
  readonly instanceId = randomBytes(8).toString('hex');
  private readonly listeners = new Set<(msg: ClusterMessage) => void>();
  private client: pg.Client | null = null;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private listenedBefore = false;
  channel = '';

  private constructor(
    private readonly connectionString: string,
    private readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {}

  static async start(connectionString: string, pool: pg.Pool, log: Logger): Promise<PgBus> {
    const bus = new PgBus(connectionString, pool, log);
    const schema = (await pool.query('SELECT current_schema() AS s')).rows[0]?.s as string;
    bus.channel = `esafety_${schema}`.replace(/[^a-z0-9_]/gi, '_').slice(0, 63).toLowerCase();
    await bus.listen();
    return bus;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('error', (err) => {
      this.log.warn('cluster bus connection lost; reconnecting', { err: String(err) });
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    client.on('notification', (n) => {
      if (n.channel !== this.channel || !n.payload) return;
      let parsed: { from: string; msg: ClusterMessage };
      try {
        parsed = JSON.parse(n.payload);
      } catch {
        return;
      }
      if (parsed.from === this.instanceId || parsed.msg?.t === 'resync') return;
      this.emit(parsed.msg);
    });
    await client.connect();
    await client.query(`LISTEN ${this.channel}`);
    this.client = client;
    if (this.listenedBefore) {
      this.log.info('cluster bus reconnected; resynchronising from the store');
      this.emit({ t: 'resync' });
    }
    this.listenedBefore = true;
  }

  private emit(msg: ClusterMessage): void {
    for (const l of this.listeners) {
      try {
        l(msg);
      } catch (err) {
        this.log.error('cluster message handler failed', { err: String(err) });
      }
    }
  }

  /** True while the listening connection is up. */
  get listening(): boolean {
    return this.client !== null;
  }

  /** The backend pid of the listening connection (tests kill it to prove the resync). */
  async listenerPid(): Promise<number | null> {
    const c = this.client;
    if (!c) return null;
    return ((await c.query('SELECT pg_backend_pid() AS pid')).rows[0]?.pid as number) ?? null;
  }

  private reconnect(dead: pg.Client): void {
    if (this.closed || this.client !== dead || this.retryTimer) return;
    this.client = null;
    dead.end().catch(() => undefined);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.listen().catch((err) => {
        this.log.warn('cluster bus reconnect failed', { err: String(err) });
        this.client = dead; // let reconnect() schedule the next attempt
        this.reconnect(dead);
      });
    }, 1000);
    this.retryTimer.unref();
  }

  publish(msg: ClusterMessage): void {
    let payload = JSON.stringify({ from: this.instanceId, msg });
    if (Buffer.byteLength(payload) > MAX_NOTIFY_BYTES) {
      if (msg.t === 'live' && msg.event.type === 'alert') {
        payload = JSON.stringify({ from: this.instanceId, msg: { t: 'alert-ref', schoolId: msg.schoolId, alertId: msg.event.alert.id } });
      } else {
        this.log.error('cluster message too large to share; other instances will not see it', { type: msg.t });
        return;
      }
    }
    this.pool.query('SELECT pg_notify($1, $2)', [this.channel, payload]).catch((err) => {
      this.log.error('cluster publish failed', { type: msg.t, err: String(err) });
    });
  }

  subscribe(fn: (msg: ClusterMessage) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
