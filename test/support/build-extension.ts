import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Build the extension (test mode: hooks compiled in) into a private temp folder, so a test
 * run never loads a half-written dist/ that another build is replacing.
 */
export async function buildTestExtension(mode: 'test' | 'production' = 'test'): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), `esafety-ext-${mode}-`));
  await build({ configFile: path.join(ROOT, 'extension', 'vite.config.ts'), mode, logLevel: 'error', build: { outDir: out } });
  if (!fs.existsSync(path.join(out, 'manifest.json'))) throw new Error(`extension build wrote no manifest to ${out}`);
  return out;
}
