import { describe, expect, it } from 'vitest';
import { monthPeriod, previousPeriod, termPeriod } from './periods';

describe('report periods', () => {
  it('defaults the monthly report to the month before, across a year end', () => {
    const p = monthPeriod(undefined, new Date(2027, 0, 2));
    expect(p.key).toBe('2026-12');
    expect(p.label).toBe('December 2026');
    expect(new Date(p.since).getMonth()).toBe(11);
    expect(new Date(p.until).getFullYear()).toBe(2027);
  });

  it('refuses a month or term it cannot read, saying what to type', () => {
    expect(() => monthPeriod('2026-13')).toThrow(/use YYYY-MM/);
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
  });
});
