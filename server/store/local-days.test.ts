import { describe, expect, it } from 'vitest';
import { localDayOf } from './local-days';
import { prng } from '../../test/support/prng';

/** The reference: the zone's calendar date at that instant, straight from Intl, one timestamp at a time. */
const reference = (tz: string, at: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));

describe('local days of stored timestamps', () => {
  it('puts alerts either side of local midnight on the school\'s day, in summer and winter time', () => {
    const london = localDayOf('Europe/London');
    expect(london('2026-10-04T22:59:59.999Z')).toBe('2026-10-04'); // 23:59:59 BST
    expect(london('2026-10-04T23:00:00.000Z')).toBe('2026-10-05'); // 00:00 BST
    expect(london('2026-10-04T23:00:00Z')).toBe('2026-10-05');
    expect(london('2026-12-04T23:30:00.000Z')).toBe('2026-12-04'); // GMT
    expect(london('2026-10-25T00:30:00.000Z')).toBe('2026-10-25'); // the night the clocks go back
    expect(localDayOf('UTC')('2026-10-04T23:30:00.000Z')).toBe('2026-10-04');
  });

  it('reads timestamps with an offset, and counts text that is not a time as "unknown" instead of dropping it', () => {
    const london = localDayOf('Europe/London');
    expect(london('2026-10-05T00:30:00+01:00')).toBe('2026-10-05');
    expect(london('2026-10-04T23:30:00-01:00')).toBe('2026-10-05');
    expect(london('yesterday')).toBe('unknown');
    expect(london('')).toBe('unknown');
  });

  it('agrees with the zone\'s calendar for random instants over two years, in zones with odd offsets', () => {
    const rnd = prng(7);
    const start = Date.UTC(2026, 0, 1);
    for (const tz of ['Europe/London', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Kiritimati']) {
      const dayOf = localDayOf(tz);
      for (let i = 0; i < 3000; i++) {
        // Half of them within 2 minutes of a whole hour or half hour, where midnights and clock changes fall.
        const t = start + Math.floor(rnd() * 730) * 86_400_000 + (i % 2 ? Math.floor(rnd() * 86_400_000) : Math.floor(rnd() * 48) * 1_800_000 + Math.floor((rnd() - 0.5) * 240_000));
        const at = new Date(t).toISOString();
        expect(dayOf(at), `${tz} ${at}`).toBe(reference(tz, at));
      }
    }
  });
});
