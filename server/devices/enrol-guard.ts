/**
 * Per-address limit on wrong enrolment tokens (token guessing). Only refusals for an unknown
 * token are counted, in a sliding window; successful enrolments never count, so a school
 * enrolling 300 Chromebooks through one NAT address is never slowed. Once an address has used
 * up its failures, every enrolment from it waits until the oldest failure leaves the window:
 * checking the token first and only refusing wrong ones would tell a guesser which guess was
 * right, so the limit would stop nothing.
 */
export interface EnrolGuardLimits {
  /** Wrong tokens allowed per address within the window. */
  failures: number;
  windowMs: number;
}

export class EnrolGuard {
  /** Failure times per address, oldest first, never more than `failures` kept. */
  private readonly failures = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    readonly limits: EnrolGuardLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** May this address try a token now? If not, how long until it may. */
  check(ip: string | null): { ok: true } | { ok: false; retryAfterMs: number } {
    const t = this.now();
    const times = this.live(key(ip), t);
    if (times.length < this.limits.failures) return { ok: true };
    return { ok: false, retryAfterMs: Math.max(1, times[0]! + this.limits.windowMs - t) };
  }

  /** Record one wrong token from this address. */
  fail(ip: string | null): void {
    const t = this.now();
    const k = key(ip);
    const times = this.live(k, t);
    times.push(t);
    while (times.length > this.limits.failures) times.shift();
    this.failures.set(k, times);
    this.sweep(t);
  }

  /** Addresses with failures still in the window (stats, tests). */
  get addresses(): number {
    return this.failures.size;
  }

  private live(k: string, t: number): number[] {
    const times = this.failures.get(k);
    if (!times) return [];
    const since = t - this.limits.windowMs;
    while (times.length && times[0]! <= since) times.shift();
    if (!times.length) this.failures.delete(k);
    return times;
  }

  /** Forget addresses whose failures have all left the window (at most once a window). */
  private sweep(t: number): void {
    if (t - this.lastSweep < this.limits.windowMs) return;
    this.lastSweep = t;
    for (const k of [...this.failures.keys()]) this.live(k, t);
  }
}

function key(ip: string | null): string {
  return ip ?? 'unknown';
}
