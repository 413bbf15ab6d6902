import { describe, expect, it } from 'vitest';
import { monthPeriod, previousPeriod, reportTimeZone, termOf, termPeriod } from './periods';

describe('report periods', () => {
  it('defaults the monthly report to the month before, across a year end', () => {
    const p = monthPeriod(undefined, new Date(Date.UTC(2027, 0, 2, 12)));
    expect(p.key).toBe('2026-12');
    expect(p.label).toBe('December 2026');
    expect(p.since).toBe('2026-12-01T00:00:00.000Z'); // GMT: UK midnight is UTC midnight
    expect(p.until).toBe('2027-01-01T00:00:00.000Z');
    expect(p.timeZone).toBe('Europe/London');
  });

  it('refuses a month or term it cannot read, saying what to type', () => {
    expect(() => monthPeriod('2026-13')).toThrow(/use YYYY-MM/);
    expect(() => monthPeriod('2026-00')).toThrow(/use YYYY-MM/);
    expect(() => monthPeriod('Oct')).toThrow(/use YYYY-MM/);
    expect(() => termPeriod('2026-winter')).toThrow(/YYYY-autumn/);
  });

  it('maps dates to English school terms, each following the last with no gap', () => {
    expect(termPeriod(undefined, new Date(2026, 10, 23)).key).toBe('2026-autumn');
    expect(termPeriod(undefined, new Date(2027, 1, 1)).key).toBe('2027-spring');
    expect(termPeriod(undefined, new Date(2027, 6, 1)).key).toBe('2027-summer');
    expect(termPeriod('2027-spring').until).toBe(termPeriod('2027-summer').since);
    expect(termPeriod('2027-summer').until).toBe(termPeriod('2027-autumn').since);
    const p = monthPeriod('2026-10');
    expect(previousPeriod(p).until).toBe(p.since);
    expect(previousPeriod(p).timeZone).toBe(p.timeZone);
  });

  it('starts months and terms at midnight on the school\'s clock, summer time included', () => {
    // British Summer Time: midnight on 1 October is 23:00 UTC on 30 September.
    const oct = monthPeriod('2026-10');
    expect(oct.since).toBe('2026-09-30T23:00:00.000Z');
    expect(oct.until).toBe('2026-11-01T00:00:00.000Z'); // the clocks went back on 25 October
    expect(termPeriod('2027-summer').since).toBe('2027-03-31T23:00:00.000Z');
    // 00:30 on 1 October in London is October there (and so last month is September), though UTC still says 30 September.
    const halfPastMidnight = new Date('2026-09-30T23:30:00.000Z');
    expect(monthPeriod(undefined, halfPastMidnight).key).toBe('2026-09');
    expect(monthPeriod(undefined, halfPastMidnight, 'UTC').key).toBe('2026-08');
    expect(termOf(new Date('2026-08-31T23:30:00.000Z'))).toEqual({ term: 'autumn', year: 2026 });
    expect(termOf(new Date('2026-08-31T23:30:00.000Z'), 'UTC')).toEqual({ term: 'summer', year: 2026 });
    // Another school's zone, behind UTC.
    expect(monthPeriod('2026-10', new Date(), 'America/New_York').since).toBe('2026-10-01T04:00:00.000Z');
    expect(monthPeriod('2026-10', new Date(), 'Asia/Kolkata').since).toBe('2026-09-30T18:30:00.000Z');
  });

  it('follows the policy\'s school hours, and UK time when a policy has none', () => {
    expect(reportTimeZone(null)).toBe('Europe/London');
    expect(reportTimeZone({ timeZone: 'Europe/Warsaw', days: [1], start: '08:00', end: '15:00', closed: [] })).toBe('Europe/Warsaw');
  });
});
