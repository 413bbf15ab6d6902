import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DeviceEvent } from '../shared/protocol/events';
import { wsProtocols } from '../shared/protocol/messages';
import { DeviceClient, enrol } from '../test/support/device-client';
import { startCollector, type RunningCollector } from '../test/support/in-process-collector';
import { sampleKeywordAlert } from '../test/support/sample-events';
import { waitFor } from '../test/support/wait';

let c: RunningCollector;
beforeAll(async () => {
  c = await startCollector();
});
afterAll(() => c.stop());

const alert = sampleKeywordAlert;

describe('enrolment', () => {
  it('gives a device its own id and secret for a valid token', async () => {
    const e = await enrol(c.url, { name: 'Y4-01' });
    expect(e.deviceId).toMatch(/^dev_/);
    expect(e.secret.length).toBeGreaterThanOrEqual(40);
    const stored = await c.collector.store.getDevice(e.deviceId);
    expect(stored?.secretHash).not.toContain(e.secret);
  });

  it('refuses an unknown token with 401 and a message', async () => {
    const res = await fetch(`${c.url}/api/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ v: 1, token: 'x'.repeat(32), kind: 'extension', version: '1' }),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/enrolment token not recognised/);
  });

  it('answers malformed JSON and wrong types with 400, and a wrong content type with 415', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${c.url}/api/v1/enrol`, { method: 'POST', headers: { 'content-type': type }, body });
    expect((await post('{nope')).status).toBe(400);
    expect((await post(JSON.stringify({ v: 1, token: 5, kind: 'toaster' }))).status).toBe(400);
    expect((await post('{}', 'text/plain')).status).toBe(415);
  });
});

describe('device WebSocket', () => {
  it('a device is last seen when its socket closes, not at its last message', async () => {
    const e = await enrol(c.url);
    const d = await new DeviceClient(c.url, e).open();
    const opened = await waitFor('touched on connect', async () => (await c.collector.store.getDevice(e.deviceId))?.lastSeenAt);
    // Connected and quiet for a moment (no heartbeat), then switched off.
    await waitFor('the clock to move on', () => Date.now() > Date.parse(opened) + 50, 5000, 10);
    const closedAt = new Date().toISOString();
    d.close();
    await waitFor('disconnected', () => !c.collector.sockets.isConnected(e.deviceId), 5000);
    const seen = await waitFor('touched on close', async () => {
      const at = (await c.collector.store.getDevice(e.deviceId))?.lastSeenAt;
      return at && at >= closedAt ? at : null;
    });
    expect(seen > opened).toBe(true);
  });

  it('refuses the upgrade without valid credentials (before any socket exists)', async () => {
    const e = await enrol(c.url);
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(c.url.replace('http', 'ws') + '/api/v1/device/ws', wsProtocols(e.deviceId, 'wrong-secret'));
      ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(401);
  });

  it('acknowledges a batch only once stored, and a re-sent batch creates no duplicates', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    const events = [alert(), alert({ severity: 4, term: 'self harm', category: 'self-harm' } as Partial<DeviceEvent>)];
    const ack1 = await d.sendEvents(events);
    expect(ack1.stored.sort()).toEqual(events.map((e) => e.id).sort());
    const ack2 = await d.sendEvents(events);
    expect(ack2.stored.sort()).toEqual(events.map((e) => e.id).sort());
    const alerts = await c.collector.store.listAlerts({ schoolId: d.creds.schoolId, deviceId: d.creds.deviceId });
    expect(alerts).toHaveLength(2);
    d.close();
  });

  it('answers a malformed message with an error and keeps serving the device', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    d.send('{not json');
    expect((await d.next('error')).code).toBe('malformed_json');
    d.send({ v: 1, type: 'events', batchId: 'batch-0001', events: [{ ...alert(), severity: 9 }] });
    const err = await d.next('error', (m) => m.code === 'bad_message');
    expect(err.message).toMatch(/severity/);
    const ack = await d.sendEvents([alert()]);
    expect(ack.stored).toHaveLength(1);
    d.close();
  });

  it('tells a device on an unknown protocol version to update, and closes', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    d.send({ v: 2, type: 'hello' });
    expect((await d.next('error')).code).toBe('unsupported_version');
    await new Promise((r) => setTimeout(r, 100));
    expect(d.closeCode).toBe(4426);
  });

  it('pushes a changed policy to connected devices at once', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    const current = await c.collector.policy.current(d.creds.schoolId);
    d.send({ v: 1, type: 'hello', kind: 'extension', version: '1', policyVersion: current.version });
    await new Promise((r) => setTimeout(r, 50));
    const next = structuredClone(current);
    next.groups.pupil!.search.engine = 'kidrex';
    await c.collector.policy.update(d.creds.schoolId, next, { by: 'test', reason: 'KidRex for KS1 this term' });
    const pushed = await d.next('policy', (m) => m.policy.version === current.version + 1);
    expect(pushed.policy.groups.pupil!.search.engine).toBe('kidrex');
    d.close();
  });
});
