import type { Logger } from '../log';

export interface Job {
  name: string;
  everyMs: number;
  run(): Promise<unknown>;
}

/** Runs jobs on fixed intervals, never two runs of one job at once; failures are logged, not fatal. */
export class Scheduler {
  private timers: NodeJS.Timeout[] = [];
  private running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly jobs: Job[],
    private readonly log: Logger,
  ) {}

  start(firstDelayMs = 10_000): void {
    for (const job of this.jobs) {
      const first = setTimeout(() => void this.runNow(job.name).catch(() => undefined), firstDelayMs);
      const every = setInterval(() => void this.runNow(job.name).catch(() => undefined), job.everyMs);
      first.unref();
      every.unref();
      this.timers.push(first, every);
    }
  }

  /** Run a job now (or join its current run) and resolve with its result. */
  runNow(name: string): Promise<unknown> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) return Promise.reject(new Error(`no job named ${name}`));
    const current = this.running.get(name);
    if (current) return current;
    const run = job
      .run()
      .catch((err) => {
        this.log.error('job failed', { job: name, err: err instanceof Error ? err.stack : String(err) });
        throw err;
      })
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
    return run;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    await Promise.allSettled(this.running.values());
  }
}
