/**
 * `npm test`: type-check, then every test tier. Browser tests never skip: if no Chromium is
 * found this installs Debian's package when it can (root + apt), otherwise stops and says
 * exactly what to install.
 */
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { findChromium } from './support/chromium-path';

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function ensureChromium(): void {
  if (findChromium()) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = fs.existsSync('/usr/bin/apt-get');
  if (process.env.CHROME_PATH) {
    console.error(`CHROME_PATH=${process.env.CHROME_PATH} does not exist. Point it at a Chromium or Chrome binary.`);
    process.exit(1);
  }
  if (!isRoot || !hasApt) {
    console.error(
      'The end-to-end tests need Chromium and none was found.\n' +
        '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium\n' +
        '  Elsewhere:      install Chromium or Chrome and set CHROME_PATH=/path/to/chrome',
    );
    process.exit(1);
  }
  console.log('Chromium not found: installing Debian\'s "chromium" package (about a minute)…');
  execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  if (!findChromium()) {
    console.error('apt-get finished but no Chromium binary was found; set CHROME_PATH.');
    process.exit(1);
  }
}

const started = Date.now();
ensureChromium();
console.log('Type-checking (tsc --noEmit)…');
run(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']);
run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)]);
console.log(`All tests passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
