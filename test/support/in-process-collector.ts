import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { bootstrap, type FirstRun } from '../../server/bootstrap';
import { openClusterBus } from '../../server/cluster/open-bus';
import { createCollector, type Collector } from '../../server/collector';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/log';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, TEST_ENROLMENT_TOKEN } from './collector-process';

export interface RunningCollector {
  collector: Collector;
  server: Server;
  url: string;
  first: FirstRun;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A collector in this process on an ephemeral loopback port, over real HTTP and WebSocket,
 * on a real SQLite file (or the store given). For server tests that need to look inside.
 */
export async function startCollector(
  opts: { store?: Store; env?: Record<string, string>; now?: () => Date } = {},
): Promise<RunningCollector> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-srv-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    INITIAL_ADMIN_EMAIL: TEST_ADMIN_EMAIL,
    INITIAL_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    INITIAL_ENROLMENT_TOKEN: TEST_ENROLMENT_TOKEN,
    LOG_LEVEL: (process.env.TEST_LOG_LEVEL as 'silent') ?? 'silent',
    // Tests run jobs when they want them (collector.jobs.runNow).
    JOBS: '0',
    ...opts.env,
  });
  const store = opts.store ?? openSqliteStore(path.join(dataDir, 'collector.sqlite'));
  await store.migrate();
  // A second instance on a shared PostgreSQL store finds the first run already done.
  const first = (await bootstrap(store, config)) ?? {
    schoolId: 'school-1',
    adminEmail: TEST_ADMIN_EMAIL,
    adminPassword: TEST_ADMIN_PASSWORD,
    enrolmentToken: TEST_ENROLMENT_TOKEN,
  };
  const log = createLogger(config.LOG_LEVEL);
  const bus = await openClusterBus(store, log);
  const collector = createCollector(config, store, log, { bus, ...(opts.now ? { now: opts.now } : {}) });
  const server = createServer(getRequestListener(collector.app.fetch));
  server.on('upgrade', (req, socket, head) => collector.handleUpgrade(req, socket, head));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    collector,
    server,
    url,
    first,
    dataDir,
    async stop() {
      await collector.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
