/**
 * `npm run build`: everything `npm start` needs, into dist/.
 *   dist/extension/   the production extension (load unpacked, or packed as CRX by the collector)
 *   dist/server/      the collector, bundled for Node (dependencies stay in node_modules)
 *   dist/dashboard/   the staff dashboard SPA (Preact, Vite), served by the collector
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { buildAgent } from '../../agent/build';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function buildExtension(): Promise<void> {
  await viteBuild({ configFile: path.join(ROOT, 'extension', 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
}

async function buildDashboard(): Promise<void> {
  await viteBuild({ configFile: path.join(ROOT, 'server', 'dashboard', 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
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
await buildDashboard();
await buildAgent(ROOT); // dist/agent/main.js: the Windows/Linux endpoint agent
process.stdout.write(`Built extension (dist/extension), collector (dist/server) and dashboard (dist/dashboard) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
