/**
 * `npm run bench -- soak`: a bounded soak on loopback. Thousands of simulated devices send
 * heartbeats and alerts over WebSockets to a real collector process (SQLite) while dashboards
 * are connected (live sockets, and one polling the alert list). Prints throughput, p99 ack
 * latency, the collector's RSS over time, and a final reconciliation (sent = stored).
 *
 * Peer (same run, same load, shorter): a bare ws + SQLite server that only parses, inserts and
 * acks (test/bench/soak-peer.ts) — the floor any collector's figures sit above.
 *
 * Knobs (env): SOAK_SECONDS (45), SOAK_DEVICES (2000), SOAK_ALERTS_PER_SEC (200),
 * SOAK_HEARTBEAT_SEC (15), SOAK_DASHBOARDS (5), SOAK_PEER_SECONDS (min(20, SOAK_SECONDS/2)),
 * SOAK_PEER_SYNCHRONOUS (FULL, as the collector; NORMAL = the peer without fsync).
 * Defaults finish in under 3 minutes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { wsProtocols } from '../../shared/protocol/messages';
import { ROOT } from '../support/build-extension';
import { CollectorProcess, TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../support/collector-process';
import { enrol } from '../support/device-client';
import { type LoadResult, percentile, runLoad } from '../support/fault-load';
import { openLive } from '../support/live-client';
import { StaffClient } from '../support/staff-client';

const env = (k: string, d: number) => Number(process.env[k] ?? d);

function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

const log = (s: string) => process.stdout.write(`${s}\n`);

function summarise(name: string, r: LoadResult, rss: number[]): Record<string, number> {
  const f = {
    [`${name}_devices_connected`]: r.connected,
    [`${name}_batches_per_s`]: Math.round(r.batchesAcked / r.elapsedS),
    [`${name}_events_per_s`]: Math.round(r.eventsSent / r.elapsedS),
    [`${name}_ack_p50_ms`]: Number(percentile(r.latenciesMs, 50).toFixed(2)),
    [`${name}_ack_p99_ms`]: Number(percentile(r.latenciesMs, 99).toFixed(2)),
    [`${name}_ack_max_ms`]: Number(percentile(r.latenciesMs, 100).toFixed(2)),
    [`${name}_rss_start_mb`]: rss[0] ?? NaN,
    [`${name}_rss_max_mb`]: Math.max(...rss),
    [`${name}_rss_end_mb`]: rss.at(-1) ?? NaN,
  };
  return f;
}

export async function run(): Promise<Record<string, unknown>> {
  const seconds = env('SOAK_SECONDS', 45);
  const devices = env('SOAK_DEVICES', 2000);
  const alertsPerSec = env('SOAK_ALERTS_PER_SEC', 200);
  const heartbeatEverySec = env('SOAK_HEARTBEAT_SEC', 15);
  const dashboards = env('SOAK_DASHBOARDS', 5);
  const peerSeconds = env('SOAK_PEER_SECONDS', Math.min(20, Math.round(seconds / 2)));
  log(`soak: ${devices} devices, heartbeat every ${heartbeatEverySec} s, ${alertsPerSec} alerts/s, ${dashboards} dashboards, ${seconds} s (peer ${peerSeconds} s)`);

  // ---------- ours ----------
  const collector = new CollectorProcess({ env: { LOG_LEVEL: 'error', JOBS: '0' } });
  await collector.start();
  const figures: Record<string, unknown> = { devices, seconds, alerts_per_s_offered: alertsPerSec, heartbeat_every_s: heartbeatEverySec, dashboards };
  try {
    const t0 = Date.now();
    const creds: { deviceId: string; secret: string }[] = [];
    for (let i = 0; i < devices; i += 25) {
      creds.push(...(await Promise.all(Array.from({ length: Math.min(25, devices - i) }, (_, j) => enrol(collector.url, { name: `soak-${i + j}` })))));
    }
    figures.enrol_per_s = Math.round(devices / ((Date.now() - t0) / 1000));
    const { cookie } = await new StaffClient(collector.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    const lives = await Promise.all(Array.from({ length: dashboards }, () => openLive(collector.url, cookie)));
    // One dashboard also reloads its alert list every 2 s, the way a DSL's screen refreshes filters.
    const pollMs: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t = performance.now();
        const res = await fetch(`${collector.url}/api/dashboard/alerts?limit=100`, { headers: { cookie } });
        await res.text();
        if (res.ok) pollMs.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 2000));
      }
    })();
    const rss: number[] = [rssMb(collector.pid)];
    const rssTimeline: [number, number][] = [[0, rss[0]!]];
    const result = await runLoad(
      { url: collector.url.replace(/^http/, 'ws') + '/api/v1/device/ws', devices: creds.map((c) => ({ id: c.deviceId, protocols: wsProtocols(c.deviceId, c.secret) })) },
      {
        seconds,
        alertsPerSec,
        heartbeatEverySec,
        onSecond: (s) => {
          if (s % 5 === 0) {
            const mb = rssMb(collector.pid);
            rss.push(mb);
            rssTimeline.push([s, mb]);
            log(`  t=${s}s collector RSS ${mb} MB`);
          }
        },
      },
    );
    polling = false;
    await poller;
    rss.push(rssMb(collector.pid));
    // Reconciliation straight from the collector's SQLite file.
    const db = new Database(path.join(collector.dataDir, 'collector.sqlite'), { readonly: true });
    const stored = new Set((db.prepare("SELECT client_id AS c FROM events WHERE client_id LIKE 'al%'").all() as { c: string }[]).map((r) => r.c));
    const alertsStored = db.prepare('SELECT count(*) AS n FROM alerts').pluck().get() as number;
    db.close();
    const lost = result.durableSent.filter((id) => !stored.has(id)).length;
    const liveCounts = lives.map((l) => l.messages.filter((m) => m.type === 'alert').length);
    for (const l of lives) l.ws.close();
    Object.assign(figures, summarise('ours', result, rss), {
      ours_durable_sent: result.durableSent.length,
      ours_durable_acked: result.durableAcked,
      ours_durable_stored: stored.size,
      ours_events_lost: lost,
      ours_alerts_stored: alertsStored,
      ours_live_alerts_per_dashboard_min: Math.min(...liveCounts),
      ours_live_alerts_per_dashboard_max: Math.max(...liveCounts),
      ours_dashboard_list_p99_ms: Number(percentile(pollMs, 99).toFixed(1)),
      ours_errors: result.errors,
      ours_connect_failures: result.connectFailures,
      ours_rss_timeline_mb: rssTimeline,
    });
    log(`ours: ${result.connected} devices, ${figures.ours_batches_per_s} batches/s, ack p50 ${figures.ours_ack_p50_ms} ms p99 ${figures.ours_ack_p99_ms} ms, RSS ${figures.ours_rss_start_mb}→${figures.ours_rss_max_mb} MB max`);
    log(`ours reconciliation: sent ${result.durableSent.length}, acked ${result.durableAcked}, stored ${stored.size}, lost ${lost}; alerts ${alertsStored}, live per dashboard ${Math.min(...liveCounts)}..${Math.max(...liveCounts)}`);
  } finally {
    await collector.stop();
    collector.cleanup();
  }

  // ---------- peer ----------
  if (peerSeconds > 0) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-soak-peer-'));
    const peerSync = process.env.SOAK_PEER_SYNCHRONOUS ?? 'FULL';
    figures.peer_synchronous = peerSync;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test', 'bench', 'soak-peer.ts'), dir], {
      cwd: ROOT,
      env: { ...process.env, PEER_SYNCHRONOUS: peerSync },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (d) => {
          out += d;
          const m = /PEER_READY (\{.*\})/.exec(out);
          if (m) resolve((JSON.parse(m[1]!) as { port: number }).port);
        });
        child.once('exit', (c) => reject(new Error(`peer exited ${c}`)));
      });
      const rss = [rssMb(child.pid)];
      const r = await runLoad(
        { url: `ws://127.0.0.1:${port}/`, devices: Array.from({ length: devices }, (_, i) => ({ id: `p${i}`, protocols: [] })) },
        { seconds: peerSeconds, alertsPerSec, heartbeatEverySec, onSecond: (s) => s % 5 === 0 && rss.push(rssMb(child.pid)) },
      );
      rss.push(rssMb(child.pid));
      Object.assign(figures, summarise('peer', r, rss), { peer_seconds: peerSeconds, peer_durable_sent: r.durableSent.length, peer_durable_acked: r.durableAcked });
      log(`peer (bare ws + SQLite, synchronous=${peerSync}): ${r.connected} devices, ${figures.peer_batches_per_s} batches/s, ack p50 ${figures.peer_ack_p50_ms} ms p99 ${figures.peer_ack_p99_ms} ms, RSS max ${figures.peer_rss_max_mb} MB`);
    } finally {
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}
