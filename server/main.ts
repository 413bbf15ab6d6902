import { getRequestListener } from '@hono/node-server';
import { bootstrap } from './bootstrap';
import { openClusterBus } from './cluster/open-bus';
import { createCollector } from './collector';
import { ConfigError, loadConfig } from './config';
import { extensionStartupLines } from './deploy/distribution';
import { createLogger } from './log';
import { installGracefulShutdown } from './service/graceful-shutdown';
import { openStore } from './store/open-store';
import { createCollectorServer } from './tls/collector-server';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const store = await openStore(config);
  const first = await bootstrap(store, config);
  // Several instances on one PostgreSQL share live events and policy pushes (LISTEN/NOTIFY).
  const bus = await openClusterBus(store, log);
  const collector = createCollector(config, store, log, { bus });
  const { server, scheme, reloadTls } = createCollectorServer(config, getRequestListener(collector.app.fetch));
  server.on('upgrade', (req, socket, head) => collector.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = config.PUBLIC_URL ?? `${scheme}://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`;
  const lines = [
    '',
    `E-safety collector listening on ${url}  (store: ${store.kind}${store.kind === 'sqlite' ? `, ${config.dataDir}` : ''})`,
    ...extensionStartupLines(config, url),
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

  installGracefulShutdown({ server, closeCollector: () => collector.close(), closeStore: () => store.close(), log });
  process.on('SIGHUP', () => {
    try {
      reloadTls();
      log.info('TLS certificate reloaded');
    } catch (err) {
      log.error('TLS reload failed; keeping the current certificate', { err: String(err) });
    }
  });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
