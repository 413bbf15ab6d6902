import WebSocket from 'ws';
import type { DeviceEvent } from '../../shared/protocol/events';
import { blockedEvent, heartbeatEvent, keywordEvent } from './fault-events';

/**
 * Many simulated devices on loopback WebSockets: each sends a heartbeat every so often and the
 * fleet sends alerts at a steady total rate, every batch timed from send to ack. Used by the
 * soak benchmark against the collector and against a minimal peer with the same load.
 */
export interface LoadTarget {
  url: string;
  devices: { id: string; protocols: string[] }[];
}

export interface LoadOptions {
  seconds: number;
  alertsPerSec: number;
  heartbeatEverySec: number;
  /** Called every second with the elapsed seconds (for RSS sampling). */
  onSecond?: (s: number) => void;
}

export interface LoadResult {
  connected: number;
  connectFailures: number;
  batchesSent: number;
  batchesAcked: number;
  eventsSent: number;
  /** Non-heartbeat events sent and acknowledged: what the store must hold. */
  durableSent: string[];
  durableAcked: number;
  latenciesMs: number[];
  errors: Record<string, number>;
  elapsedS: number;
}

export const percentile = (xs: number[], p: number): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

export async function runLoad(target: LoadTarget, o: LoadOptions): Promise<LoadResult> {
  const r: LoadResult = { connected: 0, connectFailures: 0, batchesSent: 0, batchesAcked: 0, eventsSent: 0, durableSent: [], durableAcked: 0, latenciesMs: [], errors: {}, elapsedS: 0 };
  const pending = new Map<string, { t: number; durable: number }>();
  const sockets: WebSocket[] = [];
  const err = (k: string) => (r.errors[k] = (r.errors[k] ?? 0) + 1);
  // Connect in waves so the listen backlog is not the thing under test.
  for (let i = 0; i < target.devices.length; i += 200) {
    await Promise.all(
      target.devices.slice(i, i + 200).map(
        (d) =>
          new Promise<void>((resolve) => {
            const ws = new WebSocket(target.url, d.protocols, { perMessageDeflate: false });
            ws.on('open', () => {
              r.connected++;
              sockets.push(ws);
              resolve();
            });
            ws.on('message', (data) => {
              const m = JSON.parse(String(data)) as { type: string; batchId?: string; stored?: string[]; code?: string };
              if (m.type === 'ack' && m.batchId) {
                const p = pending.get(m.batchId);
                if (!p) return;
                pending.delete(m.batchId);
                r.batchesAcked++;
                r.durableAcked += p.durable;
                r.latenciesMs.push(performance.now() - p.t);
              } else if (m.type === 'error') err(`error.${m.code}`);
            });
            ws.on('error', () => {
              err('socket_error');
              resolve();
            });
            ws.on('close', (code) => {
              if (code !== 1000 && code !== 1005) err(`close.${code}`);
            });
            ws.on('unexpected-response', () => {
              r.connectFailures++;
              resolve();
            });
          }),
      ),
    );
  }
  let seq = 0;
  const send = (ws: WebSocket, events: DeviceEvent[]) => {
    if (ws.readyState !== WebSocket.OPEN) return err('send_on_closed');
    const batchId = `s${(seq++).toString(36).padStart(9, '0')}`;
    const durable = events.filter((e) => e.type !== 'heartbeat');
    for (const e of durable) r.durableSent.push(e.id);
    pending.set(batchId, { t: performance.now(), durable: durable.length });
    r.batchesSent++;
    r.eventsSent += events.length;
    ws.send(JSON.stringify({ v: 1, type: 'events', batchId, events }));
  };
  const started = performance.now();
  const tickMs = 50;
  const ticks = Math.round((o.seconds * 1000) / tickMs);
  // Heartbeats spread evenly over the interval; alerts from devices in turn.
  const hbPerTick = (sockets.length * tickMs) / (o.heartbeatEverySec * 1000);
  const alertsPerTick = (o.alertsPerSec * tickMs) / 1000;
  let hbDebt = 0;
  let alertDebt = 0;
  let hbNext = 0;
  let alertNext = 0;
  let lastSecond = 0;
  for (let t = 0; t < ticks; t++) {
    hbDebt += hbPerTick;
    alertDebt += alertsPerTick;
    for (; hbDebt >= 1; hbDebt--) send(sockets[hbNext++ % sockets.length]!, [heartbeatEvent(`hb${seq.toString(36).padStart(10, '0')}`)]);
    for (; alertDebt >= 1; alertDebt--) {
      const id = `al${seq.toString(36).padStart(10, '0')}`;
      send(sockets[alertNext++ % sockets.length]!, [seq % 4 === 0 ? keywordEvent(id) : blockedEvent(id)]);
    }
    const due = started + (t + 1) * tickMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((res) => setTimeout(res, wait));
    const s = Math.floor((performance.now() - started) / 1000);
    if (s > lastSecond) {
      lastSecond = s;
      o.onSecond?.(s);
    }
  }
  r.elapsedS = (performance.now() - started) / 1000;
  // Let every outstanding batch be acknowledged (or give up after 30 s and report it).
  const deadline = Date.now() + 30_000;
  while (pending.size && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
  if (pending.size) r.errors.unacknowledged_batches = pending.size;
  for (const ws of sockets) ws.close(1000);
  return r;
}
