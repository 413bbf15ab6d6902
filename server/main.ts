import { createServer } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { bootstrap } from './bootstrap';
import { createCollector } from './collector';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './log';
import { openStore } from './store/open-store';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const store = await openStore(config);
  const first = await bootstrap(store, config);
  const collector = createCollector(config, store, log);
  const server = createServer(getRequestListener(collector.app.fetch));
  server.on('upgrade', (req, socket, head) => collector.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
  const lines = [
    '',
    `E-safety collector listening on ${url}  (store: ${store.kind}${store.kind === 'sqlite' ? `, ${config.dataDir}` : ''})`,
  ];
  if (first) {
    lines.push(
      '',
      '  FIRST RUN: keep these safe, they are shown only once.',
      `  Dashboard sign-in:  ${first.adminEmail}`,
      `  Password:           ${first.adminPassword}`,
      `  Enrolment token:    ${first.enrolmentToken}`,
      '  (put the enrolment token and this URL in the extension\'s managed configuration or the agent installer)',
    );
  }
  process.stdout.write(lines.join('\n') + '\n\n');
  // Machine-readable line for scripts and tests that start the collector.
  process.stdout.write(`COLLECTOR_READY ${JSON.stringify({ url, port })}\n`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    server.close();
    await collector.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
