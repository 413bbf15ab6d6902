import { type SchoolHours, schoolTimeBetween, schoolWeekMs } from '../../shared/policy/school-hours';

const DAY = 86_400_000;
/** Longer than any school holiday (see isLongSilent). */
const RECENT_MS = 70 * DAY;

/** How the dashboard, trends and reports name a device that is long silent. */
export const LONG_SILENCE_LABEL = 'silent for a school week';

/**
 * Has a device last heard from at `lastSeenAt` missed a school week or more by `now`? Only
 * school hours count, as for the "device silent" IT alert: laptops locked away over the summer
 * holiday are not all "silent" on the first day back, and one missing since the week before
 * half term is, a few days into the next. Never-seen devices are counted separately.
 */
export function isLongSilent(lastSeenAt: string | null, now: number, hours: SchoolHours | null): boolean {
  if (!lastSeenAt) return false;
  const seen = Date.parse(lastSeenAt);
  const week = schoolWeekMs(hours);
  // School time is never more than wall time, so a shorter silence needs no counting.
  if (!(now - seen >= week)) return false;
  // Most long silences show a school week within the last ten weeks (longer than any holiday):
  // counting only those keeps a Devices page of 500 devices unseen for a year at 500 × 70 days
  // of counting instead of 500 × 365. A silence reaching further back is counted in full.
  const recent = Math.max(seen, now - RECENT_MS);
  if (schoolTimeBetween(recent, now, hours) >= week) return true;
  return recent > seen && schoolTimeBetween(seen, now, hours) >= week;
}

