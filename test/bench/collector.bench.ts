/**
 * `npm run bench -- collector [ingest] [connections] [latency]` (default: all three).
 * Real WebSocket clients on loopback against a real collector process (bundled like `npm start`):
 *   - durable ingest rate on SQLite and PostgreSQL, beside single-row inserts on the same database
 *     (what a naive collector would do per event) measured in the same run;
 *   - RSS with 10,000 idle device connections, beside a raw `ws` echo server holding the same;
 *   - p50/p99 from a device sending an alert to a signed-in dashboard socket receiving it at
 *     1,000 events/s, beside a raw `ws` relay that stores and checks nothing.
 * Targets (issue 7): >= 50,000 events/s SQLite, >= 20,000 PostgreSQL, 10,000 connections under
 * 250 MB, p99 under 500 ms. Printed beside the figures, never asserted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import WebSocket from 'ws';
import { hashToken } from '../../server/security/secrets';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../support/collector-process';
import { createPgSchema, pgUnavailableReason } from '../support/pg';
import { BenchCollector, bundleCollector, rssMb } from './collector-process';
import { batchText, driveIngest, enrolDevice, openDevice, percentile, type Creds } from './collector-load';
import { PeerServer } from './collector-peers';

const out = (line: string) => process.stdout.write(line + '\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number) => Math.round(n);

const INGEST_DEVICES = 16;
const INGEST_SECONDS = 8;
const BASELINE_SECONDS = 3;
const IDLE_CONNECTIONS = 10_000;
const LATENCY_DEVICES = 20;
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const LATENCY_RATE = 1000;

// ---------- ingest ----------

async function singleRowSqlite(seconds: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-bench-base-'));
  const db = new Database(path.join(dir, 'b.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE events (pk INTEGER PRIMARY KEY, device_id TEXT, client_id TEXT, type TEXT, at TEXT, payload TEXT, UNIQUE (device_id, client_id))');
  const ins = db.prepare('INSERT INTO events (device_id, client_id, type, at, payload) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const at = new Date().toISOString();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    // One row, one transaction, one fsync: the ack-per-event design.
    for (let i = 0; i < 50; i++, n++) ins.run('dev', `e${n}`, 'blocked', at, '{"url":"https://games.example/"}');
  }
  const rate = n / ((performance.now() - t0) / 1000);
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return rate;
}

async function singleRowPg(url: string, seconds: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE TABLE base_events (pk BIGSERIAL PRIMARY KEY, device_id TEXT, client_id TEXT, type TEXT, at TEXT, payload TEXT, UNIQUE (device_id, client_id))');
  const at = new Date().toISOString();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    await client.query('INSERT INTO base_events (device_id, client_id, type, at, payload) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      'dev',
      `e${n++}`,
      'blocked',
      at,
      '{"url":"https://games.example/"}',
    ]);
  }
  const rate = n / ((performance.now() - t0) / 1000);
  await client.end();
  return rate;
}

async function ingest(bundle: string, figures: Record<string, unknown>, pgOnly = false): Promise<void> {
  out('\n== Durable ingest (events acknowledged after commit) ==');
  // SQLite
  if (!pgOnly) {
    const c = await new BenchCollector(bundle).start();
    const devices = await Promise.all(Array.from({ length: INGEST_DEVICES }, (_, i) => enrolDevice(c.url, `bench-${i}`)));
    await driveIngest(c.url, devices.slice(0, 2), 1); // warm up
    const { acked, elapsedMs } = await driveIngest(c.url, devices, INGEST_SECONDS);
    const file = path.join(c.dataDir, 'collector.sqlite');
    await c.stop().catch(() => undefined);
    const rate = acked / (elapsedMs / 1000);
    const base = await singleRowSqlite(BASELINE_SECONDS);
    out(`SQLite   ours ${round(rate).toLocaleString()} events/s (${acked.toLocaleString()} acked in ${(elapsedMs / 1000).toFixed(1)} s, ${INGEST_DEVICES} sockets, batches of 500)`);
    out(`         peer single-row inserts (synchronous=FULL, same machine): ${round(base).toLocaleString()} events/s   target >= 50,000`);
    figures.ingest_sqlite_events_per_s = round(rate);
    figures.ingest_sqlite_single_row_events_per_s = round(base);
    void file;
  }
  // PostgreSQL
  const reason = await pgUnavailableReason().catch((e) => String(e));
  if (reason) {
    out(`PostgreSQL skipped: ${reason}`);
    figures.ingest_pg_events_per_s = null;
    return;
  }
  const schema = await createPgSchema('bench');
  try {
    const c = await new BenchCollector(bundle, { DATABASE_URL: schema.url }).start();
    const devices = await Promise.all(Array.from({ length: INGEST_DEVICES }, (_, i) => enrolDevice(c.url, `bench-${i}`)));
    await driveIngest(c.url, devices.slice(0, 2), 1);
    const { acked, elapsedMs } = await driveIngest(c.url, devices, INGEST_SECONDS);
    await c.stop();
    const check = new pg.Client({ connectionString: schema.url });
    await check.connect();
    const stored = Number((await check.query('SELECT count(*) AS n FROM events')).rows[0].n);
    await check.end();
    const rate = acked / (elapsedMs / 1000);
    const base = await singleRowPg(schema.url, BASELINE_SECONDS);
    out(`Postgres ours ${round(rate).toLocaleString()} events/s (${acked.toLocaleString()} acked; ${stored.toLocaleString()} rows stored incl. warm-up)`);
    out(`         peer single-row inserts (autocommit, same server): ${round(base).toLocaleString()} events/s   target >= 20,000`);
    figures.ingest_pg_events_per_s = round(rate);
    figures.ingest_pg_single_row_events_per_s = round(base);
  } finally {
    await schema.drop();
  }
}

// ---------- idle connections ----------

function fdLimit(): number {
  const m = /Max open files\s+(\d+)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
  return m ? Number(m[1]) : 1024;
}

async function openMany(n: number, open: (i: number) => Promise<WebSocket>): Promise<WebSocket[]> {
  const all: WebSocket[] = [];
  for (let i = 0; i < n; i += 500) {
    all.push(...(await Promise.all(Array.from({ length: Math.min(500, n - i) }, (_, j) => open(i + j)))));
  }
  return all;
}

async function settleRss(pid: number): Promise<number> {
  let last = 0;
  for (let i = 0; i < 6; i++) {
    await sleep(500);
    last = rssMb(pid);
  }
  return last;
}

async function connections(bundle: string, figures: Record<string, unknown>): Promise<void> {
  out('\n== Memory with idle device connections ==');
  const limit = fdLimit();
  const n = Math.min(IDLE_CONNECTIONS, limit - 500);
  out(`open-file limit here: ${limit}${n < IDLE_CONNECTIONS ? ` (too low for ${IDLE_CONNECTIONS}; measuring ${n})` : ''}`);
  const c = await new BenchCollector(bundle).start();
  try {
    // Enrol n devices directly in the collector's SQLite file (10,000 HTTP enrolments would only time the enrolment path).
    const secret = 'bench-secret-0123456789abcdefghijklmnopqrstuvw';
    const db = new Database(path.join(c.dataDir, 'collector.sqlite'));
    db.pragma('busy_timeout = 5000');
    const school = db.prepare('SELECT id FROM schools LIMIT 1').pluck().get() as string;
    const ins = db.prepare("INSERT INTO devices (id, school_id, secret_hash, kind, created_at) VALUES (?, ?, ?, 'extension', ?)");
    const now = new Date().toISOString();
    db.transaction(() => {
      for (let i = 0; i < n; i++) ins.run(`dev_idle${i}`, school, hashToken(secret), now);
    })();
    db.close();
    const before = await settleRss(c.pid);
    const t0 = performance.now();
    const sockets = await openMany(n, (i) => openDevice(c.url, { deviceId: `dev_idle${i}`, secret }));
    const openMs = performance.now() - t0;
    const ours = await settleRss(c.pid);
    for (const ws of sockets) ws.terminate();

    const peer = await new PeerServer('echo').start();
    const peerBefore = await settleRss(peer.pid);
    const peerSockets = await openMany(n, () => new Promise((resolve, reject) => {
      const ws = new WebSocket(`${peer.url}/device`, { perMessageDeflate: false });
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    }));
    const peerRss = await settleRss(peer.pid);
    for (const ws of peerSockets) ws.terminate();
    await peer.stop();

    out(`collector   ${ours.toFixed(0)} MB RSS with ${n.toLocaleString()} authenticated idle sockets (${before.toFixed(0)} MB before; ${(((ours - before) * 1024) / n).toFixed(1)} kB each; opened in ${(openMs / 1000).toFixed(1)} s)   target < 250 MB`);
    out(`peer raw ws ${peerRss.toFixed(0)} MB RSS with the same (${peerBefore.toFixed(0)} MB before; ${(((peerRss - peerBefore) * 1024) / n).toFixed(1)} kB each)`);
    figures.idle_connections = n;
    figures.rss_idle_connections_mb = round(ours);
    figures.rss_before_connections_mb = round(before);
    figures.rss_idle_raw_ws_mb = round(peerRss);
    figures.rss_raw_ws_before_mb = round(peerBefore);
  } finally {
    await c.stop();
  }
}

// ---------- alert -> dashboard latency ----------

/** Devices send alerts at LATENCY_RATE events/s in total; returns latencies (ms) seen at the dashboard. */
async function paceAlerts(devices: WebSocket[], received: Map<string, number>, seconds: number): Promise<number[]> {
  const perDevicePerTick = Math.max(1, Math.round(LATENCY_RATE / devices.length / 10)); // ticks of 100 ms
  const sent = new Map<string, number>();
  const at = new Date().toISOString();
  let n = 0;
  const timers = devices.map((ws, di) => {
    const tick = () => {
      const events: string[] = [];
      const t = performance.timeOrigin + performance.now();
      for (let k = 0; k < perDevicePerTick; k++) {
        const id = `L${di}x${n++}`;
        sent.set(id, t);
        events.push(`{"id":"${id}xxxxxx","at":"${at}","type":"keyword_alert","term":"hate you","category":"bullying","severity":3,"context":"i hate you","matchStart":2,"matchEnd":10,"source":"input"}`);
      }
      ws.send(`{"v":1,"type":"events","batchId":"lat-${di}-${n}-batch","events":[${events.join(',')}]}`);
    };
    let timer: NodeJS.Timeout | undefined;
    const start = setTimeout(() => (timer = setInterval(tick, 100)), (di * 100) / devices.length);
    return () => (clearTimeout(start), clearInterval(timer));
  });
  await sleep(seconds * 1000);
  for (const stop of timers) stop();
  await sleep(1500);
  const lat: number[] = [];
  const missing: string[] = [];
  for (const [id, t] of sent) {
    const r = received.get(`${id}xxxxxx`);
    if (r === undefined) missing.push(id);
    lat.push(r === undefined ? Infinity : r - t);
  }
  if (missing.length) out(`  not seen: ${missing.slice(0, 10).join(', ')}`);
  return lat.sort((a, b) => a - b);
}

async function latency(bundle: string, figures: Record<string, unknown>): Promise<void> {
  out(`\n== Alert to dashboard at ${LATENCY_RATE.toLocaleString()} events/s ==`);
  const c = await new BenchCollector(bundle).start();
  try {
    const login = await fetch(`${c.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const received = new Map<string, number>();
    const live = new WebSocket(c.url.replace('http', 'ws') + '/api/live', { headers: { cookie } });
    live.on('message', (d) => {
      const t = performance.timeOrigin + performance.now();
      const m = JSON.parse(String(d)) as { type: string; alert?: { eventId: string } };
      if (m.type === 'alert') received.set(m.alert!.eventId, t);
    });
    await new Promise((r, j) => (live.once('open', r), live.once('error', j)));
    const creds: Creds[] = await Promise.all(Array.from({ length: LATENCY_DEVICES }, (_, i) => enrolDevice(c.url, `lat-${i}`)));
    const devices = await Promise.all(creds.map((d) => openDevice(c.url, d)));
    const lat = await paceAlerts(devices, received, LATENCY_SECONDS);
    devices.forEach((d) => d.terminate());
    live.terminate();

    const peer = await new PeerServer('relay').start();
    const peerReceived = new Map<string, number>();
    const dash = new WebSocket(`${peer.url}/dashboard`);
    dash.on('message', (d) => {
      const t = performance.timeOrigin + performance.now();
      const m = JSON.parse(String(d)) as { events: { id: string }[] };
      for (const e of m.events) peerReceived.set(e.id, t);
    });
    await new Promise((r, j) => (dash.once('open', r), dash.once('error', j)));
    const peerDevices = await Promise.all(
      creds.map(() => new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(`${peer.url}/device`);
        ws.once('open', () => resolve(ws));
        ws.once('error', reject);
      })),
    );
    const peerLat = await paceAlerts(peerDevices, peerReceived, LATENCY_SECONDS);
    peerDevices.forEach((d) => d.terminate());
    dash.terminate();
    await peer.stop();

    const lost = lat.filter((x) => !Number.isFinite(x)).length;
    out(`collector   p50 ${percentile(lat, 0.5).toFixed(1)} ms, p99 ${percentile(lat, 0.99).toFixed(1)} ms, max ${lat.at(-1)!.toFixed(1)} ms over ${lat.length.toLocaleString()} alerts (${lost} not seen)   target p99 < 500 ms`);
    out(`peer relay  p50 ${percentile(peerLat, 0.5).toFixed(1)} ms, p99 ${percentile(peerLat, 0.99).toFixed(1)} ms (no parsing, no storage)`);
    figures.alert_to_dashboard_p50_ms = Number(percentile(lat, 0.5).toFixed(1));
    figures.alert_to_dashboard_p99_ms = Number(percentile(lat, 0.99).toFixed(1));
    figures.alert_to_dashboard_lost = lost;
    figures.raw_relay_p50_ms = Number(percentile(peerLat, 0.5).toFixed(1));
    figures.raw_relay_p99_ms = Number(percentile(peerLat, 0.99).toFixed(1));
  } finally {
    await c.stop();
  }
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const which = new Set(args.length ? args : ['ingest', 'connections', 'latency']);
  const figures: Record<string, unknown> = { cpus: os.cpus().length, loadavg_1m: Number(os.loadavg()[0]!.toFixed(2)) };
  const bundle = await bundleCollector();
  if (which.has('ingest') || which.has('ingest-pg')) await ingest(bundle, figures, which.has('ingest-pg'));
  if (which.has('connections')) await connections(bundle, figures);
  if (which.has('latency')) await latency(bundle, figures);
  figures.targets = { ingest_sqlite_events_per_s: 50_000, ingest_pg_events_per_s: 20_000, rss_idle_connections_mb: 250, alert_to_dashboard_p99_ms: 500 };
  return figures;
}
