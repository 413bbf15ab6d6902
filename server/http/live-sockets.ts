import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { LiveHub } from '../live-hub';
import type { Logger } from '../log';
import { can } from '../staff/roles';
import { SESSION_COOKIE, sessionFromCookie, type StaffSession } from '../staff/sessions';
import type { Store } from '../store/types';

const cookieValue = (header: string | undefined, name: string): string | undefined => {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
};

/**
 * Live updates for signed-in staff: new alerts arrive on the dashboard without a reload.
 * Authenticated by the session cookie on upgrade; only roles that may read alerts get them.
 */
export class LiveSockets {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly clients = new Map<WebSocket, StaffSession>();
  private readonly tokens = new Map<WebSocket, string>();
  private readonly unsubscribe: () => void;
  private readonly recheck: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    hub: LiveHub,
    private readonly log: Logger,
  ) {
    this.unsubscribe = hub.subscribe((schoolId, event) => {
      const text = JSON.stringify(event);
      for (const [ws, session] of this.clients) {
        if (session.staff.schoolId !== schoolId || ws.readyState !== WebSocket.OPEN) continue;
        if (event.type === 'alert' && !can(session.staff.role, 'alerts:read')) continue;
        if (event.type === 'device' && !can(session.staff.role, 'devices:read')) continue;
        // Slow dashboards are dropped rather than allowed to grow our memory without bound.
        if (ws.bufferedAmount > 4 * 1024 * 1024) {
          ws.terminate();
          continue;
        }
        ws.send(text);
      }
    });
    // A role change, a removed account or a signed-out session must stop the live feed too,
    // not only the next HTTP request: re-read every open socket's session periodically.
    this.recheck = setInterval(() => void this.revalidate(), LiveSockets.RECHECK_MS);
    this.recheck.unref();
  }

  static RECHECK_MS = 10_000;

  /** Tell every open dashboard to re-fetch its lists (live events may have been missed). */
  askToRefresh(): number {
    let n = 0;
    const text = JSON.stringify({ type: 'resync' });
    for (const ws of this.clients.keys()) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      ws.send(text);
      n++;
    }
    return n;
  }

  /** Re-read each socket's session; close those whose session is gone, refresh the role of the rest. */
  async revalidate(): Promise<void> {
    for (const [ws, token] of [...this.tokens]) {
      try {
        const session = await sessionFromCookie(this.store, token);
        if (!this.clients.has(ws)) continue;
        if (!session) {
          this.clients.delete(ws);
          this.tokens.delete(ws);
          ws.close(4401, 'signed out');
        } else {
          this.clients.set(ws, session);
        }
      } catch (err) {
        this.log.warn('live socket session re-check failed', { err: String(err) });
      }
    }
  }

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    const session = await sessionFromCookie(this.store, token);
    if (!session) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.clients.set(ws, session);
      if (token) this.tokens.set(ws, token);
      ws.on('close', () => {
        this.clients.delete(ws);
        this.tokens.delete(ws);
      });
      ws.on('error', (err) => this.log.debug('live socket error', { err: String(err) }));
      ws.send(JSON.stringify({ type: 'hello', role: session.staff.role }));
    });
  }

  close(): void {
    clearInterval(this.recheck);
    this.unsubscribe();
    for (const ws of this.clients.keys()) ws.close(1001, 'collector shutting down');
    this.wss.close();
  }
}
