import fs from 'node:fs';
import path from 'node:path';
import { EXTENSION_VERSION } from '../../shared/protocol/version';
import { packCrx3 } from './crx3';
import type { SigningKey } from './signing-key';
import { createZip, type ZipEntry } from './zip';

export interface PackedExtension {
  id: string;
  version: string;
  crx: Buffer;
  /** When this build was made (the manifest's mtime), for Last-Modified. */
  builtAt: Date;
}

export class ExtensionNotBuilt extends Error {}

function listFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(root, full));
    else if (entry.isFile()) out.push(path.relative(root, full).split(path.sep).join('/'));
  }
  return out;
}

/**
 * The built extension (dist/extension) packed as this school's CRX3. The manifest's `key` is
 * replaced by the school's own public key before packing, so the installed extension, an
 * unpacked copy of the same files and the id in every policy all agree. Its `update_url` is set
 * to the collector's update manifest: the force-install policy's URL serves only the first
 * install, after which Chrome checks the URL in the installed manifest, and without one it
 * checks the Chrome Web Store, where this extension is not (measured in Chromium: no update
 * ever reached a device before this). Packed once per build and update URL: a new build (any
 * file changed) is noticed on the next request.
 */
export class ExtensionPackager {
  private cached: { stamp: string; packed: Map<string, PackedExtension> } | null = null;

  constructor(
    private readonly extensionDir: string,
    private readonly key: SigningKey,
  ) {}

  get extensionId(): string {
    return this.key.extensionId;
  }

  /** The current build, packed with `updateUrl` as its update URL (none: for tests and tools that only read it). */
  current(updateUrl?: string): PackedExtension {
    const manifestPath = path.join(this.extensionDir, 'manifest.json');
    let stat: fs.Stats;
    try {
      stat = fs.statSync(manifestPath);
    } catch {
      throw new ExtensionNotBuilt(`no built extension at ${this.extensionDir} (run "npm run build", or set EXTENSION_DIR)`);
    }
    // Every file's size and mtime, not just the manifest's: a request during a rebuild must not
    // cache a half-written build under the finished build's stamp.
    const files = listFiles(this.extensionDir);
    const stamp = files
      .map((f) => {
        const st = fs.statSync(path.join(this.extensionDir, f), { throwIfNoEntry: false });
        return `${f}:${st?.size}:${st?.mtimeMs}`;
      })
      .join('|');
    if (this.cached?.stamp !== stamp) this.cached = { stamp, packed: new Map() };
    const cachedPack = this.cached.packed.get(updateUrl ?? '');
    if (cachedPack) return cachedPack;
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { version?: unknown };
    if (typeof manifest.version !== 'string' || !EXTENSION_VERSION.test(manifest.version)) {
      throw new ExtensionNotBuilt(`${manifestPath} has no valid "version" (1 to 4 dot-separated integers)`);
    }
    const entries: ZipEntry[] = files.map((name) => ({
      name,
      data:
        name === 'manifest.json'
          ? Buffer.from(JSON.stringify({ ...manifest, key: this.key.manifestKey, ...(updateUrl ? { update_url: updateUrl } : {}) }, null, 2))
          : fs.readFileSync(path.join(this.extensionDir, name)),
    }));
    const packed: PackedExtension = {
      id: this.key.extensionId,
      version: manifest.version,
      crx: packCrx3(createZip(entries), this.key.privateKey),
      builtAt: stat.mtime,
    };
    // A collector reached under more than a few names (PUBLIC_URL unset, clients using several
    // host names) keeps only the latest few packs.
    if (this.cached.packed.size >= 4) this.cached.packed.clear();
    this.cached.packed.set(updateUrl ?? '', packed);
    return packed;
  }
}

export { compareVersions } from '../../shared/protocol/version';
