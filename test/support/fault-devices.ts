import path from 'node:path';
import { AgentCollectorLink } from '../../agent/core/collector-link';
import { FileOutboxStore } from '../../agent/core/file-outbox-store';
import { type FlushResult, MemoryOutboxStore, Outbox, type OutboxStore, type SendBatch } from '../../shared/outbox/outbox';
import type { DeviceEvent } from '../../shared/protocol/events';
import { TEST_ENROLMENT_TOKEN } from './collector-process';

/** An Outbox that remembers every id the collector acknowledged as stored (and when). */
export class CountingOutbox extends Outbox {
  readonly acked = new Set<string>();
  ackedBatches = 0;
  override flush(send: SendBatch): Promise<FlushResult> {
    return super.flush(async (m) => {
      const ack = await send(m);
      for (const id of ack.stored) this.acked.add(id);
      this.ackedBatches++;
      return ack;
    });
  }
}

/**
 * A simulated device made of the product's own delivery code: the agent's collector link
 * (enrol, WebSocket, reconnect with backoff) over the shared Outbox, on the agent's fsynced
 * journal file or in memory. Everything it generates is remembered for reconciliation.
 */
export class SimDevice {
  readonly outbox: CountingOutbox;
  readonly link: AgentCollectorLink;
  readonly generated: string[] = [];
  private n = 0;

  constructor(
    readonly name: string,
    collectorUrl: string,
    opts: { journalDir?: string; store?: OutboxStore } = {},
  ) {
    const store = opts.store ?? (opts.journalDir ? new FileOutboxStore(path.join(opts.journalDir, `${name}.jsonl`)) : new MemoryOutboxStore());
    this.outbox = new CountingOutbox(store);
    this.link = new AgentCollectorLink({
      collectorUrl,
      enrolmentToken: TEST_ENROLMENT_TOKEN,
      version: '0.1.0',
      hardwareId: `hw-${name}`,
      deviceName: name,
      group: () => undefined,
      user: () => `pupil.${name}`,
      policyVersion: () => 0,
      credentials: null,
      saveCredentials: () => undefined,
      outbox: this.outbox,
      onPolicy: () => undefined,
      onCommand: () => undefined,
      log: () => undefined,
      ackTimeoutMs: 5_000,
    });
  }

  get deviceId(): string | null {
    return this.link.deviceId;
  }

  /** Queue one event durably and ask for delivery soon; returns its id. */
  async emit(make: (id: string) => DeviceEvent): Promise<string> {
    const id = `${this.name}-${String(this.n++).padStart(7, '0')}`;
    await this.outbox.add(make(id));
    this.generated.push(id);
    this.link.flushSoon(20);
    return id;
  }

  /** Keep flushing until the outbox is empty (a flush that fails is retried on reconnect). */
  async drain(): Promise<void> {
    while (this.outbox.depth > 0) {
      if (this.link.connected) await this.link.flush();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
