/**
 * The native messaging host process Chrome/Edge start (as the signed-in user) when the
 * extension calls chrome.runtime.connectNative('uk.esafety.agent'). It relays between Chrome's
 * stdio framing and the agent service's local socket; it holds no state of its own.
 *
 *   node agent/native/host.ts --socket /run/esafety-agent/native.sock chrome-extension://ID/
 */
import net from 'node:net';
import { NATIVE_MAX_TO_BROWSER } from '../../shared/native/agent-messages';
import { defaultSocketPath } from './bridge';
import { FrameDecoder, LineDecoder, encodeFrame } from './framing';

export function runHost(args: string[], stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream): void {
  const i = args.indexOf('--socket');
  const socketPath = i !== -1 && args[i + 1] ? args[i + 1]! : defaultSocketPath();
  const origin = args.find((a) => a.startsWith('chrome-extension://'));
  const frames = new FrameDecoder(1024 * 1024);
  let socket: net.Socket | null = null;
  let queued: string[] = [];
  let closed = false;

  const connect = () => {
    if (closed) return;
    const s = net.createConnection(socketPath);
    const lines = new LineDecoder(NATIVE_MAX_TO_BROWSER);
    s.on('connect', () => {
      socket = s;
      for (const q of queued) s.write(q);
      queued = [];
    });
    s.on('data', (chunk) => {
      for (const line of lines.push(chunk)) {
        try {
          stdout.write(encodeFrame(JSON.parse(line)));
        } catch {
          // not JSON: never forward garbage to the browser
        }
      }
    });
    s.on('error', () => undefined);
    s.on('close', () => {
      socket = null;
      // The agent service restarted or is not running yet: keep trying while Chrome holds us.
      setTimeout(connect, 1_000).unref();
    });
  };

  stdin.on('data', (chunk: Buffer) => {
    let messages: unknown[];
    try {
      messages = frames.push(chunk);
    } catch {
      process.exit(1); // a malformed frame: Chrome sees the port disconnect and retries
    }
    for (const m of messages) {
      const withOrigin = m && typeof m === 'object' && origin ? { ...(m as object), extensionId: origin.slice(19, 51) } : m;
      const line = JSON.stringify(withOrigin) + '\n';
      if (socket) socket.write(line);
      else queued.push(line);
    }
  });
  // Chrome closes stdin when the extension's port disconnects: the host must exit.
  stdin.on('end', () => {
    closed = true;
    socket?.end();
    process.exit(0);
  });
  connect();
}


