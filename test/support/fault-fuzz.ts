import type { z } from 'zod';
import { type Rng, blockedEvent, heartbeatEvent, keywordEvent } from './fault-events';

/**
 * Seeded generator of bad device messages: each case is the exact text sent, and a label
 * naming what is wrong with it. Some mutations happen to stay valid (dropping an optional
 * field); the suite asks the protocol's own schema which, so the oracle never guesses.
 */
export interface FuzzCase {
  kind: string;
  text: string;
}

const WRONG_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  '',
  'x',
  '1',
  '   ',
  'NaN',
  [],
  [null],
  {},
  { $gt: '' },
  'a'.repeat(70),
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  '\u0000\u0000',
  '\ud800',
  '\u202e\u0007',
  9007199254740993,
];
const VERSIONS: unknown[] = [0, 2, 3, 99, -1, 1.0000001, 1e9, '1', '2', null, true, [], {}];

function validEvent(rng: Rng, n: number) {
  const id = `fz${n.toString(36).padStart(8, '0')}${rng.int(0, 1e6).toString(36)}`;
  switch (rng.int(0, 4)) {
    case 0:
      return blockedEvent(id);
    case 1:
      return keywordEvent(id);
    case 2:
      return heartbeatEvent(id);
    case 3:
      return { id, at: new Date().toISOString(), type: 'concern', message: 'someone is being mean to me' };
    default:
      return { id, at: new Date().toISOString(), type: 'tamper', kind: 'storage_edited', detail: 'fuzz' };
  }
}

export function validEventsMessage(rng: Rng, n: number): Record<string, unknown> {
  const events = Array.from({ length: rng.int(1, 3) }, (_, i) => validEvent(rng, n * 4 + i));
  return { v: 1, type: 'events', batchId: `fzb${n.toString(36).padStart(8, '0')}`, events };
}

/** All paths (arrays of keys) to values inside a JSON value. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}

function setAt(root: any, p: (string | number)[], v: unknown, remove = false): void {
  let o = root;
  for (const k of p.slice(0, -1)) o = o[k];
  const last = p.at(-1)!;
  if (remove) {
    if (Array.isArray(o)) o.splice(Number(last), 1);
    else delete o[last];
  } else o[last] = v;
}

function deepNest(depth: number, open: string, close: string): string {
  return open.repeat(depth) + close.repeat(depth);
}

function randomText(rng: Rng, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(rng.chance(0.8) ? rng.int(32, 126) : rng.int(0, 0xffff));
  return s;
}

/** One bad (or accidentally valid) message built from a valid base by a seeded mutation. */
export function mutate(rng: Rng, base: Record<string, unknown>): FuzzCase {
  const good = JSON.stringify(base);
  const clone = () => JSON.parse(good) as Record<string, unknown>;
  switch (rng.int(0, 12)) {
    case 0:
      return { kind: 'truncated', text: good.slice(0, rng.int(0, good.length - 1)) };
    case 1: {
      // Flip or insert random characters.
      const chars = good.split('');
      for (let i = rng.int(1, 4); i > 0; i--) chars.splice(rng.int(0, chars.length - 1), rng.chance(0.5) ? 1 : 0, rng.pick(['{', '}', '"', ',', ':', '\\', '\u0000', ']', 'x', '9']));
      return { kind: 'corrupted', text: chars.join('') };
    }
    case 2: {
      const m = clone();
      const all = paths(m);
      setAt(m, rng.pick(all), rng.pick(WRONG_VALUES));
      return { kind: 'wrong-type', text: JSON.stringify(m) };
    }
    case 3: {
      const m = clone();
      const all = paths(m);
      setAt(m, rng.pick(all), undefined, true);
      return { kind: 'missing-field', text: JSON.stringify(m) };
    }
    case 4: {
      const m = clone();
      m.v = rng.pick(VERSIONS);
      return { kind: 'wrong-version', text: JSON.stringify(m) };
    }
    case 5: {
      // Deeply nested arrays/objects, inside a field or as the whole message.
      const depth = rng.pick([64, 1000, 10_000, 100_000]);
      const nest = rng.chance(0.5) ? deepNest(depth, '[', ']') : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
      const where = rng.int(0, 2);
      const text = where === 0 ? nest : where === 1 ? good.replace('"events":', `"extra":${nest},"events":`) : good.replace(/"events":\[/, `"events":[${nest},`);
      return { kind: `deep-${depth}`, text };
    }
    case 6: {
      const m = clone() as any;
      const e = m.events?.[0];
      const field = rng.pick(['context', 'title', 'url', 'message', 'detail', 'term', 'user', 'id', 'batchId']);
      const big = 'A'.repeat(rng.pick([65, 601, 4097, 20_000, 300_000]));
      if (field === 'batchId') m.batchId = big;
      else if (e) e[field] = big;
      return { kind: `oversized-${field}`, text: JSON.stringify(m) };
    }
    case 7: {
      const m = clone() as any;
      const n = rng.pick([0, 501, 800]);
      if (!Array.isArray(m.events)) return { kind: 'events-on-wrong-message', text: JSON.stringify({ ...m, events: [] }) };
      m.events = Array.from({ length: n }, (_, i) => ({ ...m.events[0], id: `many${i.toString().padStart(6, '0')}` }));
      return { kind: `events-${n}`, text: JSON.stringify(m) };
    }
    case 8: {
      const pollution = rng.pick(['"__proto__":{"admin":true,"v":2}', '"constructor":{"prototype":{"admin":true}}', '"__proto__":null']);
      return { kind: 'prototype', text: good.replace(/^\{/, `{${pollution},`) };
    }
    case 9:
      return {
        kind: 'not-an-object',
        text: rng.pick(['', ' ', 'null', '[]', '{}', '0', 'true', '"events"', '[{"v":1}]', '{"v":1}', '{"v":1,"type":"nope"}', '\uFEFF{}', 'NaN', '1e999']),
      };
    case 10:
      return { kind: 'garbage', text: randomText(rng, rng.int(1, 400)) };
    case 11: {
      const m = clone() as any;
      const e = m.events?.[0];
      if (e) e.type = rng.pick(['heartbeat', 'keyword_alert', 'concern', 'url_report', 'blocked', 'board_change', 'tamper', 'HEARTBEAT', 'alert', '']);
      return { kind: 'event-type-swap', text: JSON.stringify(m) };
    }
    default: {
      const m = clone() as any;
      const e = m.events?.[0];
      if (e) e.id = rng.pick(['short', 'has space in it', 'a/b/c/d/e/f', '..%2f..%2f', 'x'.repeat(65), 'ünïcödé-id', '<img src=x>', 'id\nnewline']);
      return { kind: 'bad-id', text: JSON.stringify(m) };
    }
  }
}

export type Verdict = { kind: 'invalid-json' } | { kind: 'wrong-version'; v: number } | { kind: 'invalid' } | { kind: 'valid'; value: any };

/** What the protocol says about this text: the oracle the collector's answers are checked against. */
export function verdict(text: string, schema: z.ZodType): Verdict {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid-json' };
  }
  const v = (json as { v?: unknown } | null)?.v;
  if (typeof v === 'number' && v !== 1) return { kind: 'wrong-version', v };
  const r = schema.safeParse(json);
  return r.success ? { kind: 'valid', value: r.data } : { kind: 'invalid' };
}
