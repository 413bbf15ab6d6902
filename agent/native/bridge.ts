import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { AgentToExtension } from '../../shared/native/agent-messages';
import { LocalClientMessage, type WindowReport } from './local-messages';
import { LineDecoder } from './framing';

export const defaultSocketPath = (platform = process.platform): string =>
  platform === 'win32' ? '\\\\.\\pipe\\esafety-agent' : '/run/esafety-agent/native.sock';

/**
 * The agent service's side of native messaging. Chrome starts the host process (native/host.ts)
 * as the signed-in user; that process connects here over a local socket (a named pipe on
 * Windows) and relays. The service pushes board state and identity to every connected host the
 * moment they change, and knows when the extension was last connected (tamper watch).
 */
export class NativeBridge {
  private server: net.Server | null = null;
  private clients = new Set<net.Socket>();
  /** Sockets whose peer said hello as the extension (title helpers do not count). */
  private extensions = new Set<net.Socket>();
  private latest = new Map<AgentToExtension['type'], AgentToExtension>();
  /** When a host last connected or was last connected; null if never since start. */
  lastSeen: number | null = null;
  extensionVersion: string | undefined;

  constructor(
    private readonly socketPath: string,
    private readonly log: (msg: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
    /** The extension said hello (it is installed, enabled and connected). */
    private readonly onHello: () => void = () => undefined,
    /** The per-user title helper reported the focused window. */
    private readonly onWindow: (w: WindowReport) => void = () => undefined,
  ) {}

  /** Extensions connected now (through their native host processes). */
  get connections(): number {
    return this.extensions.size;
  }

  async listen(): Promise<void> {
    if (process.platform !== 'win32') {
      fs.mkdirSync(path.dirname(this.socketPath), { recursive: true });
      fs.rmSync(this.socketPath, { force: true }); // a socket left by a crashed agent
    }
    const server = net.createServer((socket) => this.onConnection(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.socketPath, () => resolve());
    });
    // The browser (and so the host process) runs as the signed-in user, the agent as root.
    if (process.platform !== 'win32') fs.chmodSync(this.socketPath, 0o666);
  }

  private onConnection(socket: net.Socket): void {
    this.clients.add(socket);
    const decoder = new LineDecoder();
    for (const msg of this.latest.values()) socket.write(JSON.stringify(msg) + '\n');
    socket.on('data', (chunk) => {
      let lines: string[];
      try {
        lines = decoder.push(chunk);
      } catch (err) {
        this.log(`native host sent an over-long line; disconnected (${String(err)})`);
        socket.destroy();
        return;
      }
      for (const line of lines) {
        let parsed;
        try {
          parsed = LocalClientMessage.safeParse(JSON.parse(line));
        } catch {
          parsed = null;
        }
        if (!parsed?.success) {
          this.log(`ignored unrecognised message from the native host: ${line.slice(0, 120)}`);
          continue;
        }
        const msg = parsed.data;
        if (msg.type === 'window') {
          this.onWindow(msg);
          continue;
        }
        this.lastSeen = this.now();
        if (msg.type === 'hello') {
          this.extensions.add(socket);
          this.extensionVersion = msg.extensionVersion;
          this.onHello();
        }
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.clients.delete(socket);
      if (this.extensions.delete(socket)) this.lastSeen = this.now();
    });
  }

  /** Remember the latest message of its type and push it to every connected extension now. */
  publish(msg: AgentToExtension): void {
    this.latest.set(msg.type, msg);
    const line = JSON.stringify(msg) + '\n';
    for (const c of this.clients) c.write(line);
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.destroy();
    this.clients.clear();
    this.extensions.clear();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    this.server = null;
    if (process.platform !== 'win32') fs.rmSync(this.socketPath, { force: true });
  }
}
