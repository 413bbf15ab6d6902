/**
 * `npm run bench -- dashboard [--alerts N]`: how quickly the DSL's screens load from a school's
 * year of alerts on the embedded SQLite store (default 100,000 alerts, 600 pupils on the roster).
 *
 * Ours: the dashboard's alert list (roster join, severity-then-time order, 200 rows; unfiltered
 * and filtered by year group), the report aggregates for a term, and the CPOMS CSV of 500 alerts.
 * Peer, same run, same data: the collector's plain alert list (`Store.listAlerts`, no join) and
 * csv-stringify on the same 500 rows without our formula neutralising and record shaping.
 * Target: every screen's query under 100 ms (a page that feels instant to the DSL).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { stringify } from 'csv-stringify/sync';
import { incidentsCsv } from '../../server/export/csv-export';
import { incidentRecord } from '../../server/export/incident-record';
import { openSqliteStore } from '../../server/store/sqlite';
import type { DeviceEvent } from '../../shared/protocol/events';
import { CATEGORIES } from '../../shared/protocol/categories';

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(fn: () => Promise<unknown> | unknown, runs = 15): Promise<number> {
  await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    t.push(performance.now() - s);
  }
  return Math.round(median(t) * 100) / 100;
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const n = Number(args[args.indexOf('--alerts') + 1]) || 100_000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-dash-bench-'));
  const store = openSqliteStore(path.join(dir, 'collector.sqlite'));
  const school = 'bench-school';
  try {
    await store.ensureSchool(school, 'Bench School');
    const pupils = Array.from({ length: 600 }, (_, i) => ({ user: `pupil${i}`, name: `Pupil ${i}`, className: `${1 + (i % 6)}${'ABC'[i % 3]}`, yearGroup: `Year ${1 + (i % 6)}` }));
    await store.replaceRoster(school, pupils);
    const devices = 50;
    for (let d = 0; d < devices; d++) await store.createDevice({ id: `dev${d}`, schoolId: school, secretHash: 'h', kind: 'extension', name: `PC-${d}` });
    const start = Date.now() - 365 * 86_400_000;
    const seedStart = performance.now();
    for (let b = 0; b < n / 1000; b++) {
      const events: DeviceEvent[] = Array.from({ length: 1000 }, (_, i) => {
        const k = b * 1000 + i;
        const term = `term${k % 300}`;
        return {
          id: `e${k.toString().padStart(8, '0')}`,
          at: new Date(start + Math.floor((k / n) * 365 * 86_400_000)).toISOString(),
          type: 'keyword_alert',
          term,
          category: CATEGORIES[k % CATEGORIES.length]!,
          severity: 1 + (k % 5),
          context: `some words around ${term} and more`,
          matchStart: 19,
          matchEnd: 19 + term.length,
          source: 'input',
          url: 'https://example.org/page',
          user: `pupil${k % 650}`,
        } as DeviceEvent;
      });
      await store.ingest({ schoolId: school, deviceId: `dev${b % devices}`, ip: '10.0.0.1', receivedAt: new Date().toISOString() }, events);
    }
    const seedMs = performance.now() - seedStart;
    const termSince = new Date(Date.now() - 120 * 86_400_000).toISOString();
    const now = new Date().toISOString();

    const oursList = await time(() => store.listDashboardAlerts({ schoolId: school, limit: 200 }));
    const oursYear = await time(() => store.listDashboardAlerts({ schoolId: school, yearGroup: 'Year 5', limit: 200 }));
    const oursOpen = await time(() => store.listDashboardAlerts({ schoolId: school, status: ['new', 'reviewed', 'escalated'], minSeverity: 4, limit: 200 }));
    const peerList = await time(() => store.listAlerts({ schoolId: school, limit: 200 }));
    const oursAgg = await time(() => store.aggregateAlerts(school, termSince, now, 'Europe/London'), 5);
    const rows = await store.listDashboardAlerts({ schoolId: school, limit: 500 });
    const oursCsv = await time(() => incidentsCsv(rows.map((a) => incidentRecord(a, [], 'PC'))));
    const peerCsv = await time(() => stringify(rows.map((a) => [a.at, a.user, a.category, a.severity, a.context, a.url, a.deviceId, a.status])));

    const line = (label: string, ours: number, peer?: number) =>
      process.stdout.write(`${label.padEnd(44)} ours ${ours.toFixed(2).padStart(8)} ms${peer === undefined ? '' : `   peer ${peer.toFixed(2).padStart(8)} ms`}\n`);
    process.stdout.write(`dashboard bench: ${n} alerts, 600 pupils, ${devices} devices (seeded in ${(seedMs / 1000).toFixed(1)} s)\n`);
    line('alert list, 200 rows (peer: Store.listAlerts)', oursList, peerList);
    line('alert list filtered by year group', oursYear);
    line('open alerts, severity >= 4', oursOpen);
    line('term report aggregates (120 days)', oursAgg);
    line('CPOMS CSV of 500 alerts (peer: bare csv)', oursCsv, peerCsv);
    const worst = Math.max(oursList, oursYear, oursOpen, oursAgg);
    process.stdout.write(`target: every screen query < 100 ms: ${worst < 100 ? 'met' : 'NOT met'} (worst ${worst} ms)\n`);
    return {
      alerts: n,
      list_ms: oursList,
      list_year_group_ms: oursYear,
      list_open_high_ms: oursOpen,
      peer_store_list_ms: peerList,
      term_aggregates_ms: oursAgg,
      csv_500_ms: oursCsv,
      peer_csv_500_ms: peerCsv,
      target_100ms_met: worst < 100,
    };
  } finally {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
