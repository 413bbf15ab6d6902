import path from 'node:path';
import { z } from 'zod';

/**
 * Collector configuration, read once from the environment and validated; a bad value stops
 * the process with a message naming the variable, rather than running half-configured.
 */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8470),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL (leave it unset for the embedded SQLite store)')
    .optional(),
  /** The address staff and devices use to reach this collector (for links in e-mails). */
  PUBLIC_URL: z.string().url('PUBLIC_URL must be a URL such as https://esafety.school.example').optional(),
  /** Name of the school created on first run. */
  SCHOOL_NAME: z.string().min(1).max(200).default('Our School'),
  /** First-run only: use these instead of generating (automation, tests). */
  INITIAL_ADMIN_EMAIL: z.string().email().default('dsl@school.invalid'),
  INITIAL_ADMIN_PASSWORD: z.string().min(12, 'INITIAL_ADMIN_PASSWORD must be at least 12 characters').optional(),
  INITIAL_ENROLMENT_TOKEN: z.string().min(16, 'INITIAL_ENROLMENT_TOKEN must be at least 16 characters').optional(),
  /** Trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy in front of the collector. */
  TRUST_PROXY: z
    .enum(['0', '1', 'true', 'false'])
    .default('0')
    .transform((v) => v === '1' || v === 'true'),
  /** The built extension the collector packs and serves as a CRX (default: dist/extension). */
  EXTENSION_DIR: z.string().min(1).optional(),
  /** Serve HTTPS/WSS directly: PEM certificate chain and private key files (both or neither). */
  TLS_CERT: z.string().min(1).optional(),
  TLS_KEY: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Per-device limits (WebSocket and HTTPS fallback together): sustained rate and burst. */
  DEVICE_MESSAGES_PER_SEC: z.coerce.number().positive().default(20),
  DEVICE_MESSAGE_BURST: z.coerce.number().int().min(1).default(200),
  DEVICE_EVENTS_PER_SEC: z.coerce.number().positive().default(2000),
  DEVICE_EVENT_BURST: z.coerce.number().int().min(1).default(20_000),
  /** Wrong enrolment tokens allowed per client address in a sliding window; then 429 until it slides. */
  ENROL_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  ENROL_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /**
   * A device not heard from for this long (and not connected) raises an IT alert: minutes
   * (default 120), or seconds for tests and demonstrations; set one, not both.
   */
  SILENT_AFTER_MINUTES: z.coerce.number().int().min(1).max(525_600).optional(),
  SILENT_AFTER_SECONDS: z.coerce.number().int().min(1).max(31_536_000).optional(),
  /** Seconds between server pings on device sockets; a socket that missed one is closed. */
  WS_PING_SECONDS: z.coerce.number().int().min(1).default(30),
  /** Run the scheduled jobs (retention purge, silent devices) in this instance. */
  JOBS: z
    .enum(['0', '1', 'true', 'false'])
    .default('1')
    .transform((v) => v === '1' || v === 'true'),
  /** Dashboard e-mail: an SMTP URL (smtp://user:pass@host:587 or smtps://…); unset = no e-mail, said at start. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).max(200).default('E-safety <esafety@school.invalid>'),
  /** Seed 001: the monthly report goes to the e-safety coordinator. */
  ESAFETY_COORDINATOR_EMAIL: z.string().email('ESAFETY_COORDINATOR_EMAIL must be an e-mail address').optional(),
  /** Where the built dashboard SPA is (default: dist/dashboard). */
  DASHBOARD_DIR: z.string().min(1).optional(),
});

export type CollectorConfig = z.infer<typeof Env> & {
  dataDir: string;
  /** SILENT_AFTER_SECONDS or SILENT_AFTER_MINUTES (default 120 minutes), in milliseconds. */
  silentAfterMs: number;
};

export const DEFAULT_SILENT_AFTER_MINUTES = 120;

/**
 * How often the silent-devices job runs for a threshold: a quarter of it, at least once a
 * second and at most every 5 minutes, so an alert comes at most ~25% (or 5 min) after the
 * threshold passes without querying the store constantly.
 */
export function silentJobIntervalMs(silentAfterMs: number): number {
  return Math.min(5 * 60_000, Math.max(1000, Math.round(silentAfterMs / 4)));
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): CollectorConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid collector configuration:\n${lines.join('\n')}`);
  }
  const d = parsed.data;
  if (d.SILENT_AFTER_MINUTES !== undefined && d.SILENT_AFTER_SECONDS !== undefined) {
    throw new ConfigError(
      'Invalid collector configuration:\n  SILENT_AFTER_SECONDS: set either SILENT_AFTER_MINUTES or SILENT_AFTER_SECONDS, not both',
    );
  }
  const silentAfterMs = d.SILENT_AFTER_SECONDS !== undefined ? d.SILENT_AFTER_SECONDS * 1000 : (d.SILENT_AFTER_MINUTES ?? DEFAULT_SILENT_AFTER_MINUTES) * 60_000;
  return { ...d, dataDir: path.resolve(d.DATA_DIR), silentAfterMs };
}
