import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildTestDashboard } from './build-dashboard';
import { buildTestExtension } from './build-extension';
import { findChromium } from './chromium-path';

declare module 'vitest' {
  export interface ProvidedContext {
    extensionDir: string;
    extensionProdDir: string;
    chromiumPath: string;
    dashboardDir: string;
  }
}

/** Once per e2e run: find the browser (never skip), build both extension variants. */
export default async function setup(project: TestProject): Promise<() => void> {
  const chromium = findChromium();
  if (!chromium) {
    throw new Error('No Chromium found. Install Debian\'s "chromium" package (apt-get install -y chromium) or set CHROME_PATH.');
  }
  const [testDir, prodDir, dashboardDir] = await Promise.all([buildTestExtension('test'), buildTestExtension('production'), buildTestDashboard()]);
  project.provide('dashboardDir', dashboardDir);
  project.provide('extensionDir', testDir);
  project.provide('extensionProdDir', prodDir);
  project.provide('chromiumPath', chromium);
  return () => {
    fs.rmSync(testDir, { recursive: true, force: true });
    fs.rmSync(prodDir, { recursive: true, force: true });
    fs.rmSync(dashboardDir, { recursive: true, force: true });
  };
}
