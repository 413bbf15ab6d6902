import fs from 'node:fs';

/** Where the system Chromium is: CHROME_PATH, then the usual Debian/Ubuntu/Chrome locations. */
export const CHROME_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string | null {
  const env = process.env.CHROME_PATH;
  if (env) return fs.existsSync(env) ? env : null;
  return CHROME_CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}
