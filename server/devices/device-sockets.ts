import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { PolicyDocument } from '../../shared/policy/schema';
import { describeZodError } from '../../shared/protocol/format';
import {
  CloseCode,
  type CollectorMessage,
  type Command,
  DeviceMessage,
  MAX_MESSAGE_BYTES,
  WS_AUTH_PREFIX,
  WS_SUBPROTOCOL,
} from '../../shared/protocol/messages';
import { clientIp } from '../http/client-ip';
import type { Logger } from '../log';
import { newId } from '../security/secrets';
import type { DeviceRow, Store } from '../store/types';
import { authenticateDevice } from './enrol';
import type { Ingest } from './ingest';
import type { DeviceRateLimiter } from './rate-limit';
import type { CollectorStats } from './stats';

interface Conn {
  ws: WebSocket;
  device: DeviceRow;
  ip: string | null;
  alive: boolean;
  /** Messages are handled one at a time per socket: ordering, and natural back-pressure. */
  queue: Promise<void>;
  pending: number;
  paused: boolean;
  badMessages: number;
  rateStrikes: number;
  group?: string | undefined;
  /** The version of the last policy this socket was sent. */
  policyVersion?: number;
}

export interface DeviceSocketsOptions {
  store: Store;
  ingest: Ingest;
  log: Logger;
  stats: CollectorStats;
  limiter: DeviceRateLimiter;
  trustProxy: boolean;
  policyFor: (schoolId: string) => Promise<PolicyDocument>;
  /** The extension version the collector publishes, announced with every policy (undefined: none built). */
  extensionVersion?: () => string | undefined;
  /** ms between server pings; a socket that missed one is terminated. */
  pingIntervalMs?: number;
  maxPayload?: number;
}

/** Stop reading a socket with this many messages waiting; resume when it drains to RESUME_AT. */
const PAUSE_AT = 16;
const RESUME_AT = 4;
/** A device that does not read what we send is dropped once this much is queued for it. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
/** Sockets per device (a reconnect racing its old socket); the oldest is closed beyond this. */
const MAX_SOCKETS_PER_DEVICE = 3;
const MAX_BAD_MESSAGES = 20;
const MAX_RATE_STRIKES = 10;

/**
 * One WebSocket per device. Authentication happens on the HTTP upgrade, before a socket
 * exists (ws README: "Client authentication"); a bad credential gets a 401 and no socket.
 * Every refusal, malformed message, over-rate batch and dropped socket is counted in stats.
 */
export class DeviceSockets {
  private readonly wss: WebSocketServer;
  private readonly conns = new Map<string, Set<Conn>>();
  private readonly timer: NodeJS.Timeout;
  /** Set by close(): sockets closed by our own shutdown do not count as the device last seen. */
  private closing = false;

  constructor(private readonly o: DeviceSocketsOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: o.maxPayload ?? MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      clientTracking: false,
      handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
    });
    this.timer = setInterval(() => {
      this.pingAll();
      o.limiter.sweep();
    }, o.pingIntervalMs ?? 30_000);
    this.timer.unref();
  }

  /** Counters kept for callers of the first version; see CollectorStats for the full set. */
  get stats() {
    const s = this.o.stats;
    return { connected: s.get('ws.connected'), refusedUpgrades: s.get('ws.refused'), badMessages: s.get('ws.bad_message'), batches: s.get('ingest.batches') };
  }

  get connectedCount(): number {
    return this.o.stats.get('ws.connected');
  }

  private refuse(socket: Duplex, status: number, reason: string, message: string): void {
    this.o.stats.count('ws.refused');
    this.o.stats.count(`ws.refused.${reason}`);
    socket.end(
      `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 426 ? 'Upgrade Required' : 'Bad Request'}\r\n` +
        'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
    );
  }

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(WS_SUBPROTOCOL)) {
      // A device from another release offers its own esafety.vN: tell it plainly to update.
      const other = offered.find((p) => /^esafety\.v\d+$/.test(p));
      if (other) return this.refuse(socket, 426, 'unsupported_version', `${other} is not supported by this collector (it speaks ${WS_SUBPROTOCOL}): update the device`);
      return this.refuse(socket, 400, 'subprotocol', `subprotocol ${WS_SUBPROTOCOL} required`);
    }
    const bearer = offered.find((p) => p.startsWith(WS_AUTH_PREFIX))?.slice(WS_AUTH_PREFIX.length) ?? '';
    const dot = bearer.indexOf('.');
    const auth = await authenticateDevice(this.o.store, dot > 0 ? bearer.slice(0, dot) : undefined, dot > 0 ? bearer.slice(dot + 1) : undefined);
    if (!auth.ok) {
      return auth.reason === 'revoked'
        ? this.refuse(socket, 403, 'revoked', 'device revoked: re-enrol with a current enrolment token')
        : this.refuse(socket, 401, 'unauthenticated', 'device not authenticated');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, auth.device, clientIp(req, this.o.trustProxy)));
  }

  private attach(ws: WebSocket, device: DeviceRow, ip: string | null): void {
    const conn: Conn = { ws, device, ip, alive: true, queue: Promise.resolve(), pending: 0, paused: false, badMessages: 0, rateStrikes: 0 };
    let set = this.conns.get(device.id);
    if (!set) this.conns.set(device.id, (set = new Set()));
    if (set.size >= MAX_SOCKETS_PER_DEVICE) {
      const oldest = set.values().next().value!;
      oldest.ws.close(CloseCode.replaced, 'replaced by a newer connection from this device');
      set.delete(oldest);
    }
    set.add(conn);
    this.o.stats.count('ws.connected');
    this.o.stats.count('ws.opened');
    ws.on('pong', () => (conn.alive = true));
    ws.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') this.o.stats.count('ws.too_large');
      else this.o.stats.count('ws.protocol_error');
      this.o.log.debug('device socket error', { device: device.id, err: String(err) });
    });
    ws.on('close', () => {
      this.o.stats.count('ws.connected', -1);
      set!.delete(conn);
      if (set!.size === 0 && this.conns.get(device.id) === set) {
        this.conns.delete(device.id);
        // Connected until now: "last seen" is when its last socket closed (a pupil switching the
        // extension off), not its last heartbeat up to 5 minutes before; the silence starts here.
        if (!this.closing) {
          this.o.store.touchDevice(device.id, new Date().toISOString(), ip).catch((err) => this.o.log.warn('touch failed', { err: String(err) }));
        }
      }
    });
    ws.on('message', (data, isBinary) => {
      conn.alive = true;
      conn.pending++;
      if (conn.pending >= PAUSE_AT && !conn.paused) {
        conn.paused = true;
        this.o.stats.count('ws.paused');
        ws.pause();
      }
      conn.queue = conn.queue
        .then(() => this.onMessage(conn, data as Buffer, isBinary))
        .catch((err) => {
          this.o.stats.count('ingest.failed');
          this.o.log.error('device message failed', { device: device.id, err: String(err) });
          this.send(conn, { v: 1, type: 'error', code: 'server_error', message: 'the collector could not store this batch; it will be retried' });
        })
        .finally(() => {
          conn.pending--;
          if (conn.paused && conn.pending <= RESUME_AT) {
            conn.paused = false;
            ws.resume();
          }
        });
    });
    this.send(conn, { v: 1, type: 'welcome', deviceId: device.id, serverTime: new Date().toISOString() });
    this.o.store.touchDevice(device.id, new Date().toISOString(), ip).catch((err) => this.o.log.warn('touch failed', { err: String(err) }));
  }

  private badMessage(conn: Conn, code: string, message: string, batchId?: string): void {
    this.o.stats.count('ws.bad_message');
    this.o.stats.count(`ws.bad_message.${code}`);
    conn.badMessages++;
    this.send(conn, { v: 1, type: 'error', code, message, ...(batchId ? { batchId } : {}) });
    if (conn.badMessages >= MAX_BAD_MESSAGES) conn.ws.close(CloseCode.badMessage, 'too many malformed messages');
  }

  private async onMessage(conn: Conn, data: Buffer, isBinary: boolean): Promise<void> {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    if (isBinary) return this.badMessage(conn, 'binary_not_supported', 'send JSON text messages');
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch {
      return this.badMessage(conn, 'malformed_json', 'message is not valid JSON');
    }
    const v = (json as { v?: unknown } | null)?.v;
    if (typeof v === 'number' && v !== 1) {
      this.o.stats.count('ws.unsupported_version');
      this.send(conn, { v: 1, type: 'error', code: 'unsupported_version', message: `protocol version ${v} is not supported by this collector; update it or the device` });
      conn.ws.close(CloseCode.unsupportedVersion, 'unsupported protocol version');
      return;
    }
    const parsed = DeviceMessage.safeParse(json);
    if (!parsed.success) {
      const batchId = (json as { batchId?: unknown } | null)?.batchId;
      return this.badMessage(conn, 'bad_message', describeZodError(parsed.error), typeof batchId === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(batchId) ? batchId : undefined);
    }
    const msg = parsed.data;
    const allowed = this.o.limiter.take(conn.device.id, msg.type === 'events' ? msg.events.length : 0);
    if (!allowed.ok) {
      this.o.stats.count('ws.rate_limited');
      conn.rateStrikes++;
      this.send(conn, {
        v: 1,
        type: 'error',
        code: 'rate_limited',
        message: `too many messages from this device; retry in ${allowed.retryAfterMs} ms`,
        retryAfterMs: allowed.retryAfterMs,
        ...(msg.type === 'events' ? { batchId: msg.batchId } : {}),
      });
      if (conn.rateStrikes >= MAX_RATE_STRIKES) conn.ws.close(CloseCode.rateLimited, 'rate limit exceeded repeatedly');
      return;
    }
    conn.rateStrikes = 0;
    if (msg.type === 'ping') return this.send(conn, { v: 1, type: 'pong' });
    if (msg.type === 'hello') {
      conn.group = msg.group;
      const policy = await this.o.policyFor(conn.device.schoolId);
      // Always, not only when the version differs: a device's cached copy may have been edited
      // (a pupil at the extension's storage) while keeping its version number.
      this.sendPolicy(conn, policy);
      return;
    }
    this.o.stats.count('ingest.batches');
    this.o.stats.count('ingest.events_received', msg.events.length);
    const ack = await this.o.ingest.handle(conn.device, msg, conn.ip);
    this.send(conn, ack);
  }

  private sendPolicy(conn: Conn, policy: PolicyDocument): void {
    this.send(conn, { v: 1, type: 'policy', policy, group: conn.device.group ?? undefined, extensionVersion: this.o.extensionVersion?.() });
  }

  private send(conn: Conn, msg: CollectorMessage): void {
    if (conn.ws.readyState !== WebSocket.OPEN) return;
    if (conn.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      // A device that stopped reading: drop it rather than hold its backlog in memory.
      this.o.stats.count('ws.slow_client_terminated');
      conn.ws.terminate();
      return;
    }
    conn.ws.send(JSON.stringify(msg));
    if (msg.type === 'policy') conn.policyVersion = msg.policy.version;
  }

  private pingAll(): void {
    for (const set of this.conns.values()) {
      for (const conn of set) {
        if (!conn.alive) {
          this.o.stats.count('ws.heartbeat_terminated');
          conn.ws.terminate();
          continue;
        }
        conn.alive = false;
        conn.ws.ping();
      }
    }
  }

  /**
   * Push a policy to every connected device of a school; returns how many got it. With
   * `onlyIfBehind` (after a cluster bus outage) only to sockets last sent an older version: a
   * push another instance published meanwhile was missed.
   */
  pushPolicy(schoolId: string, policy: PolicyDocument, opts: { onlyIfBehind?: boolean } = {}): number {
    let n = 0;
    for (const set of this.conns.values()) {
      for (const conn of set) {
        if (conn.device.schoolId !== schoolId) continue;
        if (opts.onlyIfBehind && (conn.policyVersion ?? -1) >= policy.version) continue;
        this.sendPolicy(conn, policy);
        n++;
      }
    }
    this.o.stats.count('policy.pushed', n);
    return n;
  }

  /** Schools with at least one device connected here. */
  connectedSchools(): Set<string> {
    const out = new Set<string>();
    for (const set of this.conns.values()) for (const conn of set) out.add(conn.device.schoolId);
    return out;
  }

  /** Ids of the devices connected here. */
  connectedDeviceIds(): string[] {
    return [...this.conns.entries()].filter(([, set]) => set.size > 0).map(([id]) => id);
  }

  /** A device's group changed: remember it and send it the policy with its new group. */
  setGroup(deviceId: string, group: string | null, policy: PolicyDocument): void {
    for (const conn of this.conns.get(deviceId) ?? []) {
      conn.device = { ...conn.device, group };
      this.sendPolicy(conn, policy);
    }
  }

  /** Send a command to one device; false if it is not connected here. */
  sendCommand(deviceId: string, command: Command): boolean {
    const set = this.conns.get(deviceId);
    if (!set?.size) return false;
    for (const conn of set) this.send(conn, { v: 1, type: 'command', id: newId(), command });
    return true;
  }

  /** Close a device's sockets (revoked); true if it was connected here. */
  disconnect(deviceId: string, code: number, reason: string): boolean {
    const set = this.conns.get(deviceId);
    if (!set?.size) return false;
    for (const conn of set) conn.ws.close(code, reason);
    return true;
  }

  isConnected(deviceId: string): boolean {
    return (this.conns.get(deviceId)?.size ?? 0) > 0;
  }

  /** Close every socket (graceful shutdown) after in-flight batches are handled. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    const pending: Promise<void>[] = [];
    for (const set of this.conns.values()) {
      for (const conn of set) {
        pending.push(
          conn.queue.finally(() => {
            conn.ws.close(CloseCode.shuttingDown, 'collector shutting down');
            // A device that never answers the close handshake must not hold shutdown up.
            setTimeout(() => conn.ws.terminate(), 2000).unref();
          }),
        );
      }
    }
    await Promise.allSettled(pending);
    this.wss.close();
  }
}
