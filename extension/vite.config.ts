import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crx } from '@crxjs/vite-plugin';
import { defineConfig } from 'vite';
import manifest from '../manifest.config.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Builds the MV3 extension from manifest.config.ts. `--mode test` compiles in the test hooks
 * used by the end-to-end suite; the default (production) build leaves them out entirely.
 * ESAFETY_EXT_OUT overrides the output folder (tests build into a private temp folder).
 */
export default defineConfig(({ mode }) => ({
  root: here,
  publicDir: path.join(here, 'public'),
  define: { __ESAFETY_TEST_HOOKS__: JSON.stringify(mode === 'test') },
  logLevel: 'warn',
  build: {
    outDir: process.env.ESAFETY_EXT_OUT ?? path.join(here, '..', 'dist', mode === 'test' ? 'extension-test' : 'extension'),
    emptyOutDir: true,
    target: 'chrome120',
    minify: mode !== 'test',
    sourcemap: false,
    reportCompressedSize: false,
    // Pages reached only by redirect (not named in the manifest) must be listed as inputs.
    rollupOptions: { input: { block: path.join(here, 'pages', 'block.html'), board: path.join(here, 'pages', 'board.html') } },
  },
  plugins: [crx({ manifest, contentScripts: { standaloneFiles: ['content/main.ts'] } })],
}));
