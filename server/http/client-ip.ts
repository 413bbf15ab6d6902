import type { IncomingMessage } from 'node:http';

/** The device's address: the socket's, or the first X-Forwarded-For hop behind a trusted proxy. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string | null {
  if (trustProxy) {
    const fwd = req.headers['x-forwarded-for'];
    const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  const addr = req.socket.remoteAddress ?? null;
  return addr?.startsWith('::ffff:') ? addr.slice(7) : addr;
}
