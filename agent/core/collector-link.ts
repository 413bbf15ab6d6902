import WebSocket from 'ws';
import { Backoff } from '../../shared/outbox/backoff';
import type { Outbox } from '../../shared/outbox/outbox';
import { AckWaiters } from '../../shared/protocol/ack-waiters';
import {
  AckMessage,
  CollectorMessage,
  type Command,
  EnrolResponse,
  type EventsMessage,
  MAX_MESSAGE_BYTES,
  type PolicyMessage,
  wsProtocols,
} from '../../shared/protocol/messages';
import type { AgentCredentials } from './agent-state';
import { postJson } from './post-json';

export interface AgentLinkOptions {
  collectorUrl: string | undefined;
  enrolmentToken: string | undefined;
  version: string;
  hardwareId: string;
  deviceName: string;
  group: () => string | undefined;
  user: () => string | undefined;
  policyVersion: () => number;
  credentials: AgentCredentials | null;
  saveCredentials: (c: AgentCredentials | null) => void;
  outbox: Outbox;
  onPolicy: (msg: PolicyMessage) => void;
  onCommand: (command: Command) => void;
  log: (msg: string) => void;
  ackTimeoutMs?: number;
}

const KEEPALIVE_MS = 25_000;
const base = (url: string) => url.replace(/\/+$/, '');

/**
 * The agent's connection to its collector, speaking the same protocol as the extension
 * (shared/protocol) with device kind "agent": enrol once with the school's token and the
 * machine id, then one WebSocket; events leave the outbox only when the collector acks them.
 */
export class AgentCollectorLink {
  private ws: WebSocket | null = null;
  private creds: AgentCredentials | null;
  private backoff = new Backoff(1_000, 5 * 60_000);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly acks: AckWaiters;
  private stopped = false;
  connected = false;
  lastError: string | undefined;

  constructor(private readonly o: AgentLinkOptions) {
    this.creds = o.credentials && o.credentials.collectorUrl === o.collectorUrl ? o.credentials : null;
    this.acks = new AckWaiters(o.ackTimeoutMs ?? 15_000);
  }

  get deviceId(): string | null {
    return this.creds?.deviceId ?? null;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.ws?.close(1000, 'agent stopping');
    this.ws = null;
  }

  private async enrol(): Promise<AgentCredentials | null> {
    const { collectorUrl, enrolmentToken } = this.o;
    if (!collectorUrl) return null;
    if (this.creds) return this.creds;
    if (!enrolmentToken) {
      this.lastError = 'no enrolment token configured: run "agent install --collector URL --token T"';
      return null;
    }
    try {
      const res = await postJson(`${base(collectorUrl)}/api/v1/enrol`, {
        v: 1,
        token: enrolmentToken,
        kind: 'agent',
        version: this.o.version,
        hardwareId: this.o.hardwareId,
        name: this.o.deviceName,
        group: this.o.group(),
        user: this.o.user(),
      });
      const body = res.json as { message?: string };
      if (res.status < 200 || res.status > 299) {
        this.lastError = `enrolment refused (${res.status}): ${body.message ?? ''}`;
        this.o.log(this.lastError);
        return null;
      }
      const r = EnrolResponse.parse(body);
      this.creds = { deviceId: r.deviceId, secret: r.secret, schoolId: r.schoolId, collectorUrl };
      this.o.saveCredentials(this.creds);
      this.o.log(`enrolled as ${r.deviceId}`);
      return this.creds;
    } catch (err) {
      this.lastError = `collector unreachable: ${String(err)}`;
      return null;
    }
  }

  private retry(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, this.backoff.next());
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.ws) return;
    const creds = await this.enrol();
    if (!creds) {
      if (this.o.collectorUrl) this.retry();
      return;
    }
    const ws = new WebSocket(`${base(creds.collectorUrl).replace(/^http/, 'ws')}/api/v1/device/ws`, wsProtocols(creds.deviceId, creds.secret), {
      maxPayload: MAX_MESSAGE_BYTES,
    });
    this.ws = ws;
    ws.on('open', () => {
      this.connected = true;
      this.backoff.reset();
      this.lastError = undefined;
      this.send({ v: 1, type: 'hello', kind: 'agent', version: this.o.version, policyVersion: this.o.policyVersion(), group: this.o.group(), user: this.o.user() });
      this.keepalive = setInterval(() => this.send({ v: 1, type: 'ping' }), KEEPALIVE_MS);
      this.flushSoon(0);
    });
    ws.on('message', (data) => this.onMessage(String(data)));
    ws.on('unexpected-response', (_req, res) => {
      // 401: the collector no longer knows these credentials (e.g. rebuilt): enrol again.
      if (res.statusCode === 401) {
        this.o.log('collector did not recognise the device credentials; enrolling again');
        this.creds = null;
        this.o.saveCredentials(null);
      } else if (res.statusCode === 403) this.lastError = 'this device has been revoked by the school';
      else this.lastError = `collector refused the connection (${res.statusCode})`;
      ws.terminate();
    });
    ws.on('error', (err) => {
      this.lastError ??= `collector connection failed: ${err.message}`;
    });
    ws.on('close', (code) => {
      if (this.ws === ws) this.ws = null;
      this.connected = false;
      if (this.keepalive) clearInterval(this.keepalive);
      this.keepalive = null;
      this.acks.failAll(`socket closed (${code})`);
      this.retry();
    });
  }

  private send(msg: object): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private onMessage(text: string): void {
    let msg: CollectorMessage;
    try {
      msg = CollectorMessage.parse(JSON.parse(text));
    } catch (err) {
      this.o.log(`ignored malformed collector message: ${String(err).slice(0, 200)}`);
      return;
    }
    if (msg.type === 'ack') this.acks.settle(msg);
    else if (msg.type === 'policy') this.o.onPolicy(msg);
    else if (msg.type === 'command') this.o.onCommand(msg.command);
    else if (msg.type === 'error') {
      this.lastError = `${msg.code}: ${msg.message}`;
      this.o.log(`collector error ${this.lastError}`);
    }
  }

  private sendBatch = (message: EventsMessage): Promise<AckMessage> => {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'));
    return this.acks.send(message.batchId, () => ws.send(JSON.stringify(message)));
  };

  /** Deliver queued events shortly (coalesces bursts into one batch). */
  flushSoon(delayMs = 200): void {
    if (this.flushTimer || !this.connected) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, delayMs);
  }

  async flush(): Promise<void> {
    if (!this.connected) return;
    const r = await this.o.outbox.flush(this.sendBatch);
    if (r.error) this.lastError = `delivery failed: ${String(r.error)}`;
  }
}
