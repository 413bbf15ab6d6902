import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../support/build-extension';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, TEST_ENROLMENT_TOKEN } from '../support/collector-process';

const OUT = path.join(ROOT, 'node_modules', '.cache', 'esafety-bench', 'collector.mjs');

/** Bundle the collector the way `npm run build` does (dependencies external), once per run. */
export async function bundleCollector(): Promise<string> {
  await build({
    entryPoints: [path.join(ROOT, 'server', 'main.ts')],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return OUT;
}

/** A collector process started like `npm start` (bundled, plain node), on loopback. */
export class BenchCollector {
  url = '';
  pid = 0;
  output = '';
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-bench-'));
  private child: ChildProcess | null = null;

  constructor(
    private readonly bundle: string,
    private readonly env: Record<string, string> = {},
  ) {}

  async start(): Promise<this> {
    const child = spawn(process.execPath, [this.bundle], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        INITIAL_ADMIN_EMAIL: TEST_ADMIN_EMAIL,
        INITIAL_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
        INITIAL_ENROLMENT_TOKEN: TEST_ENROLMENT_TOKEN,
        LOG_LEVEL: 'error',
        JOBS: '0',
        // Load generators send far more than a school device would: lift the per-device limits.
        DEVICE_MESSAGES_PER_SEC: '100000',
        DEVICE_MESSAGE_BURST: '100000',
        DEVICE_EVENTS_PER_SEC: '10000000',
        DEVICE_EVENT_BURST: '10000000',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.pid = child.pid!;
    child.stdout!.on('data', (d) => (this.output += d));
    child.stderr!.on('data', (d) => (this.output = (this.output + d).slice(-20_000)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`collector did not start:\n${this.output}`)), 30_000);
      const check = () => {
        const m = /COLLECTOR_READY (\{.*\})/.exec(this.output);
        if (!m) return;
        clearTimeout(timer);
        this.url = `http://127.0.0.1:${(JSON.parse(m[1]!) as { port: number }).port}`;
        resolve();
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => reject(new Error(`collector exited (${code}):\n${this.output}`)));
    });
    return this;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      });
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** Resident set size of a process, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
