import type Database from 'better-sqlite3';

interface Work {
  run: () => unknown;
  resolve: (v: never) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for SQLite. better-sqlite3 is synchronous, so a commit with synchronous=FULL
 * blocks the event loop for its fsync; writes queued by any area (ingest, last-seen) are run
 * together in one transaction so many devices share one fsync. Under load the queue waits a
 * little longer before committing (about as long as the last commit took, at most MAX_WAIT_MS)
 * so more work shares each fsync. If the shared transaction fails, each piece of work is
 * retried alone so one bad write cannot fail the others.
 */
export class CommitQueue {
  private pending: Work[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private lastCommitMs = 0;
  static readonly MAX_WAIT_MS = 10;

  constructor(private readonly db: Database.Database) {}

  enqueue<T>(run: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ run, resolve: resolve as (v: never) => void, reject });
      if (this.timer) return;
      const wait = Math.min(CommitQueue.MAX_WAIT_MS, Math.floor(this.lastCommitMs));
      this.timer = wait >= 1 ? setTimeout(() => this.flush(), wait) : setImmediate(() => this.flush());
    });
  }

  /** Run everything queued now (also used before closing). */
  flush(): void {
    this.timer = null;
    const work = this.pending;
    this.pending = [];
    if (!work.length) return;
    const t0 = performance.now();
    try {
      const results = this.db.transaction(() => work.map((w) => w.run()))();
      work.forEach((w, i) => w.resolve(results[i] as never));
    } catch {
      for (const w of work) {
        try {
          w.resolve(this.db.transaction(() => w.run())() as never);
        } catch (err) {
          w.reject(err);
        }
      }
    }
    this.lastCommitMs = performance.now() - t0;
  }
}
