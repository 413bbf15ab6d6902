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

interface Conn {
  ws: WebSocket;
  device: DeviceRow;
  ip: string | null;
  alive: boolean;
  /** Messages are handled one at a time per socket: ordering, and natural back-pressure. */
  queue: Promise<void>;
  badMessages: number;
  group?: string | undefined;
}

export interface DeviceSocketsOptions {
  store: Store;
  ingest: Ingest;
  log: Logger;
  trustProxy: boolean;
  policyFor: (schoolId: string) => Promise<PolicyDocument>;
  /** ms between server pings; a socket that missed one is terminated. */
  pingIntervalMs?: number;
}

/** Counters the fuzz and load suites read to prove bad input was refused, not ignored. */
export interface SocketStats {
  connected: number;
  refusedUpgrades: number;
  badMessages: number;
  batches: number;
}

/**
 * One WebSocket per device. Authentication happens on the HTTP upgrade, before a socket
 * exists (ws README: "Client authentication"); a bad credential gets a 401 and no socket.
 */
export class DeviceSockets {
  private readonly wss: WebSocketServer;
  private readonly conns = new Map<string, Set<Conn>>();
  private readonly timer: NodeJS.Timeout;
  readonly stats: SocketStats = { connected: 0, refusedUpgrades: 0, badMessages: 0, batches: 0 };

  constructor(private readonly o: DeviceSocketsOptions) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      handleProtocols: (protocols) => (protocols.has(WS_SUBPROTOCOL) ? WS_SUBPROTOCOL : false),
    });
    this.timer = setInterval(() => this.pingAll(), o.pingIntervalMs ?? 30_000);
    this.timer.unref();
  }

  private refuse(socket: Duplex, status: number, message: string): void {
    this.stats.refusedUpgrades++;
    socket.end(
      `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Bad Request'}\r\n` +
        'Connection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
    );
  }

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(WS_SUBPROTOCOL)) return this.refuse(socket, 400, `subprotocol ${WS_SUBPROTOCOL} required`);
    const bearer = offered.find((p) => p.startsWith(WS_AUTH_PREFIX))?.slice(WS_AUTH_PREFIX.length) ?? '';
    const dot = bearer.indexOf('.');
    const auth = await authenticateDevice(this.o.store, dot > 0 ? bearer.slice(0, dot) : undefined, dot > 0 ? bearer.slice(dot + 1) : undefined);
    if (!auth.ok) {
      return auth.reason === 'revoked'
        ? this.refuse(socket, 403, 'device revoked: re-enrol with a current enrolment token')
        : this.refuse(socket, 401, 'device not authenticated');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, auth.device, clientIp(req, this.o.trustProxy)));
  }

  private attach(ws: WebSocket, device: DeviceRow, ip: string | null): void {
    const conn: Conn = { ws, device, ip, alive: true, queue: Promise.resolve(), badMessages: 0 };
    let set = this.conns.get(device.id);
    if (!set) this.conns.set(device.id, (set = new Set()));
    set.add(conn);
    this.stats.connected++;
    ws.on('pong', () => (conn.alive = true));
    ws.on('error', (err) => this.o.log.debug('device socket error', { device: device.id, err: String(err) }));
    ws.on('close', () => {
      this.stats.connected--;
      set!.delete(conn);
      if (set!.size === 0) this.conns.delete(device.id);
    });
    ws.on('message', (data, isBinary) => {
      conn.alive = true;
      conn.queue = conn.queue.then(() => this.onMessage(conn, data as Buffer, isBinary)).catch((err) => {
        this.o.log.error('device message failed', { device: device.id, err: String(err) });
        this.send(conn, { v: 1, type: 'error', code: 'server_error', message: 'the collector could not store this batch; it will be retried' });
      });
    });
    this.send(conn, { v: 1, type: 'welcome', deviceId: device.id, serverTime: new Date().toISOString() });
    void this.o.store.touchDevice(device.id, new Date().toISOString(), ip);
  }

  private badMessage(conn: Conn, code: string, message: string): void {
    this.stats.badMessages++;
    conn.badMessages++;
    this.send(conn, { v: 1, type: 'error', code, message });
    if (conn.badMessages >= 20) conn.ws.close(CloseCode.badMessage, 'too many malformed messages');
  }

  private async onMessage(conn: Conn, data: Buffer, isBinary: boolean): Promise<void> {
    if (isBinary) return this.badMessage(conn, 'binary_not_supported', 'send JSON text messages');
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch {
      return this.badMessage(conn, 'malformed_json', 'message is not valid JSON');
    }
    const v = (json as { v?: unknown } | null)?.v;
    if (typeof v === 'number' && v !== 1) {
      this.send(conn, { v: 1, type: 'error', code: 'unsupported_version', message: `protocol version ${v} is not supported by this collector; update it or the device` });
      conn.ws.close(CloseCode.unsupportedVersion, 'unsupported protocol version');
      return;
    }
    const parsed = DeviceMessage.safeParse(json);
    if (!parsed.success) return this.badMessage(conn, 'bad_message', describeZodError(parsed.error));
    const msg = parsed.data;
    if (msg.type === 'ping') return this.send(conn, { v: 1, type: 'pong' });
    if (msg.type === 'hello') {
      conn.group = msg.group;
      const policy = await this.o.policyFor(conn.device.schoolId);
      if (policy.version !== msg.policyVersion) this.send(conn, { v: 1, type: 'policy', policy, group: conn.device.group ?? undefined });
      return;
    }
    this.stats.batches++;
    const ack = await this.o.ingest.handle(conn.device, msg, conn.ip);
    this.send(conn, ack);
  }

  private send(conn: Conn, msg: CollectorMessage): void {
    if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(JSON.stringify(msg));
  }

  private pingAll(): void {
    for (const set of this.conns.values()) {
      for (const conn of set) {
        if (!conn.alive) {
          conn.ws.terminate();
          continue;
        }
        conn.alive = false;
        conn.ws.ping();
      }
    }
  }

  /** Push a new policy to every connected device of a school. */
  pushPolicy(schoolId: string, policy: PolicyDocument): number {
    let n = 0;
    for (const set of this.conns.values()) {
      for (const conn of set) {
        if (conn.device.schoolId !== schoolId) continue;
        this.send(conn, { v: 1, type: 'policy', policy, group: conn.device.group ?? undefined });
        n++;
      }
    }
    return n;
  }

  /** Send a command to one device; false if it is not connected here. */
  sendCommand(deviceId: string, command: Command): boolean {
    const set = this.conns.get(deviceId);
    if (!set?.size) return false;
    for (const conn of set) this.send(conn, { v: 1, type: 'command', id: newId(), command });
    return true;
  }

  isConnected(deviceId: string): boolean {
    return (this.conns.get(deviceId)?.size ?? 0) > 0;
  }

  /** Close every socket (graceful shutdown) after in-flight batches are handled. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    const pending: Promise<void>[] = [];
    for (const set of this.conns.values()) {
      for (const conn of set) {
        pending.push(conn.queue.finally(() => conn.ws.close(CloseCode.shuttingDown, 'collector shutting down')));
      }
    }
    await Promise.allSettled(pending);
    this.wss.close();
  }
}
