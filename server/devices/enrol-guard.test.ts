import { describe, expect, it } from 'vitest';
import { EnrolGuard } from './enrol-guard';

describe('EnrolGuard: wrong enrolment tokens per address in a sliding window', () => {
  const at = { t: 1_000_000 };
  const guard = () => new EnrolGuard({ failures: 3, windowMs: 60_000 }, () => at.t);

  it('allows `failures` wrong tokens, then refuses until the oldest leaves the window', () => {
    at.t = 1_000_000;
    const g = guard();
    for (let i = 0; i < 3; i++) {
      expect(g.check('10.0.0.9').ok).toBe(true);
      g.fail('10.0.0.9');
      at.t += 10_000;
    }
    // Failures at 0 s, 10 s, 20 s; now 30 s: the first leaves the window at 60 s.
    expect(g.check('10.0.0.9')).toEqual({ ok: false, retryAfterMs: 30_000 });
    at.t += 29_999;
    expect(g.check('10.0.0.9').ok).toBe(false);
    at.t += 1;
    expect(g.check('10.0.0.9').ok).toBe(true);
    // One more failure fills the window again; the next slot frees when the 10 s one expires.
    g.fail('10.0.0.9');
    expect(g.check('10.0.0.9')).toEqual({ ok: false, retryAfterMs: 10_000 });
  });

  it('keeps addresses apart and forgets quiet ones', () => {
    at.t = 5_000_000;
    const g = guard();
    for (let i = 0; i < 3; i++) g.fail('203.0.113.9');
    expect(g.check('203.0.113.9').ok).toBe(false);
    expect(g.check('10.0.0.1').ok).toBe(true);
    expect(g.check(null).ok).toBe(true);
    at.t += 61_000;
    g.fail('198.51.100.1');
    expect(g.check('203.0.113.9').ok).toBe(true);
    expect(g.addresses).toBe(1);
  });
});
