import WebSocket from 'ws';
import type { DeviceEvent } from '../../shared/protocol/events';
import { type CollectorMessage, wsProtocols } from '../../shared/protocol/messages';
import { TEST_ENROLMENT_TOKEN } from './collector-process';

export interface Enrolled {
  deviceId: string;
  secret: string;
  schoolId: string;
}

export async function enrol(url: string, body: Record<string, unknown> = {}): Promise<Enrolled> {
  const res = await fetch(`${url}/api/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ v: 1, token: TEST_ENROLMENT_TOKEN, kind: 'extension', version: '0.1.0', ...body }),
  });
  if (res.status !== 201) throw new Error(`enrol failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Enrolled;
}

/** A fake device over a real WebSocket: collects what the collector sends it. */
export class DeviceClient {
  readonly received: CollectorMessage[] = [];
  private waiters: { pred: (m: CollectorMessage) => boolean; resolve: (m: CollectorMessage) => void }[] = [];
  ws!: WebSocket;
  closeCode: number | null = null;

  constructor(
    private readonly url: string,
    readonly creds: Enrolled,
  ) {}

  async open(): Promise<this> {
    this.ws = new WebSocket(this.url.replace(/^http/, 'ws') + '/api/v1/device/ws', wsProtocols(this.creds.deviceId, this.creds.secret));
    this.ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as CollectorMessage;
      this.received.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
    this.ws.on('close', (code) => (this.closeCode = code));
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    return this;
  }

  next<T extends CollectorMessage['type']>(type: T, pred: (m: Extract<CollectorMessage, { type: T }>) => boolean = () => true, timeoutMs = 5000): Promise<Extract<CollectorMessage, { type: T }>> {
    const existing = this.received.find((m) => m.type === type && pred(m as never));
    if (existing) return Promise.resolve(existing as never);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        pred: (m) => m.type === type && pred(m as never),
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as never);
        },
      });
    });
  }

  send(msg: unknown): void {
    this.ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg));
  }

  async sendEvents(events: DeviceEvent[], batchId = `b-${Math.random().toString(36).slice(2, 12)}`) {
    this.send({ v: 1, type: 'events', batchId, events });
    return this.next('ack', (a) => a.batchId === batchId);
  }

  close(): void {
    this.ws.close();
  }
}
