import { type ChildProcess, spawn } from 'node:child_process';
import { ROOT } from '../support/build-extension';

/**
 * Peers measured in the same run: a raw `ws` server in its own process, either echoing
 * (connection memory baseline) or relaying every device message straight to every dashboard
 * socket with no parsing or storage (latency baseline).
 */
const SCRIPT = `
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
const mode = process.argv[1];
const server = createServer();
const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: false });
const dashboards = new Set();
wss.on('connection', (ws, req) => {
  if (req.url === '/dashboard') { dashboards.add(ws); ws.on('close', () => dashboards.delete(ws)); return; }
  ws.on('message', (data) => {
    if (mode === 'echo') ws.send(data);
    else for (const d of dashboards) d.send(data);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write('PEER_READY ' + server.address().port + '\\n'));
`;

export class PeerServer {
  pid = 0;
  url = '';
  private child: ChildProcess | null = null;
  constructor(private readonly mode: 'echo' | 'relay') {}

  async start(): Promise<this> {
    const child = spawn(process.execPath, ['--input-type=module', '-e', SCRIPT, this.mode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    this.child = child;
    this.pid = child.pid!;
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /PEER_READY (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`peer server exited ${code}`)));
    });
    this.url = `ws://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
