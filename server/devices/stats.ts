/**
 * Counters for everything the collector refuses or drops, so bad input is visible rather than
 * silent (GET /api/collector/stats, staff only). Names are stable: tests and benches read them.
 */
export class CollectorStats {
  private readonly counters = new Map<string, number>();
  readonly startedAt = new Date().toISOString();

  count(name: string, n = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + n);
  }

  get(name: string): number {
    return this.counters.get(name) ?? 0;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counters].sort(([a], [b]) => a.localeCompare(b)));
  }
}
