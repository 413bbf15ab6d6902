import { addMonths, format, isValid, parse, startOfMonth, subMonths } from 'date-fns';

export interface Period {
  /** Inclusive start and exclusive end, ISO timestamps. */
  since: string;
  until: string;
  label: string;
  /** Stable key, e.g. "2026-10" or "2026-autumn". */
  key: string;
}

const iso = (d: Date) => d.toISOString();

/** A calendar month, "YYYY-MM"; without one, the month before `now` (the report is sent after it ends). */
export function monthPeriod(month?: string, now = new Date()): Period {
  let start: Date;
  if (month) {
    start = parse(month, 'yyyy-MM', new Date(2000, 0, 1));
    if (!isValid(start) || format(start, 'yyyy-MM') !== month) throw new Error(`"${month}" is not a month: use YYYY-MM, e.g. 2026-10`);
  } else {
    start = startOfMonth(subMonths(now, 1));
  }
  return { since: iso(start), until: iso(addMonths(start, 1)), label: format(start, 'MMMM yyyy'), key: format(start, 'yyyy-MM') };
}

export type Term = 'autumn' | 'spring' | 'summer';
// English school terms, rounded to whole months so every alert falls in exactly one term.
const TERMS: Record<Term, { startMonth: number; months: number; label: string }> = {
  autumn: { startMonth: 8, months: 4, label: 'Autumn term' },
  spring: { startMonth: 0, months: 3, label: 'Spring term' },
  summer: { startMonth: 3, months: 5, label: 'Summer term' },
};

export function termOf(d: Date): { term: Term; year: number } {
  const m = d.getMonth();
  return { term: m >= 8 ? 'autumn' : m >= 3 ? 'summer' : 'spring', year: d.getFullYear() };
}

/** A school term, "YYYY-autumn" etc.; without one, the term containing `now` (to date). */
export function termPeriod(key?: string, now = new Date()): Period {
  let term: Term;
  let year: number;
  if (key) {
    const m = /^(\d{4})-(autumn|spring|summer)$/.exec(key);
    if (!m) throw new Error(`"${key}" is not a term: use YYYY-autumn, YYYY-spring or YYYY-summer`);
    year = Number(m[1]);
    term = m[2] as Term;
  } else {
    ({ term, year } = termOf(now));
  }
  const t = TERMS[term];
  const start = new Date(year, t.startMonth, 1);
  return { since: iso(start), until: iso(addMonths(start, t.months)), label: `${t.label} ${year}`, key: `${year}-${term}` };
}

/** The period of the same length just before `p` (for "up/down on last time"). */
export function previousPeriod(p: Period): Period {
  const since = Date.parse(p.since);
  const len = Date.parse(p.until) - since;
  return { since: iso(new Date(since - len)), until: p.since, label: 'previous period', key: `${p.key}-prev` };
}
