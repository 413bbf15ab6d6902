import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCrx3, packCrx3 } from '../../server/deploy/crx3';
import { extensionIdFromPublicKey } from '../../server/deploy/extension-id';
import { ExtensionPackager, compareVersions } from '../../server/deploy/extension-package';
import { SIGNING_KEY_FILE, loadOrCreateSigningKey } from '../../server/deploy/signing-key';
import { createZip, readZip } from '../../server/deploy/zip';
import { EXTENSION_PUBLIC_KEY } from '../../manifest.config';
import { startCollector, type RunningCollector } from '../support/in-process-collector';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-deploy-unit-'));

function fakeBuild(dir: string, version: string): void {
  fs.mkdirSync(path.join(dir, 'background'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'School E-safety', version, key: EXTENSION_PUBLIC_KEY }));
  fs.writeFileSync(path.join(dir, 'background', 'main.js'), `console.log(${JSON.stringify(version)});\n`.repeat(50));
  fs.writeFileSync(path.join(dir, 'icon.png'), crypto.randomBytes(300));
}

describe('extension id', () => {
  it('derives the id Chrome shows for the manifest key in manifest.config.ts', () => {
    expect(extensionIdFromPublicKey(Buffer.from(EXTENSION_PUBLIC_KEY, 'base64'))).toBe('nipfnnhggfaijbpfacionjfcoeegeefh');
  });
});

describe('signing key', () => {
  it('is generated once as PKCS#8 PEM with mode 0600 and reused, so the id never changes', () => {
    const dir = tmp();
    const a = loadOrCreateSigningKey(dir);
    const file = path.join(dir, SIGNING_KEY_FILE);
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const b = loadOrCreateSigningKey(dir);
    expect(b.extensionId).toBe(a.extensionId);
    expect(a.extensionId).toMatch(/^[a-p]{32}$/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a damaged key file with a message saying what to do', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, SIGNING_KEY_FILE), 'not a key');
    expect(() => loadOrCreateSigningKey(dir)).toThrow(/not a readable private key.*restore it from a backup/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('CRX3', () => {
  it('round-trips: the signature verifies and the archive holds the files', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const zip = createZip([
      { name: 'manifest.json', data: Buffer.from('{"name":"x"}') },
      { name: 'a/b.js', data: Buffer.from('x'.repeat(5000)) },
    ]);
    const crx = packCrx3(zip, privateKey);
    expect(crx.subarray(0, 4).toString()).toBe('Cr24');
    expect(crx.readUInt32LE(4)).toBe(3);
    const v = verifyCrx3(crx);
    expect(v.extensionId).toBe(extensionIdFromPublicKey(publicKey.export({ type: 'spki', format: 'der' })));
    expect(readZip(v.archive).map((e) => [e.name, e.data.length])).toEqual([
      ['manifest.json', 12],
      ['a/b.js', 5000],
    ]);
  });

  it('detects a tampered archive or header', () => {
    const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const crx = packCrx3(createZip([{ name: 'manifest.json', data: Buffer.from('{}') }]), privateKey);
    const tampered = Buffer.from(crx);
    tampered[tampered.length - 30]! ^= 0xff;
    expect(() => verifyCrx3(tampered)).toThrow(/signature does not verify/);
    expect(() => verifyCrx3(Buffer.from('PK\x03\x04 not a crx'))).toThrow(/bad magic/);
  });

  it('packs a build with the school key in the manifest, so an unpacked copy has the same id', () => {
    const dir = tmp();
    const ext = path.join(dir, 'ext');
    fakeBuild(ext, '1.2.3');
    const key = loadOrCreateSigningKey(dir);
    const packed = new ExtensionPackager(ext, key).current();
    const v = verifyCrx3(packed.crx);
    expect(v.extensionId).toBe(key.extensionId);
    expect(packed.version).toBe('1.2.3');
    const files = readZip(v.archive);
    expect(files.map((f) => f.name).sort()).toEqual(['background/main.js', 'icon.png', 'manifest.json']);
    const manifest = JSON.parse(files.find((f) => f.name === 'manifest.json')!.data.toString()) as { key: string; version: string };
    expect(manifest.key).toBe(key.manifestKey);
    expect(extensionIdFromPublicKey(Buffer.from(manifest.key, 'base64'))).toBe(key.extensionId);
    expect(files.find((f) => f.name === 'icon.png')!.data.equals(fs.readFileSync(path.join(ext, 'icon.png')))).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('compares Chrome versions numerically', () => {
    expect(compareVersions('0.10.0', '0.9.9')).toBeGreaterThan(0);
    expect(compareVersions('1.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.0.1', '1.0.2')).toBeLessThan(0);
  });
});

describe('served by the collector over HTTP', () => {
  let c: RunningCollector;
  let ext: string;

  beforeAll(async () => {
    ext = tmp();
    fakeBuild(ext, '0.1.0');
    c = await startCollector({ env: { EXTENSION_DIR: ext } });
  });
  afterAll(async () => {
    await c.stop();
    fs.rmSync(ext, { recursive: true, force: true });
  });

  const updates = async () => {
    const res = await fetch(`${c.url}/extension/updates.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/xml/);
    const xml = await res.text();
    return {
      appid: /appid='([^']+)'/.exec(xml)?.[1],
      version: /<updatecheck [^>]*version='([^']+)'/.exec(xml)?.[1],
      codebase: /codebase='([^']+)'/.exec(xml)?.[1]?.replace(/&#38;/g, '&'),
    };
  };

  it('advertises the build in updates.xml and serves a CRX that verifies with the school id', async () => {
    const u = await updates();
    const key = loadOrCreateSigningKey(c.dataDir);
    expect(u.appid).toBe(key.extensionId);
    expect(u.version).toBe('0.1.0');
    expect(u.codebase).toBe(`${c.url}/extension/esafety.crx?v=0.1.0`);
    const res = await fetch(u.codebase!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-chrome-extension');
    const v = verifyCrx3(Buffer.from(await res.arrayBuffer()));
    expect(v.extensionId).toBe(key.extensionId);
    // Chrome takes later updates from the installed manifest's update URL (the Web Store without one).
    const manifest = JSON.parse(readZip(v.archive).find((f) => f.name === 'manifest.json')!.data.toString()) as { update_url?: string };
    expect(manifest.update_url).toBe(`${c.url}/extension/updates.xml`);
  });

  it('a new build with a higher version is advertised, with the same id', async () => {
    const before = await updates();
    await new Promise((r) => setTimeout(r, 20));
    fakeBuild(ext, '0.2.0');
    const after = await updates();
    expect(after.version).toBe('0.2.0');
    expect(after.appid).toBe(before.appid);
    expect(compareVersions(after.version!, before.version!)).toBeGreaterThan(0);
    const crx = Buffer.from(await (await fetch(after.codebase!)).arrayBuffer());
    const manifest = readZip(verifyCrx3(crx).archive).find((f) => f.name === 'manifest.json')!;
    expect(JSON.parse(manifest.data.toString()).version).toBe('0.2.0');
  });

  it('says clearly when there is no build to serve', async () => {
    fs.rmSync(path.join(ext, 'manifest.json'));
    const res = await fetch(`${c.url}/extension/updates.xml`);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/no built extension.*npm run build/);
  });
});

describe('packing follows the build on disk', () => {
  it('repacks when any file changes, not only the manifest', () => {
    const dir = tmp();
    const ext = path.join(dir, 'ext');
    fakeBuild(ext, '3.0.0');
    const packager = new ExtensionPackager(ext, loadOrCreateSigningKey(dir));
    const first = packager.current();
    expect(packager.current()).toBe(first); // cached while nothing changed
    fs.writeFileSync(path.join(ext, 'background', 'main.js'), 'console.log("rebuilt");');
    const second = packager.current();
    expect(second).not.toBe(first);
    const js = readZip(verifyCrx3(second.crx).archive).find((f) => f.name === 'background/main.js')!;
    expect(js.data.toString()).toBe('console.log("rebuilt");');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
