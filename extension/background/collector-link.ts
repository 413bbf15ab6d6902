import { Backoff } from '../../shared/outbox/backoff';
import type { Outbox } from '../../shared/outbox/outbox';
import { AckWaiters } from '../../shared/protocol/ack-waiters';
import { insecureTransportProblem } from '../../shared/policy/transport-security';
import {
  AckMessage,
  CloseCode,
  CollectorMessage,
  type Command,
  EnrolResponse,
  type EventsMessage,
  wsProtocols,
} from '../../shared/protocol/messages';
import type { Credentials, DeviceState } from './device-state';

export interface CollectorLinkOptions {
  state: DeviceState;
  outbox: Outbox;
  version: string;
  onCommand: (command: Command) => void;
  /** The collector announced the extension version it publishes (with every policy). */
  onExtensionVersion?: (version: string | undefined) => void;
  log?: (msg: string, detail?: unknown) => void;
  /** ms to wait for an ack before treating a batch as failed (it stays queued). */
  ackTimeoutMs?: number;
}

const KEEPALIVE_MS = 20_000; // Chrome 116+: WebSocket traffic every <30 s keeps an MV3 worker alive.

const wsUrl = (collectorUrl: string) => collectorUrl.replace(/^http/, 'ws').replace(/\/+$/, '') + '/api/v1/device/ws';
const httpUrl = (collectorUrl: string, path: string) => collectorUrl.replace(/\/+$/, '') + path;

/**
 * The device's connection to its collector: enrol once, then one WebSocket for events up and
 * policy/commands down, with an HTTPS fallback for batches. Events leave the outbox only on ack.
 */
export class CollectorLink {
  private ws: WebSocket | null = null;
  private readonly acks: AckWaiters;
  private backoff = new Backoff(1_000, 60_000);
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private connecting = false;
  private failedOpens = 0;
  private enrolling: Promise<Credentials | null> | null = null;
  lastError: string | undefined;

  constructor(private readonly o: CollectorLinkOptions) {
    this.acks = new AckWaiters(o.ackTimeoutMs ?? 15_000);
  }

  private log(msg: string, detail?: unknown) {
    this.o.log?.(msg, detail);
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Credentials for the configured collector, enrolling first if needed; null if not configured. */
  async credentials(): Promise<Credentials | null> {
    const { managed, credentials } = this.o.state.snapshot;
    if (!managed.collectorUrl) return null;
    // Never send the token, credentials or pupils' data in clear text to another machine.
    const insecure = insecureTransportProblem(managed.collectorUrl, managed.allowInsecureTransport);
    if (insecure) {
      this.lastError = insecure;
      return null;
    }
    if (credentials && credentials.collectorUrl === managed.collectorUrl) return credentials;
    if (!managed.enrolmentToken) {
      this.lastError = 'no enrolment token in the managed configuration';
      return null;
    }
    this.enrolling ??= this.enrol(managed.collectorUrl, managed.enrolmentToken).finally(() => (this.enrolling = null));
    return this.enrolling;
  }

  private async enrol(collectorUrl: string, token: string): Promise<Credentials | null> {
    const { managed, user } = this.o.state.snapshot;
    try {
      const res = await fetch(httpUrl(collectorUrl, '/api/v1/enrol'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          v: 1,
          token,
          kind: 'extension',
          version: this.o.version,
          name: managed.deviceName,
          group: managed.group ?? managed.role,
          user,
        }),
      });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) {
        this.lastError = `enrolment refused (${res.status}): ${(body as { message?: string }).message ?? ''}`;
        this.log(this.lastError);
        return null;
      }
      const parsed = EnrolResponse.parse(body);
      const creds: Credentials = { deviceId: parsed.deviceId, secret: parsed.secret, schoolId: parsed.schoolId, collectorUrl };
      await this.o.state.setCredentials(creds);
      this.log('enrolled', { deviceId: creds.deviceId });
      return creds;
    } catch (err) {
      this.lastError = `collector unreachable: ${String(err)}`;
      return null;
    }
  }

  /** Open the socket if it is not open; safe to call often (alarms, startup, config changes). */
  async ensureConnected(): Promise<void> {
    if (this.ws && (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)) return;
    if (this.connecting) return;
    this.connecting = true;
    try {
      const creds = await this.credentials();
      if (!creds) return;
      this.open(creds);
    } finally {
      this.connecting = false;
    }
  }

  private open(creds: Credentials): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    let opened = false;
    const ws = new WebSocket(wsUrl(creds.collectorUrl), wsProtocols(creds.deviceId, creds.secret));
    this.ws = ws;
    ws.onopen = () => {
      opened = true;
      this.failedOpens = 0;
      this.backoff.reset();
      this.lastError = undefined;
      this.o.state.setConnected(true);
      const s = this.o.state.snapshot;
      this.sendRaw({ v: 1, type: 'hello', kind: 'extension', version: this.o.version, policyVersion: s.policy.version, group: s.effective.groupId, user: s.user });
      this.keepalive = setInterval(() => this.sendRaw({ v: 1, type: 'ping' }), KEEPALIVE_MS);
      this.flushSoon(0);
    };
    ws.onmessage = (ev) => this.onMessage(String(ev.data));
    ws.onclose = (ev) => {
      if (this.ws === ws) this.ws = null;
      if (this.keepalive) clearInterval(this.keepalive);
      this.keepalive = null;
      this.o.state.setConnected(false);
      this.acks.failAll(`socket closed (${ev.code})`);
      if (!opened) this.failedOpens++;
      void this.afterClose(creds, opened, ev.code);
    };
  }

  private async afterClose(creds: Credentials, opened: boolean, code: number): Promise<void> {
    // A refused upgrade looks like 1006 to a browser; ask over HTTP whether the credentials are the problem.
    if (!opened && this.failedOpens >= 2) {
      const status = await fetch(httpUrl(creds.collectorUrl, '/api/v1/device/policy'), {
        headers: { authorization: `Bearer ${creds.deviceId}.${creds.secret}` },
      }).then((r) => r.status, () => 0);
      if (status === 401) {
        this.log('credentials not recognised by the collector; enrolling again');
        await this.o.state.setCredentials(null);
      } else if (status === 403) {
        this.lastError = 'this device has been revoked by the school';
      }
    }
    if (code === CloseCode.unsupportedVersion) this.lastError = 'the collector speaks a newer protocol: this extension must be updated (it updates itself from the school\'s update URL)';
    this.lastError ??= `disconnected (${code})`;
    const delay = this.backoff.next();
    this.reconnectTimer = setTimeout(() => void this.ensureConnected(), delay);
  }

  private sendRaw(msg: object): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }

  private onMessage(text: string): void {
    let msg: CollectorMessage;
    try {
      msg = CollectorMessage.parse(JSON.parse(text));
    } catch (err) {
      this.log('ignored malformed collector message', String(err));
      return;
    }
    switch (msg.type) {
      case 'ack':
        this.acks.settle(msg);
        return;
      case 'policy':
        void this.o.state.setPolicy(msg.policy, msg.group);
        this.o.onExtensionVersion?.(msg.extensionVersion);
        return;
      case 'command':
        this.o.onCommand(msg.command);
        return;
      case 'error':
        this.lastError = `${msg.code}: ${msg.message}`;
        this.log('collector error', msg);
        return;
      case 'welcome':
        void this.o.state.markSynced();
        return;
      case 'pong':
        return;
    }
  }

  /** Send one batch and wait for its ack: over the socket if open, else HTTPS. */
  private sendBatch = async (message: EventsMessage): Promise<AckMessage> => {
    if (this.ws?.readyState === WebSocket.OPEN) {
      const ws = this.ws;
      return this.acks.send(message.batchId, () => ws.send(JSON.stringify(message)));
    }
    const creds = await this.credentials();
    if (!creds) throw new Error('not enrolled');
    const res = await fetch(httpUrl(creds.collectorUrl, '/api/v1/device/events'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${creds.deviceId}.${creds.secret}` },
      body: JSON.stringify(message),
    });
    if (!res.ok) throw new Error(`collector refused batch (${res.status})`);
    return AckMessage.parse(await res.json());
  };

  /** Deliver queued events soon (coalesces bursts of typing into one batch). */
  flushSoon(delayMs = 300): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, delayMs);
  }

  async flush(): Promise<void> {
    if (this.o.outbox.depth === 0 && !(await this.o.outbox.load().then(() => this.o.outbox.depth))) return;
    if (!(await this.credentials())) return;
    const result = await this.o.outbox.flush(this.sendBatch);
    if (result.error) {
      this.lastError = `delivery failed: ${String(result.error)}`;
      this.log(this.lastError);
    } else if (result.batches) {
      await this.o.state.markSynced();
    }
  }

  /** Fetch policy over HTTPS (used when the socket cannot be held open). */
  async pullPolicy(): Promise<void> {
    const creds = await this.credentials();
    if (!creds) return;
    try {
      const res = await fetch(httpUrl(creds.collectorUrl, '/api/v1/device/policy'), {
        headers: { authorization: `Bearer ${creds.deviceId}.${creds.secret}` },
      });
      if (!res.ok) return;
      const msg = CollectorMessage.parse(await res.json());
      if (msg.type !== 'policy') return;
      if (msg.policy.version !== this.o.state.snapshot.policy.version) await this.o.state.setPolicy(msg.policy, msg.group);
      this.o.onExtensionVersion?.(msg.extensionVersion);
    } catch {
      // offline: the cached policy stays in force
    }
  }

  /** Drop the connection (collector URL changed, credentials replaced). */
  reset(): void {
    this.ws?.close(1000, 'reconfigured');
    this.ws = null;
  }
}
