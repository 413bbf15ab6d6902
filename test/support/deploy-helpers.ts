import { spawnSync } from 'node:child_process';
import path from 'node:path';
import type { TestBrowser } from './browser';
import { ROOT } from './build-extension';

/** `npm run -s cli -- …` against a collector's DATA_DIR (its signing key): stdout, or an error with stderr. */
export function collectorCli(dataDir: string): (...args: string[]) => string {
  return (...args) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'cli', 'main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
    return r.stdout;
  };
}

/** The browser's own list of installed copies of our extension (chrome://extensions-internals). */
export async function installedCopies(browser: TestBrowser): Promise<{ id: string; location: string; version: string }[]> {
  const page = await browser.browser.newPage();
  await page.goto('chrome://extensions-internals', { waitUntil: 'domcontentloaded' });
  const all = JSON.parse(await page.evaluate(() => document.body.innerText)) as { id: string; location: string; version: string; name: string }[];
  await page.close();
  return all.filter((e) => e.name === 'School E-safety').map((e) => ({ id: e.id, location: e.location, version: e.version }));
}
