import type http from 'node:http';
import type { Logger } from '../log';

export interface ShutdownParts {
  server: http.Server;
  /** Closes device sockets after their in-flight batches are stored and acked. */
  closeCollector(): Promise<void>;
  closeStore(): Promise<void>;
  log: Logger;
  /** Give up and exit 1 after this long (systemd's TimeoutStopSec is 30 s by default). */
  timeoutMs?: number;
  exit?: (code: number) => void;
}

/**
 * SIGTERM/SIGINT (systemd stop, Windows service stop, Ctrl-C): stop taking new connections,
 * let every batch already received finish (stored, then acked), close device sockets with
 * "going away" so devices reconnect later, wait for in-flight HTTP requests, close the store,
 * exit 0. Anything not acked stays in the device's outbox and is re-sent: nothing is lost.
 */
export function installGracefulShutdown(p: ShutdownParts, signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): (signal: string) => Promise<void> {
  const exit = p.exit ?? ((code: number) => process.exit(code));
  let stopping: Promise<void> | null = null;
  const stop = (signal: string) =>
    (stopping ??= (async () => {
      p.log.info('shutting down: draining in-flight batches', { signal });
      const timer = setTimeout(() => {
        p.log.error('shutdown did not finish in time; exiting', { timeoutMs: p.timeoutMs ?? 25_000 });
        exit(1);
      }, p.timeoutMs ?? 25_000);
      timer.unref();
      const httpClosed = new Promise<void>((resolve) => p.server.close(() => resolve()));
      try {
        await p.closeCollector();
        p.server.closeIdleConnections();
        await httpClosed;
        await p.closeStore();
        clearTimeout(timer);
        p.log.info('shut down cleanly');
        exit(0);
      } catch (err) {
        clearTimeout(timer);
        p.log.error('shutdown failed', { err: err instanceof Error ? err.stack : String(err) });
        exit(1);
      }
    })());
  for (const s of signals) process.on(s, () => void stop(s));
  return stop;
}
