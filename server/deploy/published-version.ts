import fs from 'node:fs';
import path from 'node:path';
import { EXTENSION_VERSION } from '../../shared/protocol/version';

/**
 * The version of the built extension this collector publishes (the one its update manifest
 * offers), read from the build's manifest.json and re-read when that file changes; undefined
 * while none is built or its version is unreadable. Cheap enough to ask on every device
 * connection: one stat.
 */
export function publishedVersion(extensionDir: string): () => string | undefined {
  const file = path.join(extensionDir, 'manifest.json');
  let cached: { stamp: string; version: string | undefined } | null = null;
  return () => {
    const st = fs.statSync(file, { throwIfNoEntry: false });
    if (!st) return undefined;
    const stamp = `${st.size}:${st.mtimeMs}`;
    if (cached?.stamp !== stamp) {
      let version: string | undefined;
      try {
        const v = (JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown }).version;
        version = typeof v === 'string' && EXTENSION_VERSION.test(v) ? v : undefined;
      } catch {
        version = undefined; // half-written during a build: the next request reads it again
      }
      cached = { stamp, version };
    }
    return cached.version;
  };
}
