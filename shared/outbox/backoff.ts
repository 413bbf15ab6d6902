/** Exponential backoff with full jitter (AWS architecture blog), capped. */
export class Backoff {
  private attempt = 0;
  constructor(
    private readonly baseMs = 1_000,
    private readonly maxMs = 5 * 60_000,
    private readonly random: () => number = Math.random,
  ) {}
  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }
  reset(): void {
    this.attempt = 0;
  }
}
