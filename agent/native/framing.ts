/**
 * Chrome native messaging framing: each message is a 32-bit length in native byte order
 * (little-endian on every platform Chrome ships on) followed by that many bytes of UTF-8 JSON.
 */
export function encodeFrame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.length, 0);
  return Buffer.concat([head, body]);
}

/** Incremental decoder: feed it chunks as they arrive; it returns every complete message. */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  push(chunk: Buffer): unknown[] {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    const out: unknown[] = [];
    while (this.buf.length >= 4) {
      const len = this.buf.readUInt32LE(0);
      if (len > this.maxBytes) throw new Error(`native message of ${len} bytes is over the ${this.maxBytes}-byte limit`);
      if (this.buf.length < 4 + len) break;
      const body = this.buf.subarray(4, 4 + len).toString('utf8');
      this.buf = this.buf.subarray(4 + len);
      out.push(JSON.parse(body));
    }
    return out;
  }
}

/** Newline-delimited JSON for the local socket between the host process and the agent service. */
export class LineDecoder {
  private buf = '';
  constructor(private readonly maxLine = 64 * 1024) {}

  push(chunk: Buffer | string): string[] {
    this.buf += String(chunk);
    const lines = this.buf.split('\n');
    this.buf = lines.pop()!;
    if (this.buf.length > this.maxLine) throw new Error(`line over ${this.maxLine} bytes`);
    return lines.filter((l) => l.trim());
  }
}
