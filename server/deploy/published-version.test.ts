import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD } from '../../test/support/collector-process';
import { DeviceClient, enrol, type Enrolled } from '../../test/support/device-client';
import { startCollector, type RunningCollector } from '../../test/support/in-process-collector';
import { StaffClient } from '../../test/support/staff-client';
import { publishedVersion } from './published-version';

/** A build directory whose manifest says `version` (a new mtime each time, as a rebuild gives). */
function writeBuild(dir: string, manifest: string, at: number): void {
  const file = path.join(dir, 'manifest.json');
  fs.writeFileSync(file, manifest);
  fs.utimesSync(file, at, at);
}

describe('the collector announces the extension version it publishes, over real WebSocket and HTTP', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-ext-'));
  let c: RunningCollector;
  let creds: Enrolled;
  beforeAll(async () => {
    writeBuild(dir, JSON.stringify({ manifest_version: 3, name: 'School E-safety', version: '0.1.0' }), 1_800_000_000);
    c = await startCollector({ env: { EXTENSION_DIR: dir } });
    creds = await enrol(c.url);
  }, 60_000);
  afterAll(async () => {
    await c.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const hello = async () => {
    const d = await new DeviceClient(c.url, creds).open();
    d.send({ v: 1, type: 'hello', kind: 'extension', version: '0.1.0', policyVersion: 0 });
    const msg = await d.next('policy');
    return { d, msg };
  };
  const pulled = async () => {
    const res = await fetch(`${c.url}/api/v1/device/policy`, { headers: { authorization: `Bearer ${creds.deviceId}.${creds.secret}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as { type: string; extensionVersion?: string };
  };

  it('with every policy: on hello, on a policy push, and over HTTPS; a rebuild is seen without a restart', async () => {
    const { d, msg } = await hello();
    expect(msg.extensionVersion).toBe('0.1.0');
    expect((await pulled()).extensionVersion).toBe('0.1.0');

    writeBuild(dir, JSON.stringify({ manifest_version: 3, name: 'School E-safety', version: '0.1.1' }), 1_800_000_100);
    const dsl = await new StaffClient(c.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    await dsl.api('PUT', '/api/policy', { policy: await c.collector.policy.current(c.first.schoolId), reason: 'push' });
    const pushed = await d.next('policy', (m) => m.policy.version > msg.policy.version);
    expect(pushed.extensionVersion).toBe('0.1.1');
    expect((await pulled()).extensionVersion).toBe('0.1.1');
    d.ws.close();
  });

  it('the Devices page shows which extensions are still on an older version', async () => {
    const dsl = await new StaffClient(c.url).signIn(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD);
    const d = await new DeviceClient(c.url, creds).open();
    const beat = async (version: string) => {
      const ack = await d.sendEvents([{ id: `hb-${version.replace(/\./g, '')}-${Date.now()}`, at: new Date().toISOString(), type: 'heartbeat', kind: 'extension', version, policyVersion: 1, role: 'pupil', board: { on: false, reason: 'startup' } }]);
      expect(ack.rejected).toEqual([]);
      return (await dsl.api('GET', '/api/dashboard/devices')) as { publishedExtension: string | null; devices: { id: string; version: string; updatePending: boolean }[] };
    };
    let page = await beat('0.1.0');
    expect(page.publishedExtension).toBe('0.1.1');
    expect(page.devices.find((x) => x.id === creds.deviceId)).toMatchObject({ version: '0.1.0', updatePending: true });
    page = await beat('0.1.1');
    expect(page.devices.find((x) => x.id === creds.deviceId)).toMatchObject({ version: '0.1.1', updatePending: false });
    page = await beat('0.2.0'); // a device ahead of the collector (a newer build tried on one laptop) is not "updating"
    expect(page.devices.find((x) => x.id === creds.deviceId)).toMatchObject({ updatePending: false });
    d.ws.close();
  });

  it('announces nothing while no build is there or its manifest is unreadable', async () => {
    writeBuild(dir, '{"version": "0.1.2", "name": "half writ', 1_800_000_200);
    const first = await hello();
    expect(first.msg.type).toBe('policy');
    expect(first.msg.extensionVersion).toBeUndefined();
    first.d.ws.close();
    writeBuild(dir, JSON.stringify({ version: 'latest' }), 1_800_000_300);
    expect((await pulled()).extensionVersion).toBeUndefined();
    fs.rmSync(path.join(dir, 'manifest.json'));
    expect((await pulled()).extensionVersion).toBeUndefined();
    const again = await hello();
    expect(again.msg.extensionVersion).toBeUndefined();
    again.d.ws.close();
  });
});

describe('publishedVersion', () => {
  it('reads the manifest once per change', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esafety-ext-'));
    try {
      const read = publishedVersion(dir);
      expect(read()).toBeUndefined();
      writeBuild(dir, JSON.stringify({ version: '1.2.3.4' }), 1_800_000_000);
      expect(read()).toBe('1.2.3.4');
      // Same size and mtime: not read again (a test of the cache: the text changed underneath).
      fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '1.2.3.5' }));
      fs.utimesSync(path.join(dir, 'manifest.json'), 1_800_000_000, 1_800_000_000);
      expect(read()).toBe('1.2.3.4');
      writeBuild(dir, JSON.stringify({ version: '1.2.3.5' }), 1_800_000_001);
      expect(read()).toBe('1.2.3.5');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
