import Database from 'better-sqlite3';
import type { DeviceEvent } from '../../shared/protocol/events';
import { prng } from './prng';

/** Seeded random choices for the fuzz suite (mulberry32 underneath: the same seed, the same run). */
export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** A well-formed event that the collector stores (not a heartbeat, which is device state only). */
export function blockedEvent(id: string, at = new Date()): DeviceEvent {
  return { id, at: at.toISOString(), type: 'blocked', url: `https://blocked.example/${id}`, rule: 'policy' };
}

export function keywordEvent(id: string, context = 'i want to hurt myself', at = new Date()): DeviceEvent {
  const term = 'hurt myself';
  const start = Math.max(0, context.indexOf(term));
  return {
    id,
    at: at.toISOString(),
    type: 'keyword_alert',
    term,
    category: 'self-harm',
    severity: 4,
    context,
    matchStart: start,
    matchEnd: Math.min(context.length, start + term.length),
    source: 'input',
    url: 'https://www.kiddle.co/s.php?q=x',
    title: 'Kiddle',
  } as DeviceEvent;
}

export function heartbeatEvent(id: string, at = new Date()): DeviceEvent {
  return {
    id,
    at: at.toISOString(),
    type: 'heartbeat',
    kind: 'extension',
    version: '0.1.0',
    policyVersion: 0,
    role: 'pupil',
    board: { on: false, reason: 'startup' },
  };
}

/** How many times each client id is stored, per device, read straight from the collector's SQLite file. */
export function storedIdCounts(sqliteFile: string): Map<string, number> {
  const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('SELECT device_id AS d, client_id AS c, count(*) AS n FROM events GROUP BY device_id, client_id').all() as { d: string; c: string; n: number }[];
    return new Map(rows.map((r) => [`${r.d}/${r.c}`, r.n]));
  } finally {
    db.close();
  }
}
