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
  })
  .refine((h) => minutesOf(h.end) > minutesOf(h.start), { message: 'school hours must end after they start', path: ['end'] });
export type SchoolHours = z.infer<typeof SchoolHours>;

export const DEFAULT_SCHOOL_HOURS: SchoolHours = { timeZone: 'Europe/London', days: [1, 2, 3, 4, 5], start: '08:00', end: '16:30' };

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

const DAY = 86_400_000;
/** Beyond this much wall time a silence counts in full (and the day loop stays short). */
const MAX_SPAN = 21 * DAY;

/**
 * How much of the time between `from` and `to` (epoch ms) falls inside school hours; with no
 * hours (null) all of it counts. Clock changes are handled (08:00 is 08:00 local all year).
 */
export function schoolTimeBetween(from: number, to: number, hours: SchoolHours | null): number {
  if (!(to > from)) return 0;
  if (!hours || to - from > MAX_SPAN) return to - from;
  const open = minutesOf(hours.start);
  const close = minutesOf(hours.end);
  const days = new Set(hours.days);
  let total = 0;
  // Walk local calendar days from the day before `from` (time zones ahead of UTC) to `to`.
  let day = Math.floor((from + offsetMs(hours.timeZone, from)) / DAY) * DAY - DAY;
  for (; day <= to + DAY; day += DAY) {
    if (!days.has(new Date(day).getUTCDay())) continue;
    const a = Math.max(from, wallToInstant(hours.timeZone, day, open));
    const b = Math.min(to, wallToInstant(hours.timeZone, day, close));
    if (b > a) total += b - a;
  }
  return total;
}
