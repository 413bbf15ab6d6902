import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHOOL_HOURS, type SchoolHours, schoolWeekMs } from '../../shared/policy/school-hours';
import { isLongSilent } from './device-silence';

const H = 3_600_000;
const at = (s: string) => Date.parse(s);
const hours: SchoolHours = { ...DEFAULT_SCHOOL_HOURS, closed: [{ from: '2025-12-22', to: '2026-01-02', label: 'Christmas holiday' }] };

describe('long-silent devices (a school week of missed school time)', () => {
  it('is a week of school hours: five days of 08:00-16:30, or seven days when every hour counts', () => {
    expect(schoolWeekMs(DEFAULT_SCHOOL_HOURS)).toBe(5 * 8.5 * H);
    expect(schoolWeekMs(null)).toBe(7 * 24 * H);
  });

  it('counts a whole school week of silence, and not a minute less', () => {
    // Seen Monday 08:00 (GMT); by Friday 16:29 it has missed a week less a minute, by 16:30 all of it.
    expect(isLongSilent('2026-01-12T08:00:00.000Z', at('2026-01-16T16:29:00Z'), hours)).toBe(false);
    expect(isLongSilent('2026-01-12T08:00:00.000Z', at('2026-01-16T16:30:00Z'), hours)).toBe(true);
    // Evenings and the weekend do not count: seen Friday 16:00, still not long silent on the Thursday after.
    expect(isLongSilent('2026-01-16T16:00:00.000Z', at('2026-01-22T16:30:00Z'), hours)).toBe(false);
  });

  it('does not count the holidays: laptops put away for Christmas are not all silent on the first day back', () => {
    expect(isLongSilent('2025-12-19T15:00:00.000Z', at('2026-01-05T10:00:00Z'), hours)).toBe(false);
    // Without the closed days, those two weeks are school time.
    expect(isLongSilent('2025-12-19T15:00:00.000Z', at('2026-01-05T10:00:00Z'), { ...hours, closed: [] })).toBe(true);
    // One missing since the Wednesday before the holiday (three school days) is, three days into term, and not on the first.
    expect(isLongSilent('2025-12-17T08:00:00.000Z', at('2026-01-05T10:00:00Z'), hours)).toBe(false);
    expect(isLongSilent('2025-12-17T08:00:00.000Z', at('2026-01-07T10:00:00Z'), hours)).toBe(true);
  });

  it('counts a silence in full when the last ten weeks were all closed', () => {
    const shut = { ...hours, closed: [{ from: '2026-03-02', to: '2026-05-29', label: 'closed for building work' }] };
    // Seen on Monday 23 February: the whole week before the closure missed, none after it.
    expect(isLongSilent('2026-02-23T08:00:00.000Z', at('2026-05-20T12:00:00Z'), shut)).toBe(true);
    // Seen on the Tuesday: four school days missed, not a week.
    expect(isLongSilent('2026-02-24T08:00:00.000Z', at('2026-05-20T12:00:00Z'), shut)).toBe(false);
  });

  it('counts every hour when the policy has no school hours, and never-seen devices separately', () => {
    expect(isLongSilent('2026-01-01T00:00:00.000Z', at('2026-01-07T23:59:00Z'), null)).toBe(false);
    expect(isLongSilent('2026-01-01T00:00:00.000Z', at('2026-01-08T00:00:00Z'), null)).toBe(true);
    expect(isLongSilent(null, at('2026-01-08T00:00:00Z'), null)).toBe(false);
  });
});
