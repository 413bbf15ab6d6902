import { randomUUID } from 'node:crypto';
import { DeviceClient, enrol } from '../support/device-client';

/** Devices that keep sending batches of durable events and remember which ids were acked, and when. */
export class IngestLoad {
  readonly acked = new Map<string, { deviceId: string; at: number }>();
  readonly clients: DeviceClient[] = [];
  rejected = 0;
  failures: string[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly url: string,
    private readonly devices = 4,
    private readonly batchSize = 25,
  ) {}

  async start(): Promise<this> {
    for (let i = 0; i < this.devices; i++) {
      const creds = await enrol(this.url, { name: `load-${i}` });
      this.clients.push(await new DeviceClient(this.url, creds).open());
    }
    this.running = true;
    this.loops = this.clients.map((c) => this.loop(c));
    return this;
  }

  private async loop(c: DeviceClient): Promise<void> {
    while (this.running) {
      const events = Array.from({ length: this.batchSize }, () => ({
        id: `e-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
        at: new Date().toISOString(),
        type: 'blocked' as const,
        url: `https://www.google.com/search?q=${Math.random().toString(36).slice(2)}`,
        rule: 'search' as const,
      }));
      try {
        const ack = await c.sendEvents(events);
        const at = Date.now();
        for (const id of ack.stored) this.acked.set(id, { deviceId: c.creds.deviceId, at });
        this.rejected += ack.rejected.length;
      } catch (err) {
        // A socket closed by shutdown: the batch was not acked, so the device would re-send it.
        this.failures.push(String(err));
        return;
      }
    }
  }

  /** Ids acked up to now. */
  ackedSoFar(): Set<string> {
    return new Set(this.acked.keys());
  }

  async waitForAcks(n: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.acked.size < n) {
      if (Date.now() > deadline) throw new Error(`only ${this.acked.size} events acked, wanted ${n}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    for (const c of this.clients) if (c.ws.readyState === c.ws.OPEN) c.close();
  }
}
