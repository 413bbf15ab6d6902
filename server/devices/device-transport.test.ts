import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DeviceEvent } from '../../shared/protocol/events';
import { MAX_MESSAGE_BYTES, wsProtocols } from '../../shared/protocol/messages';
import { DeviceClient, enrol } from '../../test/support/device-client';
import { startCollector, type RunningCollector } from '../../test/support/in-process-collector';
import { sampleKeywordAlert } from '../../test/support/sample-events';
import { waitFor } from '../../test/support/wait';

const alert = sampleKeywordAlert;

const postEvents = (url: string, creds: { deviceId: string; secret: string }, body: unknown, type = 'application/json') =>
  fetch(`${url}/api/v1/device/events`, {
    method: 'POST',
    headers: { 'content-type': type, authorization: `Bearer ${creds.deviceId}.${creds.secret}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const upgradeStatus = (url: string, protocols: string[]) =>
  new Promise<number>((resolve) => {
    const ws = new WebSocket(url.replace('http', 'ws') + '/api/v1/device/ws', protocols);
    ws.on('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => (resolve(101), ws.close()));
    ws.on('error', () => undefined);
  });

describe('device transport over real HTTP and WebSocket', () => {
  let c: RunningCollector;
  beforeAll(async () => {
    c = await startCollector();
  });
  afterAll(() => c.stop());
  const stat = (name: string) => c.collector.stats.get(name);

  it('refuses upgrades without the subprotocol, or with a wrong or missing credential, and counts each', async () => {
    const e = await enrol(c.url);
    expect(await upgradeStatus(c.url, ['other'])).toBe(400);
    expect(await upgradeStatus(c.url, ['esafety.v1'])).toBe(401);
    expect(await upgradeStatus(c.url, wsProtocols(e.deviceId, 'x'.repeat(43)))).toBe(401);
    expect(await upgradeStatus(c.url, wsProtocols('dev_nobody', e.secret))).toBe(401);
    expect(stat('ws.refused.subprotocol')).toBeGreaterThanOrEqual(1);
    expect(stat('ws.refused.unauthenticated')).toBeGreaterThanOrEqual(3);
    expect(await upgradeStatus(c.url, wsProtocols(e.deviceId, e.secret))).toBe(101);
  });

  it('HTTPS fallback: stores a batch once, acks a re-sent copy, and refuses bad credentials, bad JSON and wrong types', async () => {
    const e = await enrol(c.url);
    const batch = { v: 1, type: 'events', batchId: 'batch-http-0001', events: [alert(), alert({ severity: 3 } as Partial<DeviceEvent>)] };
    const first = await postEvents(c.url, e, batch);
    expect(first.status).toBe(200);
    expect((await first.json()).stored).toHaveLength(2);
    const again = await postEvents(c.url, e, batch);
    expect((await again.json()).stored).toHaveLength(2);
    expect(await c.collector.store.listAlerts({ schoolId: e.schoolId, deviceId: e.deviceId })).toHaveLength(2);

    expect((await postEvents(c.url, { ...e, secret: 'wrong' }, batch)).status).toBe(401);
    const malformed = await postEvents(c.url, e, '{"v":1,');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error).toBe('malformed_json');
    const wrong = await postEvents(c.url, e, { ...batch, events: [{ ...alert(), severity: 'high' }] });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).message).toMatch(/severity/);
    expect((await postEvents(c.url, e, batch, 'text/plain')).status).toBe(415);
    expect((await postEvents(c.url, e, { ...batch, v: 2 })).status).toBe(426);
    expect(stat('http.400.malformed_json')).toBeGreaterThanOrEqual(1);
    expect(stat('http.401')).toBeGreaterThanOrEqual(1);
  });

  it('refuses an HTTP body over the limit with 413 without reading it all', async () => {
    const e = await enrol(c.url);
    const res = await postEvents(c.url, e, 'x'.repeat(MAX_MESSAGE_BYTES + 10));
    expect(res.status).toBe(413);
    expect(stat('http.413')).toBeGreaterThanOrEqual(1);
  });

  it('closes a socket that sends a frame over maxPayload with 1009, counts it, and other devices carry on', async () => {
    const big = await new DeviceClient(c.url, await enrol(c.url)).open();
    const other = await new DeviceClient(c.url, await enrol(c.url)).open();
    big.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    await waitFor('condition', () => big.closeCode !== null, 10_000);
    expect(big.closeCode).toBe(1009);
    expect(stat('ws.too_large')).toBeGreaterThanOrEqual(1);
    expect((await other.sendEvents([alert()])).stored).toHaveLength(1);
    other.close();
  });

  it('answers wrong types with bad_message naming the refused batch, and closes after too many', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    d.send({ v: 1, type: 'events', batchId: 'batch-wrong-01', events: [{ ...alert(), matchEnd: 999 }] });
    const err = await d.next('error', (m) => m.code === 'bad_message');
    expect(err.batchId).toBe('batch-wrong-01');
    expect(err.message).toMatch(/matchEnd/);
    d.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await d.next('error', (m) => m.code === 'binary_not_supported')).message).toMatch(/JSON/);
    for (let i = 0; i < 25; i++) d.send('{bad');
    await waitFor('condition', () => d.closeCode !== null, 5000);
    expect(d.closeCode).toBe(4400);
  });

  it('handles a fast sender in order with back-pressure: every batch acked, nothing lost', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    const batches = Array.from({ length: 60 }, (_, i) => ({ batchId: `bp-${i.toString().padStart(4, '0')}-x`, events: [alert(), alert()] }));
    for (const b of batches) d.send({ v: 1, type: 'events', ...b });
    for (const b of batches) await d.next('ack', (a) => a.batchId === b.batchId, 20_000);
    const acks = d.received.filter((m) => m.type === 'ack').map((m) => (m as { batchId: string }).batchId);
    expect(acks).toEqual(batches.map((b) => b.batchId));
    expect(await c.collector.store.listAlerts({ schoolId: d.creds.schoolId, deviceId: d.creds.deviceId, limit: 1000 })).toHaveLength(120);
    expect(stat('ws.paused')).toBeGreaterThanOrEqual(1);
    d.close();
  });

  it('drops a device that stops reading once its backlog passes the limit, and counts it', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    const current = await c.collector.policy.current(d.creds.schoolId);
    // About 150 kB a push, so the kernel's socket buffers fill quickly and ours start to grow.
    const until = new Date(Date.now() + 86_400_000).toISOString();
    const policy = { ...current, suspensions: Array.from({ length: 1000 }, (_, i) => ({ user: `pupil-${i}-${'x'.repeat(80)}`, until, reason: 'test' })) };
    // Stop reading on the device side: the server's writes back up.
    (d.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const before = stat('ws.slow_client_terminated');
    for (let i = 0; i < 3000 && stat('ws.slow_client_terminated') === before; i++) {
      c.collector.sockets.pushPolicy(d.creds.schoolId, policy);
      if (i % 100 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    expect(stat('ws.slow_client_terminated')).toBe(before + 1);
    await waitFor('condition', () => !c.collector.sockets.isConnected(d.creds.deviceId), 5000);
    d.ws.terminate();
  });

  it('stores a tamper report as an IT alert', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    await d.sendEvents([{ id: `tamper-${Date.now()}`, at: new Date().toISOString(), type: 'tamper', kind: 'policy_edited', detail: 'managed policy file changed' }]);
    const [a] = await c.collector.store.listAlerts({ schoolId: d.creds.schoolId, deviceId: d.creds.deviceId });
    expect(a).toMatchObject({ kind: 'tamper', category: 'policy_edited', context: 'managed policy file changed' });
    d.close();
  });

  it('records heartbeats as device state: last seen, version, policy version, board', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    await d.sendEvents([
      { id: `hb-${Date.now()}`, at: new Date().toISOString(), type: 'heartbeat', kind: 'extension', version: '2.3.4', policyVersion: 9, role: 'board', board: { on: true, reason: 'display' } },
    ]);
    expect(await c.collector.store.getDevice(d.creds.deviceId)).toMatchObject({ version: '2.3.4', policyVersion: 9, boardOn: true, lastIp: '127.0.0.1' });
    d.close();
  });

  it('pushes a policy change to a device that was offline when it reconnects and says hello', async () => {
    const creds = await enrol(c.url);
    const d1 = await new DeviceClient(c.url, creds).open();
    const current = await c.collector.policy.current(creds.schoolId);
    d1.close();
    await waitFor('condition', () => !c.collector.sockets.isConnected(creds.deviceId), 5000);
    const next = structuredClone(current);
    next.groups.pupil!.search.engine = 'kiddle';
    await c.collector.policy.update(creds.schoolId, next, { by: 'test', reason: 'Kiddle while offline' });
    const d2 = await new DeviceClient(c.url, creds).open();
    d2.send({ v: 1, type: 'hello', kind: 'extension', version: '1', policyVersion: current.version });
    const pushed = await d2.next('policy');
    expect(pushed.policy.version).toBe(current.version + 1);
    expect(pushed.policy.groups.pupil!.search.engine).toBe('kiddle');
    d2.close();
  });
});

describe('per-device limits and heartbeat', () => {
  let c: RunningCollector;
  beforeAll(async () => {
    c = await startCollector({ env: { DEVICE_MESSAGES_PER_SEC: '0.5', DEVICE_MESSAGE_BURST: '3', WS_PING_SECONDS: '1' } });
  });
  afterAll(() => c.stop());

  it('refuses a device over its rate with rate_limited and a retry time, storing nothing of that batch', async () => {
    const d = await new DeviceClient(c.url, await enrol(c.url)).open();
    for (let i = 0; i < 3; i++) await d.sendEvents([alert()]);
    const over = alert();
    d.send({ v: 1, type: 'events', batchId: 'batch-over-01', events: [over] });
    const err = await d.next('error', (m) => m.code === 'rate_limited');
    expect(err.batchId).toBe('batch-over-01');
    expect(err.retryAfterMs).toBeGreaterThan(0);
    expect(await c.collector.store.getAlert(d.creds.schoolId, `${d.creds.deviceId}:${over.id}`)).toBeNull();
    expect(c.collector.stats.get('ws.rate_limited')).toBeGreaterThanOrEqual(1);
    // Another device is unaffected.
    const other = await new DeviceClient(c.url, await enrol(c.url)).open();
    expect((await other.sendEvents([alert()])).stored).toHaveLength(1);
    d.close();
    other.close();
  });

  it('answers the HTTPS fallback over its rate with 429 and Retry-After', async () => {
    const e = await enrol(c.url);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await postEvents(c.url, e, { v: 1, type: 'events', batchId: `batch-429-${i}-x`, events: [alert()] });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('terminates a socket that stops answering pings, and counts it', async () => {
    const creds = await enrol(c.url);
    const ws = new WebSocket(c.url.replace('http', 'ws') + '/api/v1/device/ws', wsProtocols(creds.deviceId, creds.secret), { autoPong: false });
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    expect(await closed).toBe(1006);
    expect(c.collector.stats.get('ws.heartbeat_terminated')).toBeGreaterThanOrEqual(1);
  });
});
