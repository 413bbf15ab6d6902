/**
 * The soak benchmark's peer: the least any collector must do per batch, with nothing else —
 * a bare `ws` server that parses JSON, inserts the events into SQLite (WAL, INSERT OR IGNORE,
 * one transaction per batch) and acks. Commits are fsynced (synchronous=FULL) like the
 * collector's, so an ack means the same thing in both; PEER_SYNCHRONOUS=NORMAL shows the floor
 * without the fsync. No authentication, validation, rate limits, alerts or
 * dashboards. Run as its own process: `node --import tsx test/bench/soak-peer.ts DIR`.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { WebSocketServer } from 'ws';

const db = new Database(path.join(process.argv[2] ?? '.', 'peer.sqlite'));
db.pragma('journal_mode = WAL');
const sync = process.env.PEER_SYNCHRONOUS ?? 'FULL';
if (!['FULL', 'NORMAL'].includes(sync)) throw new Error(`PEER_SYNCHRONOUS must be FULL or NORMAL, not ${sync}`);
db.pragma(`synchronous = ${sync}`);
db.exec('CREATE TABLE IF NOT EXISTS events (device TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL, UNIQUE (device, id))');
const insert = db.prepare('INSERT OR IGNORE INTO events (device, id, payload) VALUES (?, ?, ?)');
const batch = db.transaction((device: string, events: { id: string; type: string }[]) => {
  for (const e of events) if (e.type !== 'heartbeat') insert.run(device, e.id, JSON.stringify(e));
});
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false }, () => {
  const address = wss.address();
  process.stdout.write(`PEER_READY ${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});
let n = 0;
wss.on('connection', (ws) => {
  const device = `d${n++}`;
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { batchId: string; events: { id: string; type: string }[] };
    batch(device, m.events);
    ws.send(JSON.stringify({ v: 1, type: 'ack', batchId: m.batchId, stored: m.events.map((e) => e.id), rejected: [] }));
  });
});
