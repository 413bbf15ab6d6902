import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceMessage, EnrolRequest, EventsMessage, wsProtocols } from '../../shared/protocol/messages';
import { CollectorProcess, TEST_ENROLMENT_TOKEN } from '../support/collector-process';
import { DeviceClient, enrol, type Enrolled } from '../support/device-client';
import { Rng, blockedEvent, storedIdCounts } from '../support/fault-events';
import { type FuzzCase, mutate, validEventsMessage, verdict } from '../support/fault-fuzz';
import { rawHttp, rawWs, wsFrame } from '../support/fault-raw';

/**
 * Thousands of seeded bad messages over HTTP and WebSocket at a real collector process, while
 * a good device keeps sending. Every answer is checked against the protocol's own schema: a
 * valid message is stored and acknowledged, anything else gets a clear 4xx or error/close code.
 * Zero 5xx, zero crashes, and the good device loses nothing.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const HTTP_CASES = Number(process.env.FUZZ_HTTP_CASES ?? 1500);
const ENROL_CASES = Number(process.env.FUZZ_ENROL_CASES ?? 400);
const WS_CASES = Number(process.env.FUZZ_WS_CASES ?? 1500);

const tally = new Map<string, number>();
const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

describe('fuzz: bad input over HTTP and WebSocket, a good device unaffected', () => {
  const collector = new CollectorProcess({
    env: {
      LOG_LEVEL: 'error',
      // The fuzzing device sends far faster than any real one: its rate limit is not under test here.
      DEVICE_MESSAGES_PER_SEC: '100000',
      DEVICE_MESSAGE_BURST: '100000',
      DEVICE_EVENTS_PER_SEC: '1000000',
      DEVICE_EVENT_BURST: '1000000',
      // Every wrong enrolment token comes from loopback (a few per 400 cases, more with a larger
      // FUZZ_ENROL_CASES): the per-address limit is proved at its default in
      // server/http/enrol-limit.test.ts, not here.
      ENROL_FAILURES_PER_IP: '100000',
    },
  });
  let fuzzer: Enrolled;
  let good: DeviceClient;
  const goodSent: string[] = [];
  const goodAcked = new Set<string>();
  let goodRunning = true;
  let goodLoop: Promise<void>;
  let goodErrors: string[] = [];

  beforeAll(async () => {
    await collector.start();
    await collector.signIn();
    fuzzer = await enrol(collector.url, { name: 'fuzzer' });
    good = await new DeviceClient(collector.url, await enrol(collector.url, { name: 'good-device' })).open();
    // A good device delivering a batch every 25 ms for the whole run, waiting for each ack.
    goodLoop = (async () => {
      let n = 0;
      while (goodRunning) {
        const ids = Array.from({ length: 3 }, (_, i) => `good${String(n * 3 + i).padStart(8, '0')}`);
        n++;
        goodSent.push(...ids);
        try {
          const ack = await good.sendEvents(ids.map((id) => blockedEvent(id)));
          for (const id of ack.stored) goodAcked.add(id);
        } catch (err) {
          goodErrors.push(String(err));
        }
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
  });

  afterAll(async () => {
    goodRunning = false;
    await goodLoop;
    good?.close();
    await collector.stop();
    collector.cleanup();
    process.stdout.write(`FUZZ_SUMMARY ${JSON.stringify({ seed: SEED, cases: Object.fromEntries([...tally].sort()) })}\n`);
  });

  async function expectClearRefusal(res: Response, status: number, label: string): Promise<void> {
    const text = await res.text();
    expect(res.status, `${label}: ${text.slice(0, 200)}`).toBe(status);
    const body = JSON.parse(text) as { error: string; message: string };
    expect(typeof body.error, label).toBe('string');
    expect(body.message.length, label).toBeGreaterThan(5);
  }

  async function pool<T>(items: T[], width: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: width }, async () => {
        while (next < items.length) {
          const i = next++;
          await fn(items[i]!, i);
        }
      }),
    );
  }

  it(`HTTP batch endpoint: ${HTTP_CASES} mutated bodies each answered per the schema, never 5xx`, async () => {
    const rng = new Rng(SEED);
    const cases: FuzzCase[] = Array.from({ length: HTTP_CASES }, (_, n) => mutate(rng, validEventsMessage(rng, n)));
    await pool(cases, 4, async (c, i) => {
      const res = await fetch(`${collector.url}/api/v1/device/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fuzzer.deviceId}.${fuzzer.secret}` },
        body: c.text,
      });
      const label = `http case ${i} (${c.kind}): ${c.text.slice(0, 120)}`;
      const v = verdict(c.text, EventsMessage);
      count(`http.${c.kind}.${res.status}`);
      if (v.kind === 'valid') {
        expect(res.status, label).toBe(200);
        const ack = (await res.json()) as { batchId: string; stored: string[] };
        expect(ack.batchId).toBe(v.value.batchId);
        expect(new Set(ack.stored), label).toEqual(new Set(v.value.events.map((e: { id: string }) => e.id)));
      } else if (v.kind === 'wrong-version') await expectClearRefusal(res, 426, label);
      else if (v.kind === 'invalid-json') await expectClearRefusal(res, 400, label);
      else await expectClearRefusal(res, 400, label);
      if (i % 250 === 0) expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
    });
  });

  it('HTTP: bad credentials, content types and sizes are refused with 401/415/413', async () => {
    const body = JSON.stringify({ v: 1, type: 'events', batchId: 'authcase01', events: [blockedEvent('authcase-ev1')] });
    const post = (headers: Record<string, string>, b: BodyInit = body) => fetch(`${collector.url}/api/v1/device/events`, { method: 'POST', headers, body: b });
    const auth = `Bearer ${fuzzer.deviceId}.${fuzzer.secret}`;
    const badAuths = [
      '',
      'Bearer',
      'Bearer ',
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Bearer ${fuzzer.deviceId}`,
      `Bearer ${fuzzer.deviceId}.`,
      `Bearer ${fuzzer.deviceId}.wrongsecret`,
      `Bearer ${fuzzer.deviceId}.${fuzzer.secret}x`,
      `Bearer ${fuzzer.deviceId.slice(0, -1)}.${fuzzer.secret}`,
      `Bearer .${fuzzer.secret}`,
      `Bearer ${fuzzer.deviceId}.${fuzzer.secret}.extra`,
      `Bearer ../../${fuzzer.deviceId}.${fuzzer.secret}`,
      `Bearer ${"' OR 1=1 --"}.x`,
      `Bearer ${'a'.repeat(8000)}.${'b'.repeat(8000)}`,
    ];
    for (const a of badAuths) {
      await expectClearRefusal(await post({ 'content-type': 'application/json', ...(a ? { authorization: a } : {}) }), 401, `auth "${a.slice(0, 40)}"`);
      count('http.bad-auth.401');
    }
    for (const type of ['', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'json']) {
      await expectClearRefusal(await post({ authorization: auth, ...(type ? { 'content-type': type } : {}) }), 415, `content-type "${type}"`);
      count('http.bad-content-type.415');
    }
    // Over the 8 MB limit: declared (answered before the body is read), and chunked without a
    // length (read up to the limit). Raw sockets, so the client never races the early answer.
    const head = `POST /api/v1/device/events HTTP/1.1\r\nHost: x\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\n`;
    const declared = await rawHttp(collector.port, `${head}Content-Length: ${9 * 1024 * 1024}\r\n\r\n{"v":1`, { end: false });
    expect(declared).toMatch(/^HTTP\/1\.1 413/);
    expect(declared).toMatch(/connection: close/i);
    expect(declared).toContain('"too_large"');
    const mb = 'x'.repeat(1024 * 1024);
    const chunks = Array.from({ length: 9 }, () => `${(mb.length).toString(16)}\r\n${mb}\r\n`).join('');
    const chunked = await rawHttp(collector.port, `${head}Transfer-Encoding: chunked\r\n\r\n${chunks}`, { end: false, timeoutMs: 10_000 });
    expect(chunked).toMatch(/^HTTP\/1\.1 413/);
    expect(chunked).toContain('"too_large"');
    count('http.oversize.413');
  });

  it(`HTTP enrolment: ${ENROL_CASES} mutated requests each answered per the schema`, async () => {
    const rng = new Rng(SEED + 1);
    const base = () => ({ v: 1, token: TEST_ENROLMENT_TOKEN, kind: 'extension', version: '0.1.0', name: 'Y4-Chromebook', group: 'ks2' });
    const cases = Array.from({ length: ENROL_CASES }, () => mutate(rng, base()));
    await pool(cases, 4, async (c, i) => {
      const res = await fetch(`${collector.url}/api/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: c.text });
      const label = `enrol case ${i} (${c.kind}): ${c.text.slice(0, 120)}`;
      const v = verdict(c.text, EnrolRequest);
      count(`enrol.${c.kind}.${res.status}`);
      if (v.kind === 'valid') {
        // A schema-valid request: enrolled if the token is the real one, else a clear 401.
        if (v.value.token === TEST_ENROLMENT_TOKEN) expect(res.status, label).toBe(201);
        else await expectClearRefusal(res, 401, label);
      } else if (v.kind === 'wrong-version') await expectClearRefusal(res, 426, label);
      else await expectClearRefusal(res, 400, label);
    });
  });

  it(`WebSocket: ${WS_CASES} mutated messages each answered with an error, ack or close code`, async () => {
    const rng = new Rng(SEED + 2);
    let ws: WebSocket | null = null;
    let inbox: any[] = [];
    let closed: number | null = null;
    let welcomed = false;
    let wake: (() => void) | null = null;
    const open = async () => {
      (ws as WebSocket | null)?.terminate();
      const sock = new WebSocket(collector.url.replace(/^http/, 'ws') + '/api/v1/device/ws', wsProtocols(fuzzer.deviceId, fuzzer.secret));
      ws = sock;
      inbox = [];
      closed = null;
      welcomed = false;
      // Only the current socket's messages count: an old one closing late must not confuse the next case.
      sock.on('message', (d) => {
        if (ws !== sock) return;
        const m = JSON.parse(String(d));
        if (m.type === 'welcome') welcomed = true;
        else inbox.push(m);
        wake?.();
      });
      sock.on('close', (code) => {
        if (ws !== sock) return;
        closed = code;
        wake?.();
      });
      sock.on('error', () => undefined);
      await new Promise((r, j) => (sock.once('open', r), sock.once('error', j)));
    };
    const until = async (pred: () => boolean, label: string) => {
      const deadline = Date.now() + 10_000;
      while (!pred()) {
        if (Date.now() > deadline) throw new Error(`no answer for ${label}`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 200);
        });
      }
    };
    let closes = 0;
    for (let n = 0; n < WS_CASES; n++) {
      if (!ws || closed !== null) await open();
      await until(() => welcomed, 'welcome');
      inbox = [];
      const roll = rng.next();
      const c: FuzzCase =
        roll < 0.05
          ? { kind: 'hello-mutated', text: mutate(rng, { v: 1, type: 'hello', kind: 'extension', version: '0.1.0', policyVersion: 0 }).text }
          : roll < 0.08
            ? { kind: 'ping-mutated', text: mutate(rng, { v: 1, type: 'ping' }).text }
            : mutate(rng, validEventsMessage(rng, 100_000 + n));
      let label = `ws case ${n} (${c.kind}): ${c.text.slice(0, 120)}`;
      const v = verdict(c.text, DeviceMessage);
      ws!.send(c.text);
      // A ping after each case: everything the collector says about the case arrives before the pong.
      ws!.send('{"v":1,"type":"ping"}');
      // A valid ping case is answered with its own pong, before the sentinel's.
      const pongs = v.kind === 'valid' && v.value.type === 'ping' ? 2 : 1;
      await until(() => closed !== null || inbox.filter((m) => m.type === 'pong').length >= pongs, label);
      const sentinel = inbox.map((m) => m.type).lastIndexOf('pong');
      const before = sentinel < 0 ? inbox : inbox.slice(0, sentinel);
      label += ` -> ${JSON.stringify(inbox).slice(0, 300)} closed=${closed}`;
      count(`ws.${c.kind}.${closed ?? before.map((m) => m.code ?? m.type).join('+') ?? 'none'}`);
      if (v.kind === 'valid') {
        expect(closed, label).toBeNull();
        if (v.value.type === 'events') expect(before.find((m) => m.type === 'ack')?.batchId, label).toBe(v.value.batchId);
        else expect(before.every((m) => m.type === 'policy' || m.type === 'pong'), label).toBe(true);
        if (v.value.type === 'ping') expect(before.map((m) => m.type), label).toEqual(['pong']);
      } else if (v.kind === 'wrong-version') {
        await until(() => closed !== null, label);
        expect(closed, label).toBe(4426);
        expect(inbox[0]?.code, label).toBe('unsupported_version');
      } else {
        const err = inbox.find((m) => m.type === 'error');
        expect(err?.code, label).toBe(v.kind === 'invalid-json' ? 'malformed_json' : 'bad_message');
        expect(String(err?.message).length, label).toBeGreaterThan(5);
        // The 20th malformed message on one socket closes it with 4400 (after the error).
        if (closed !== null) expect(closed, label).toBe(4400);
      }
      if (closed !== null) closes++;
    }
    count(`ws.reconnects.${closes}`);
    (ws as WebSocket | null)?.close();
  });

  it('WebSocket: binary and oversized frames get an error or 1009; the device reconnects', async () => {
    const c = await new DeviceClient(collector.url, fuzzer).open();
    c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await c.next('error', (e) => e.code === 'binary_not_supported')).message).toMatch(/JSON/);
    c.ws.send('x'.repeat(8 * 1024 * 1024 + 10));
    await new Promise((r) => c.ws.once('close', r));
    expect(c.closeCode).toBe(1009);
    count('ws.oversize.1009');
    const again = await new DeviceClient(collector.url, fuzzer).open();
    expect((await again.sendEvents([blockedEvent('after-oversize-1')])).stored).toEqual(['after-oversize-1']);
    again.close();
  });

  it('raw WebSocket frames that break RFC 6455 are closed with 1002/1007/1009, never crash', async () => {
    const protocols = wsProtocols(fuzzer.deviceId, fuzzer.secret);
    const text = Buffer.from('{"v":1,"type":"ping"}');
    const frames: [string, Buffer[], number[]][] = [
      ['unmasked client frame', [wsFrame(1, text, { mask: false })], [1002]],
      ['reserved bit without extension', [wsFrame(1, text, { rsv: 4 })], [1002]],
      ['unknown opcode', [wsFrame(3, text)], [1002]],
      ['invalid UTF-8 text', [wsFrame(1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))], [1007]],
      ['control frame over 125 bytes', [wsFrame(9, Buffer.alloc(200))], [1002]],
      ['fragmented control frame', [wsFrame(9, Buffer.from('x'), { fin: false })], [1002]],
      ['continuation without a start', [wsFrame(0, text)], [1002]],
      ['new message inside a fragmented one', [wsFrame(1, Buffer.from('{"v"'), { fin: false }), wsFrame(1, text)], [1002]],
      ['2^53-byte length', [wsFrame(1, Buffer.alloc(0), { lengthOverride: 2n ** 53n })], [1009]],
      ['close with invalid code', [wsFrame(8, Buffer.from([0x03, 0xe7]))], [1002]],
    ];
    for (const [label, fs, codes] of frames) {
      const r = await rawWs(collector.port, protocols, fs);
      expect(r.status, label).toBe(101);
      expect(codes, `${label}: got ${r.closeCode}`).toContain(r.closeCode);
      count(`rawws.${r.closeCode}`);
    }
    // Upgrades that are not WebSocket handshakes at all.
    const refusedUpgrade = await rawWs(collector.port, ['esafety.v7', 'bearer.x.y'], []);
    expect(refusedUpgrade.status).toBe(426);
    expect((await rawWs(collector.port, [], [])).status).toBe(400);
    expect((await rawWs(collector.port, ['esafety.v1', 'bearer.nobody.nothing'], [])).status).toBe(401);
  });

  it('raw HTTP framing errors are answered 4xx or the connection dropped, never a crash', async () => {
    const cases: [string, string, RegExp][] = [
      ['garbage request line', 'GARBAGE\r\n\r\n', /^HTTP\/1\.1 400/],
      ['headers over 16 KB', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, /^HTTP\/1\.1 431/],
      ['bad chunk size', 'POST /api/v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n', /^HTTP\/1\.1 400/],
      ['both length and chunked', 'POST /api/v1/enrol HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', /^HTTP\/1\.1 400/],
      ['NUL in path', 'GET /heal\u0000thz HTTP/1.1\r\nHost: x\r\n\r\n', /^HTTP\/1\.1 400/],
      ['bad header name', 'GET /healthz HTTP/1.1\r\nHo st: x\r\n\r\n', /^HTTP\/1\.1 400/],
      ['HTTP/9.9', 'GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n', /^HTTP\/1\.1 (400|505)/],
      ['upgrade with no key', 'GET /api/v1/device/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Protocol: esafety.v1\r\n\r\n', /^HTTP\/1\.1 4\d\d/],
      ['upgrade to an unknown path', `GET /api/v1/nope HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${Buffer.alloc(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`, /^HTTP\/1\.1 404/],
    ];
    for (const [label, bytes, expected] of cases) {
      const out = await rawHttp(collector.port, bytes);
      expect(out, label).toMatch(expected);
      count(`rawhttp.${out.slice(9, 12)}`);
    }
    // Bodies cut short: the client promises more than it sends, then goes away (no answer possible).
    for (const body of ['{"v":1', '', '{"v":1,"type":"events","batchId":"cutshort01","events":[']) {
      const out = await rawHttp(
        collector.port,
        `POST /api/v1/device/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${fuzzer.deviceId}.${fuzzer.secret}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n${body}`,
        { timeoutMs: 300 },
      );
      expect(out).not.toMatch(/^HTTP\/1\.1 5/);
      count('rawhttp.truncated-body');
    }
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
  });

  it('afterwards: the process is alive, no request hit a 5xx, and the good device lost nothing', async () => {
    goodRunning = false;
    await goodLoop;
    expect(goodErrors).toEqual([]);
    expect(goodSent.length).toBeGreaterThan(30);
    expect(goodAcked.size).toBe(goodSent.length);
    const health = await fetch(`${collector.url}/healthz`);
    expect(health.status).toBe(200);
    const { counters } = await collector.api<{ counters: Record<string, number> }>('GET', '/api/collector/stats');
    expect(counters['http.500'] ?? 0, collector.output.split('\n').filter((l) => /request failed|device message failed/.test(l)).slice(0, 5).join('\n')).toBe(0);
    expect(counters['ingest.failed'] ?? 0).toBe(0);
    expect(collector.output).not.toMatch(/request failed|device message failed|uncaught|unhandled/i);
    const stored = storedIdCounts(path.join(collector.dataDir, 'collector.sqlite'));
    const goodId = good.creds.deviceId;
    const mine = [...stored].filter(([k]) => k.startsWith(`${goodId}/`));
    expect(mine.length).toBe(goodSent.length);
    expect(mine.every(([, n]) => n === 1)).toBe(true);
    const total = [...tally.values()].reduce((a, b) => a + b, 0);
    process.stdout.write(`FUZZ_TOTALS ${JSON.stringify({ badInputsTried: total, goodSent: goodSent.length, goodStoredOnce: mine.length, counters })}\n`);
  });
});
