import { z } from 'zod';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24-hour)');
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A calendar date (YYYY-MM-DD) as the UTC midnight of that date, or NaN if there is no such date. */
function dayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) return NaN;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === date ? t : NaN;
}
const CalendarDate = z.string().refine((d) => !Number.isNaN(dayNumber(d)), 'a date as YYYY-MM-DD');

/** Days the school is shut though they are school days of the week: holidays, half terms, INSET days. */
export const Closure = z
  .object({
    from: CalendarDate,
    /** Inclusive. */
    to: CalendarDate,
    label: z.string().trim().max(80).optional(),
  })
  .refine((c) => !(dayNumber(c.to) < dayNumber(c.from)), { message: 'a closure must end on or after the day it starts', path: ['to'] })
  .refine((c) => !(dayNumber(c.to) - dayNumber(c.from) > 366 * DAY), { message: 'a closure can last a year at most', path: ['to'] });
export type Closure = z.infer<typeof Closure>;

/**
 * When the school is open (its own time zone). Monitoring that depends on devices being on —
 * the "device silent" IT alert — counts only this time, so laptops put away at 15:30 do not
 * raise 300 alerts every evening. `days` are 0 = Sunday … 6 = Saturday.
 */
export const SchoolHours = z
  .object({
    timeZone: z.string().min(1).max(64).refine(isTimeZone, 'an IANA time zone such as Europe/London'),
    days: z.array(z.number().int().min(0).max(6)).min(1).max(7),
    start: HHMM,
    end: HHMM,
    /** Holidays and other closed days: a device is not silent while the school is shut. */
    closed: z.array(Closure).max(100).default([]),
  })
  .refine((h) => minutesOf(h.end) > minutesOf(h.start), { message: 'school hours must end after they start', path: ['end'] });
export type SchoolHours = z.infer<typeof SchoolHours>;

export const DEFAULT_SCHOOL_HOURS: SchoolHours = { timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], start: '08:00', end: '16:30', closed: [] };

/** One formatter per time zone (building one costs far more than using it). */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds `tz`'s wall clock is ahead of UTC at `instant`. */
function offsetMs(tz: string, instant: number): number {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  const parts = f.formatToParts(new Date(instant));
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant at which `tz`'s wall clock shows day `dayUtc` (a UTC midnight) plus `minutes`. */
function wallToInstant(tz: string, dayUtc: number, minutes: number): number {
  const wall = dayUtc + minutes * 60_000;
  let t = wall - offsetMs(tz, wall);
  t = wall - offsetMs(tz, t); // once more: the offset may differ across a clock change
  return t;
}

/** The calendar date `tz`'s wall clock shows at `instant` (epoch ms), as the UTC midnight of that date. */
export function wallDay(tz: string, instant: number): number {
  return Math.floor((instant + offsetMs(tz, instant)) / DAY) * DAY;
}

/** The instant `tz`'s wall clock starts day `dayUtc` (the UTC midnight of that date): local midnight. */
export function midnightIn(tz: string, dayUtc: number): number {
  return wallToInstant(tz, dayUtc, 0);
}

/**
 * Beyond this much wall time a silence counts in full (and the day loop stays bounded). Longer
 * than any school holiday, so a device put away for the summer is not counted silent for it.
 */
const MAX_SPAN = 400 * DAY;

/** Opening and closing instants per time zone and day: every device of a school asks for the same days. */
const instants = new Map<string, number>();
function instantAt(tz: string, day: number, minutes: number): number {
  const key = `${tz}|${day}|${minutes}`;
  let t = instants.get(key);
  if (t === undefined) {
    if (instants.size > 50_000) instants.clear();
    t = wallToInstant(tz, day, minutes);
    instants.set(key, t);
  }
  return t;
}

/**
 * How much of the time between `from` and `to` (epoch ms) falls inside school hours, closed
 * days left out; with no hours (null) all of it counts. Clock changes are handled (08:00 is 08:00 local all year).
 */
export function schoolTimeBetween(from: number, to: number, hours: SchoolHours | null): number {
  if (!(to > from)) return 0;
  if (!hours || to - from > MAX_SPAN) return to - from;
  const open = minutesOf(hours.start);
  const close = minutesOf(hours.end);
  const days = new Set(hours.days);
  // The collector reads stored policies through the schema (PolicyService), which fills `closed`; a caller handing in an older document as stored still works.
  const closed = (hours.closed ?? []).map((c) => [dayNumber(c.from), dayNumber(c.to)] as const);
  let total = 0;
  // Walk local calendar days from the day before `from` (time zones ahead of UTC) to `to`.
  let day = Math.floor((from + offsetMs(hours.timeZone, from)) / DAY) * DAY - DAY;
  for (; day <= to + DAY; day += DAY) {
    if (!days.has(new Date(day).getUTCDay())) continue;
    if (closed.some(([a, b]) => day >= a && day <= b)) continue;
    const a = Math.max(from, instantAt(hours.timeZone, day, open));
    const b = Math.min(to, instantAt(hours.timeZone, day, close));
    if (b > a) total += b - a;
  }
  return total;
}

/**
 * The school time in a week with nothing closed (what "a school week" of a device's silence
 * means); 7 days when there are no hours (all time counts).
 */
export function schoolWeekMs(hours: SchoolHours | null): number {
  if (!hours) return 7 * DAY;
  return new Set(hours.days).size * (minutesOf(hours.end) - minutesOf(hours.start)) * 60_000;
}

const CLOSURE_LINE = /^(\S+)(?:\s*(?:to|–|—|-)\s*(\d{4}-\d{2}-\d{2}))?(?:\s+(.+))?$/i;

/**
 * Closed days as a person writes them, one a line: "2026-12-21 to 2027-01-01 Christmas
 * holiday" or "2027-01-04 INSET day" (the label is optional). Throws, naming the line, on
 * anything it cannot read, so nothing is silently dropped.
 */
export function parseClosures(text: string): Closure[] {
  const out: Closure[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const m = CLOSURE_LINE.exec(line);
    const label = m?.[3]?.trim();
    const c = Closure.safeParse(m ? { from: m[1], to: m[2] ?? m[1], ...(label ? { label } : {}) } : {});
    if (!m || !c.success) throw new Error(`Closed days, line ${i + 1} ("${line}"): ${c.error?.issues[0]?.message ?? 'a date as YYYY-MM-DD'}, e.g. "2026-12-21 to 2027-01-01 Christmas holiday"`);
    out.push(c.data);
  });
  return out;
}

/** The text parseClosures reads back. */
export function formatClosures(closed: readonly Closure[]): string {
  return closed.map((c) => `${c.from}${c.to !== c.from ? ` to ${c.to}` : ''}${c.label ? ` ${c.label}` : ''}`).join('\n');
}
