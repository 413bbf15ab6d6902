import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { ROOT } from './build-extension';

/** Build the staff dashboard SPA into a private temp folder; collectors under test get DASHBOARD_DIR. */
export async function buildTestDashboard(): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-dashboard-'));
  await build({ configFile: path.join(ROOT, 'server', 'dashboard', 'vite.config.ts'), mode: 'production', logLevel: 'error', build: { outDir: out } });
  if (!fs.existsSync(path.join(out, 'index.html'))) throw new Error(`dashboard build wrote no index.html to ${out}`);
  return out;
}
