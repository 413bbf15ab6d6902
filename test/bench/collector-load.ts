import WebSocket from 'ws';
import { wsProtocols } from '../../shared/protocol/messages';
import { TEST_ENROLMENT_TOKEN } from '../support/collector-process';

export interface Creds {
  deviceId: string;
  secret: string;
}

export async function enrolDevice(url: string, name: string): Promise<Creds> {
  const res = await fetch(`${url}/api/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ v: 1, token: TEST_ENROLMENT_TOKEN, kind: 'extension', version: '1.0.0', name }),
  });
  if (res.status !== 201) throw new Error(`enrol failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Creds;
}

export function openDevice(url: string, c: Creds): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + '/api/v1/device/ws', wsProtocols(c.deviceId, c.secret), { perMessageDeflate: false });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_q, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
}

/** A batch as text, built cheaply: most events are blocks, every 50th a keyword alert. */
export function batchText(batchId: string, prefix: string, start: number, size: number, at: string): string {
  const parts: string[] = [];
  for (let i = start; i < start + size; i++) {
    parts.push(
      i % 50 === 0
        ? `{"id":"${prefix}${i}","at":"${at}","type":"keyword_alert","term":"hate you","category":"bullying","severity":3,"context":"i hate you so much","matchStart":2,"matchEnd":10,"source":"input","url":"https://chat.example/${i}"}`
        : `{"id":"${prefix}${i}","at":"${at}","type":"blocked","url":"https://games.example/${i}","rule":"policy"}`,
    );
  }
  return `{"v":1,"type":"events","batchId":"${batchId}","events":[${parts.join(',')}]}`;
}

/**
 * Durable ingest rate: `devices` sockets each keep `inflight` batches outstanding for `seconds`;
 * only acknowledged (committed) events count.
 */
export async function driveIngest(url: string, devices: Creds[], seconds: number, batchSize = 500, inflight = 2): Promise<{ acked: number; elapsedMs: number }> {
  const sockets = await Promise.all(devices.map((d) => openDevice(url, d)));
  const at = new Date().toISOString();
  let acked = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    sockets.map(
      (ws, di) =>
        new Promise<void>((resolve, reject) => {
          let next = 0;
          let outstanding = 0;
          const prefix = `d${di}x${Date.now().toString(36)}n`;
          const send = () => {
            const id = `b${di}-${next.toString().padStart(8, '0')}`;
            ws.send(batchText(id, prefix, next * batchSize, batchSize, at));
            next++;
            outstanding++;
          };
          ws.on('message', (data) => {
            const m = JSON.parse(String(data)) as { type: string; stored?: string[]; code?: string; message?: string };
            if (m.type === 'error') return reject(new Error(`collector refused a batch: ${m.code} ${m.message}`));
            if (m.type !== 'ack') return;
            acked += m.stored!.length;
            outstanding--;
            if (performance.now() < deadline) send();
            else if (outstanding === 0) resolve();
          });
          ws.once('close', () => reject(new Error('device socket closed during the run')));
          for (let i = 0; i < inflight; i++) send();
        }),
    ),
  );
  const elapsedMs = performance.now() - started;
  for (const ws of sockets) ws.terminate();
  return { acked, elapsedMs };
}

export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
