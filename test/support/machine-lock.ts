import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A machine-wide lock (atomic mkdir) for resources every test run shares, such as Chromium's
 * managed policy directory. A lock left by a dead process is taken over.
 */
export async function withMachineLock<T>(name: string, fn: () => Promise<T>, timeoutMs = 10 * 60_000): Promise<T> {
  const release = await acquireMachineLock(name, timeoutMs);
  try {
    return await fn();
  } finally {
    release();
  }
}

export async function acquireMachineLock(name: string, timeoutMs = 10 * 60_000): Promise<() => void> {
  const dir = path.join(os.tmpdir(), `esafety-lock-${name}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
      return () => fs.rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let pid = 0;
      try {
        pid = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8') || 0);
      } catch (readErr) {
        // The holder is between mkdir and writing its pid, or has just released: look again.
        if ((readErr as NodeJS.ErrnoException).code !== 'ENOENT') throw readErr;
      }
      const alive = pid > 0 && (() => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      })();
      const age = Date.now() - (fs.statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if ((!alive && pid > 0) || (pid === 0 && age > 30_000)) fs.rmSync(dir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`could not take machine lock "${name}" in ${timeoutMs} ms (held by pid ${pid})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
