/**
 * Notices a missing or disabled extension: a managed browser has been running for `graceMs`
 * with no native messaging connection from the extension. Reported once per episode.
 */
export class ExtensionWatch {
  private missingSince: number | null = null;
  private reported = false;

  constructor(
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns a tamper detail to report, or null. */
  check(browsers: string[], connections: number): string | null {
    if (connections > 0 || browsers.length === 0) {
      this.missingSince = null;
      this.reported = false;
      return null;
    }
    const t = this.now();
    this.missingSince ??= t;
    if (this.reported || t - this.missingSince < this.graceMs) return null;
    this.reported = true;
    const minutes = Math.round((t - this.missingSince) / 60_000);
    return `${[...new Set(browsers)].join(', ')} running for ${minutes} minute${minutes === 1 ? '' : 's'} with no connection from the e-safety extension (removed, disabled or blocked)`;
  }
}
