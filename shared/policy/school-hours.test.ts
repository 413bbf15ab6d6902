import { describe, expect, it } from 'vitest';
import { defaultPolicy } from './defaults';
import { PolicyDocument } from './schema';
import { DEFAULT_SCHOOL_HOURS, formatClosures, parseClosures, SchoolHours, schoolTimeBetween } from './school-hours';

const MIN = 60_000;
const t = (iso: string) => Date.parse(iso);
const london = DEFAULT_SCHOOL_HOURS; // Mon–Fri 08:00–16:30 Europe/London

describe('schoolTimeBetween', () => {
  it('counts all of the time when the school has no hours', () => {
    expect(schoolTimeBetween(t('2026-11-21T20:00:00Z'), t('2026-11-22T02:00:00Z'), null)).toBe(360 * MIN);
  });

  it('counts only the open part of two school days (GMT)', () => {
    // Wed 15:30 → Thu 09:00: 60 minutes on Wednesday, 60 on Thursday.
    expect(schoolTimeBetween(t('2026-11-25T15:30:00Z'), t('2026-11-26T09:00:00Z'), london)).toBe(120 * MIN);
  });

  it('skips the weekend', () => {
    // Fri 16:00 → Mon 08:30: 30 + 30 minutes.
    expect(schoolTimeBetween(t('2026-11-27T16:00:00Z'), t('2026-11-30T08:30:00Z'), london)).toBe(60 * MIN);
    expect(schoolTimeBetween(t('2026-11-28T09:00:00Z'), t('2026-11-29T15:00:00Z'), london)).toBe(0);
  });

  it('follows British Summer Time: 08:00 is 07:00 UTC in June', () => {
    expect(schoolTimeBetween(t('2026-06-10T06:00:00Z'), t('2026-06-10T08:00:00Z'), london)).toBe(60 * MIN);
  });

  it('handles the spring clock change between two school days', () => {
    // Fri 27 March 16:00 GMT → Mon 30 March 09:00 BST (08:00 UTC): 30 + 60 minutes.
    expect(schoolTimeBetween(t('2026-03-27T16:00:00Z'), t('2026-03-30T08:00:00Z'), london)).toBe(90 * MIN);
  });

  it('works for zones ahead of and behind UTC', () => {
    const tokyo: SchoolHours = { ...london, timeZone: 'Asia/Tokyo' }; // Mon 08:00 JST = Sun 23:00 UTC
    expect(schoolTimeBetween(t('2026-11-22T22:00:00Z'), t('2026-11-23T00:00:00Z'), tokyo)).toBe(60 * MIN);
    const newYork: SchoolHours = { ...london, timeZone: 'America/New_York' }; // Mon 16:30 EST = 21:30 UTC
    expect(schoolTimeBetween(t('2026-11-23T21:00:00Z'), t('2026-11-24T14:00:00Z'), newYork)).toBe(90 * MIN);
  });

  it('leaves out closed days: a half-term week, and a single INSET day', () => {
    const halfTerm: SchoolHours = { ...london, closed: [{ from: '2027-02-15', to: '2027-02-19', label: 'February half term' }] };
    // Fri 12 Feb 16:00 → Mon 22 Feb 08:30: 30 minutes on the Friday, the whole week shut, 30 on the Monday.
    expect(schoolTimeBetween(t('2027-02-12T16:00:00Z'), t('2027-02-22T08:30:00Z'), halfTerm)).toBe(60 * MIN);
    expect(schoolTimeBetween(t('2027-02-12T16:00:00Z'), t('2027-02-22T08:30:00Z'), london)).toBe(60 * MIN + 5 * 510 * MIN);
    const inset: SchoolHours = { ...london, closed: [{ from: '2026-11-27', to: '2026-11-27' }] };
    // Thu 26 Nov 16:00 → Mon 30 Nov 09:00: Friday is an INSET day.
    expect(schoolTimeBetween(t('2026-11-26T16:00:00Z'), t('2026-11-30T09:00:00Z'), inset)).toBe(90 * MIN);
  });

  it('does not count a device put away for the summer holiday as silent, and counts the first day back', () => {
    const summer: SchoolHours = { ...london, closed: [{ from: '2026-07-23', to: '2026-09-02', label: 'Summer holiday' }] };
    // Last seen Wed 22 July 15:00 BST (14:00 UTC); six weeks later, Thu 3 Sept 10:00 BST (09:00 UTC).
    expect(schoolTimeBetween(t('2026-07-22T14:00:00Z'), t('2026-09-02T22:00:00Z'), summer)).toBe(90 * MIN);
    expect(schoolTimeBetween(t('2026-07-22T14:00:00Z'), t('2026-09-03T09:00:00Z'), summer)).toBe(90 * MIN + 120 * MIN);
  });

  it('counts a very long silence in full, and nothing for an empty or reversed span', () => {
    const from = t('2026-01-01T00:00:00Z');
    expect(schoolTimeBetween(from, from + 401 * 86_400_000, london)).toBe(401 * 86_400_000);
    expect(schoolTimeBetween(from, from, london)).toBe(0);
    expect(schoolTimeBetween(from + 1, from, london)).toBe(0);
  });
});

describe('school hours in the policy', () => {
  it('a new school starts with Mon–Fri 08:00–16:30 London time, and an older policy without hours gets them', () => {
    expect(defaultPolicy().schoolHours).toEqual(DEFAULT_SCHOOL_HOURS);
    const { schoolHours: _, ...older } = defaultPolicy();
    expect(PolicyDocument.parse(older).schoolHours).toEqual(DEFAULT_SCHOOL_HOURS);
    expect(PolicyDocument.parse({ ...older, schoolHours: null }).schoolHours).toBeNull();
  });

  it('refuses hours a school could not mean, saying why', () => {
    const bad = (h: unknown) => SchoolHours.safeParse(h).error?.issues[0]?.message;
    expect(bad({ ...london, timeZone: 'Mars/Olympus' })).toMatch(/IANA time zone/);
    expect(bad({ ...london, start: '16:30', end: '08:00' })).toMatch(/end after they start/);
    expect(bad({ ...london, start: '8am' })).toMatch(/HH:MM/);
    expect(bad({ ...london, days: [] })).toBeDefined();
    expect(bad({ ...london, days: [7] })).toBeDefined();
    expect(bad({ ...london, closed: [{ from: '2026-02-30', to: '2026-03-01' }] })).toMatch(/YYYY-MM-DD/);
    expect(bad({ ...london, closed: [{ from: '20/12/2026', to: '2027-01-04' }] })).toMatch(/YYYY-MM-DD/);
    expect(bad({ ...london, closed: [{ from: '2027-01-04', to: '2026-12-20' }] })).toMatch(/on or after/);
    expect(bad({ ...london, closed: [{ from: '2026-01-01', to: '2028-01-01' }] })).toMatch(/a year at most/);
    expect(SchoolHours.parse({ ...london, closed: [{ from: '2026-12-21', to: '2027-01-01', label: ' Christmas ' }] }).closed).toEqual([{ from: '2026-12-21', to: '2027-01-01', label: 'Christmas' }]);
  });
});

describe('closed days as the dashboard writes them', () => {
  it('reads ranges and single days, with or without a label, and writes them back the same', () => {
    const text = '2026-12-21 to 2027-01-01 Christmas holiday\n\n  2027-01-04 INSET day\n2027-02-15 – 2027-02-19\n2027-05-03';
    const closed = parseClosures(text);
    expect(closed).toEqual([
      { from: '2026-12-21', to: '2027-01-01', label: 'Christmas holiday' },
      { from: '2027-01-04', to: '2027-01-04', label: 'INSET day' },
      { from: '2027-02-15', to: '2027-02-19' },
      { from: '2027-05-03', to: '2027-05-03' },
    ]);
    expect(parseClosures(formatClosures(closed))).toEqual(closed);
    expect(parseClosures('')).toEqual([]);
  });

  it('names the line it cannot read, and why', () => {
    expect(() => parseClosures('2026-12-21 to 2027-01-01\n21/12/2026 Christmas')).toThrow(/line 2 \("21\/12\/2026 Christmas"\): a date as YYYY-MM-DD/);
    expect(() => parseClosures('2027-01-04 to 2026-12-21')).toThrow(/line 1 .*on or after/);
    expect(() => parseClosures('2026-02-30')).toThrow(/line 1 .*YYYY-MM-DD/);
  });
});
