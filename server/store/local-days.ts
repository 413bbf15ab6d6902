import { wallDay } from '../../shared/policy/school-hours';

const DAY = 86_400_000;
const isoDate = (dayUtc: number) => new Date(dayUtc).toISOString().slice(0, 10);
/** Sorts after every ISO timestamp: "no boundary in this UTC day". */
const NEVER = '~';

interface UtcDay {
  /** Timestamps before this (ISO, UTC) are on `before`, the rest on `after`. */
  cut: string;
  before: string;
  after: string;
}

/**
 * The school's calendar day (YYYY-MM-DD) of stored timestamps, for counting alerts per day in
 * the school's time zone. A report groups tens of thousands of alerts that fall on a few
 * hundred days, so the work is done once per UTC day: where in it local midnight falls (found
 * with a dozen time-zone look-ups), and which local date lies either side. Each timestamp then
 * costs a map read and one string comparison (stored timestamps are ISO in UTC, "…Z", whose
 * order as strings is their order in time). Anything else is parsed the slow way; text that is
 * not a time at all counts as "unknown" rather than being dropped.
 */
export function localDayOf(timeZone: string): (at: string) => string {
  const days = new Map<string, UtcDay>();
  const slow = (at: string) => {
    const t = Date.parse(at);
    return Number.isNaN(t) ? 'unknown' : isoDate(wallDay(timeZone, t));
  };
  const dayOf = (utcDate: string): UtcDay => {
    const t0 = Date.parse(`${utcDate}T00:00:00Z`);
    const first = wallDay(timeZone, t0);
    const last = wallDay(timeZone, t0 + DAY - 1);
    if (first === last) return { cut: NEVER, before: isoDate(first), after: isoDate(first) };
    // Local midnight falls inside this UTC day: the first minute already on `last`'s date.
    let lo = 0;
    let hi = 24 * 60 - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (wallDay(timeZone, t0 + mid * 60_000) === last) hi = mid;
      else lo = mid + 1;
    }
    return { cut: new Date(t0 + lo * 60_000).toISOString(), before: isoDate(first), after: isoDate(last) };
  };
  return (at: string) => {
    // "YYYY-MM-DDTHH:MM…Z": the fast path.
    if (at.length < 17 || at.charCodeAt(at.length - 1) !== 90 || at.charCodeAt(10) !== 84) return slow(at);
    const utcDate = at.slice(0, 10);
    let d = days.get(utcDate);
    if (!d) {
      if (Number.isNaN(Date.parse(`${utcDate}T00:00:00Z`))) return slow(at);
      d = dayOf(utcDate);
      if (days.size > 5000) days.clear();
      days.set(utcDate, d);
    }
    return at < d.cut ? d.before : d.after;
  };
}
