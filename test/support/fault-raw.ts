import { randomBytes } from 'node:crypto';
import net from 'node:net';

/**
 * Raw TCP against the collector, for what no well-behaved client library will send: broken
 * HTTP framing and broken WebSocket frames.
 */

/** Write bytes, half-close or not, and collect whatever comes back until the server closes (or timeout). */
export function rawHttp(port: number, bytes: Buffer | string, opts: { end?: boolean; timeoutMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let out = '';
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(out);
    };
    const timer = setTimeout(done, opts.timeoutMs ?? 3000);
    s.on('data', (d) => (out += d.toString('latin1')));
    s.on('error', done);
    s.on('close', done);
    s.write(bytes, () => {
      if (opts.end !== false) s.end();
    });
  });
}

/** A masked client frame (RFC 6455 §5.2), with knobs to break it. */
export function wsFrame(opcode: number, payload: Buffer, o: { fin?: boolean; rsv?: number; mask?: boolean; lengthOverride?: bigint } = {}): Buffer {
  const mask = o.mask ?? true;
  const b0 = ((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | opcode;
  const len = o.lengthOverride ?? BigInt(payload.length);
  let header: Buffer;
  if (len < 126n) header = Buffer.from([b0, (mask ? 0x80 : 0) | Number(len)]);
  else if (len < 65536n) {
    header = Buffer.alloc(4);
    header[0] = b0;
    header[1] = (mask ? 0x80 : 0) | 126;
    header.writeUInt16BE(Number(len), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = b0;
    header[1] = (mask ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(len, 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const body = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([header, key, body]);
}

export interface RawWsResult {
  status: number;
  /** Close code from the server's close frame, or null if the TCP connection just ended. */
  closeCode: number | null;
  /** Text frames received before the close. */
  texts: string[];
}

/** Upgrade with the given subprotocols, send the frames, and read the server's frames until it closes. */
export function rawWs(port: number, protocols: string[], frames: Buffer[], timeoutMs = 5000): Promise<RawWsResult> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let status = 0;
    let upgraded = false;
    const texts: string[] = [];
    let closeCode: number | null = null;
    const finish = () => {
      clearTimeout(timer);
      s.destroy();
      resolve({ status, closeCode, texts });
    };
    const timer = setTimeout(finish, timeoutMs);
    s.on('error', finish);
    s.on('close', finish);
    s.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        status = Number(/^HTTP\/1\.1 (\d+)/.exec(buf.subarray(0, end).toString('latin1'))?.[1] ?? 0);
        buf = buf.subarray(end + 4);
        if (status !== 101) return finish();
        upgraded = true;
        for (const f of frames) s.write(f);
      }
      // Server frames are unmasked.
      for (;;) {
        if (buf.length < 2) return;
        const op = buf[0]! & 0x0f;
        let len = buf[1]! & 0x7f;
        let off = 2;
        if (len === 126) {
          if (buf.length < 4) return;
          len = buf.readUInt16BE(2);
          off = 4;
        } else if (len === 127) {
          if (buf.length < 10) return;
          len = Number(buf.readBigUInt64BE(2));
          off = 10;
        }
        if (buf.length < off + len) return;
        const payload = buf.subarray(off, off + len);
        buf = buf.subarray(off + len);
        if (op === 0x1) texts.push(payload.toString('utf8'));
        if (op === 0x8) {
          closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
          return finish();
        }
      }
    });
    const req =
      'GET /api/v1/device/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
      (protocols.length ? `Sec-WebSocket-Protocol: ${protocols.join(', ')}\r\n` : '') +
      '\r\n';
    s.write(req);
  });
}
