import fs from 'node:fs';
import path from 'node:path';
import type { CollectorConfig } from '../config';
import { ExtensionPackager } from './extension-package';
import { extensionRoutes } from './extension-routes';
import { loadOrCreateSigningKey } from './signing-key';

/** Where the collector looks for the built extension: EXTENSION_DIR, else dist/extension under the working directory. */
export const extensionDirOf = (config: Pick<CollectorConfig, 'EXTENSION_DIR'>): string => path.resolve(config.EXTENSION_DIR ?? path.join('dist', 'extension'));

/** The collector's self-hosted extension routes, with the school's signing key loaded on first use. */
export function extensionDistribution(config: CollectorConfig) {
  let packager: ExtensionPackager | null = null;
  return extensionRoutes({
    packager: () => (packager ??= new ExtensionPackager(extensionDirOf(config), loadOrCreateSigningKey(config.dataDir))),
    publicUrl: config.PUBLIC_URL,
    trustProxy: config.TRUST_PROXY,
  });
}

/** Lines main.ts prints at start: the id and force-install value IT needs (creates the key on first start). */
export function extensionStartupLines(config: CollectorConfig, url: string): string[] {
  const key = loadOrCreateSigningKey(config.dataDir);
  const lines = [`  Extension id:       ${key.extensionId}  (force-install: ${key.extensionId};${url.replace(/\/+$/, '')}/extension/updates.xml)`];
  const manifest = path.join(extensionDirOf(config), 'manifest.json');
  if (!fs.existsSync(manifest)) lines.push(`  No built extension at ${path.dirname(manifest)}: run "npm run build" (or set EXTENSION_DIR) before devices install it.`);
  return lines;
}
