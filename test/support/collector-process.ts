import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './build-extension';

export const TEST_ADMIN_EMAIL = 'dsl@school.invalid';
export const TEST_ADMIN_PASSWORD = 'correct-horse-battery-staple';
export const TEST_ENROLMENT_TOKEN = 'test-enrolment-token-0123456789';

export interface CollectorProcessOptions {
  env?: Record<string, string>;
  dataDir?: string;
  port?: number;
}

/**
 * A real collector process on loopback, started the way `npm start` starts it (minus the
 * build step), with a throwaway DATA_DIR and known first-run credentials.
 */
export class CollectorProcess {
  url = '';
  port = 0;
  readonly dataDir: string;
  private child: ChildProcess | null = null;
  output = '';
  private cookie = '';
  private csrf = '';

  constructor(private readonly options: CollectorProcessOptions = {}) {
    this.dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-collector-'));
  }

  async start(timeoutMs = 30_000): Promise<this> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(this.options.port ?? 0),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        INITIAL_ADMIN_EMAIL: TEST_ADMIN_EMAIL,
        INITIAL_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
        INITIAL_ENROLMENT_TOKEN: TEST_ENROLMENT_TOKEN,
        LOG_LEVEL: process.env.TEST_COLLECTOR_LOG ?? 'warn',
        ...this.options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (d) => (this.output += d));
    child.stderr!.on('data', (d) => (this.output += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`collector did not start in ${timeoutMs} ms:\n${this.output}`)), timeoutMs);
      const check = () => {
        const m = /COLLECTOR_READY (\{.*\})/.exec(this.output);
        if (m) {
          clearTimeout(timer);
          const info = JSON.parse(m[1]!) as { port: number; url: string };
          this.port = info.port;
          this.url = `${info.url.startsWith('https://') ? 'https' : 'http'}://127.0.0.1:${info.port}`;
          resolve();
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`collector exited (${code}) before it was ready:\n${this.output}`));
      });
    });
    return this;
  }

  /** The running process's id (RSS sampling in benchmarks), undefined when not running. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Signal the process and wait for it to exit; resolves to its exit code (null if it was not running). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill(signal);
    });
    this.child = null;
    return code;
  }

  /** Remove the data directory (call after stop). */
  cleanup(): void {
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  async signIn(email = TEST_ADMIN_EMAIL, password = TEST_ADMIN_PASSWORD): Promise<void> {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  /** A staff API call with the signed-in session. */
  async api<T = unknown>(method: string, p: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${p}`, {
      method,
      headers: { cookie: this.cookie, 'x-csrf-token': this.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p} -> ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }
}
