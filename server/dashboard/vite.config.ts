import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The staff dashboard: a Preact SPA built into dist/dashboard and served by the collector.
 * ESAFETY_DASHBOARD_OUT overrides the output folder (tests build into a private temp folder).
 */
export default defineConfig({
  root: here,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: process.env.ESAFETY_DASHBOARD_OUT ?? path.join(here, '..', '..', 'dist', 'dashboard'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 800,
  },
});
