import { DEFAULT_SCHOOL_HOURS, midnightIn, type SchoolHours, wallDay } from '../../shared/policy/school-hours';

/**
 * Report periods on the school's own calendar: a month or term starts at midnight on the
 * school's wall clock (its policy's time zone), not the server's, so an alert at 00:30 on
 * 1 October British Summer Time (23:30 UTC on 30 September) is October's.
 */
export interface Period {
  /** Inclusive start and exclusive end, ISO timestamps (UTC). */
  since: string;
  until: string;
  label: string;
  /** Stable key, e.g. "2026-10" or "2026-autumn". */
  key: string;
  /** The time zone whose calendar the period follows (and its days are counted in). */
  timeZone: string;
}

const DEFAULT_ZONE = DEFAULT_SCHOOL_HOURS.timeZone;

/** The time zone a school's reports follow: its school hours' (a policy without hours: UK time). */
export const reportTimeZone = (hours: SchoolHours | null): string => hours?.timeZone ?? DEFAULT_ZONE;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const pad2 = (n: number) => String(n).padStart(2, '0');

/** Local midnight starting month `m0` (0-based, may run past December) of `year`, as ISO. */
const monthStart = (tz: string, year: number, m0: number) => new Date(midnightIn(tz, Date.UTC(year, m0, 1))).toISOString();

/** The school's calendar year and month (0-based) at `now`. */
function wallMonth(tz: string, now: Date): { year: number; m0: number } {
  const d = new Date(wallDay(tz, now.getTime()));
  return { year: d.getUTCFullYear(), m0: d.getUTCMonth() };
}

/** A calendar month, "YYYY-MM"; without one, the month before `now` (the report is sent after it ends). */
export function monthPeriod(month?: string, now = new Date(), timeZone = DEFAULT_ZONE): Period {
  let year: number;
  let m0: number;
  if (month) {
    const m = /^(\d{4})-(\d{2})$/.exec(month);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new Error(`"${month}" is not a month: use YYYY-MM, e.g. 2026-10`);
    year = Number(m[1]);
    m0 = Number(m[2]) - 1;
  } else {
    const w = wallMonth(timeZone, now);
    year = w.m0 === 0 ? w.year - 1 : w.year;
    m0 = w.m0 === 0 ? 11 : w.m0 - 1;
  }
  return {
    since: monthStart(timeZone, year, m0),
    until: monthStart(timeZone, year, m0 + 1),
    label: `${MONTHS[m0]} ${year}`,
    key: `${year}-${pad2(m0 + 1)}`,
    timeZone,
  };
}

export type Term = 'autumn' | 'spring' | 'summer';
// English school terms, rounded to whole months so every alert falls in exactly one term.
const TERMS: Record<Term, { startMonth: number; months: number; label: string }> = {
  autumn: { startMonth: 8, months: 4, label: 'Autumn term' },
  spring: { startMonth: 0, months: 3, label: 'Spring term' },
  summer: { startMonth: 3, months: 5, label: 'Summer term' },
};

/** The term `d` falls in on the school's calendar. */
export function termOf(d: Date, timeZone = DEFAULT_ZONE): { term: Term; year: number } {
  const { year, m0 } = wallMonth(timeZone, d);
  return { term: m0 >= 8 ? 'autumn' : m0 >= 3 ? 'summer' : 'spring', year };
}

/** A school term, "YYYY-autumn" etc.; without one, the term containing `now` (to date). */
export function termPeriod(key?: string, now = new Date(), timeZone = DEFAULT_ZONE): Period {
  let term: Term;
  let year: number;
  if (key) {
    const m = /^(\d{4})-(autumn|spring|summer)$/.exec(key);
    if (!m) throw new Error(`"${key}" is not a term: use YYYY-autumn, YYYY-spring or YYYY-summer`);
    year = Number(m[1]);
    term = m[2] as Term;
  } else {
    ({ term, year } = termOf(now, timeZone));
  }
  const t = TERMS[term];
  return {
    since: monthStart(timeZone, year, t.startMonth),
    until: monthStart(timeZone, year, t.startMonth + t.months),
    label: `${t.label} ${year}`,
    key: `${year}-${term}`,
    timeZone,
  };
}

/** The period of the same length just before `p` (for "up/down on last time"). */
export function previousPeriod(p: Period): Period {
  const since = Date.parse(p.since);
  const len = Date.parse(p.until) - since;
  return { since: new Date(since - len).toISOString(), until: p.since, label: 'previous period', key: `${p.key}-prev`, timeZone: p.timeZone };
}
