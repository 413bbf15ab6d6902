/**
 * `npm run build`: everything `npm start` needs, into dist/.
 *   dist/extension/   the production extension (load unpacked, or packed as CRX by the collector)
 *   dist/server/      the collector, bundled for Node (dependencies stay in node_modules)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function buildExtension(): Promise<void> {
  await viteBuild({ configFile: path.join(ROOT, 'extension', 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
}

async function buildServer(): Promise<void> {
  await esbuild({
    entryPoints: { 'server/main': path.join(ROOT, 'server', 'main.ts') },
    outdir: path.join(ROOT, 'dist'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
}

const started = Date.now();
await buildExtension();
await buildServer();
process.stdout.write(`Built extension (dist/extension) and collector (dist/server) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
