import type { DeviceEvent } from '../protocol/events';
import type { AckMessage, EventsMessage } from '../protocol/messages';
import { MAX_BATCH_EVENTS } from '../protocol/messages';

/** One queued event as kept in durable storage. */
export interface OutboxItem {
  id: string;
  /** Monotonic insertion order, so delivery keeps the order events happened in. */
  seq: number;
  /** Used to choose what to evict first when the queue is full (lowest, then oldest). */
  priority: number;
  /** Approximate serialised size, to keep batches under the collector's message limit. */
  bytes: number;
  event: DeviceEvent;
}

/** Durable storage under the outbox: chrome.storage/IndexedDB in the extension, files in the agent. */
export interface OutboxStore {
  loadAll(): Promise<OutboxItem[]>;
  put(items: OutboxItem[]): Promise<void>;
  delete(ids: string[]): Promise<void>;
}

/** Sends one batch and resolves with the collector's ack once it is durably stored; rejects on failure. */
export type SendBatch = (message: EventsMessage) => Promise<AckMessage>;

export interface OutboxOptions {
  /** Most events kept; beyond this the lowest-priority oldest are evicted (and counted). */
  maxItems?: number;
  maxBatchEvents?: number;
  maxBatchBytes?: number;
  newId?: () => string;
}

export interface FlushResult {
  batches: number;
  stored: number;
  rejected: number;
  error?: unknown;
}

const priorityOf = (e: DeviceEvent): number => {
  switch (e.type) {
    case 'keyword_alert':
      return 10 + e.severity;
    case 'concern':
      return 20;
    case 'tamper':
      return 9;
    case 'board_change':
    case 'url_report':
      return 5;
    case 'blocked':
      return 3;
    case 'heartbeat':
      return 0;
  }
};

export function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * At-least-once delivery: an event is written to durable storage before `add` resolves and
 * removed only when the collector's ack says it is stored (or permanently rejected). Ids make
 * re-sending safe: the collector stores each id once.
 */
export class Outbox {
  private items = new Map<string, OutboxItem>();
  private seq = 0;
  private loaded: Promise<void> | null = null;
  private flushing: Promise<FlushResult> | null = null;
  /** Events evicted because the queue was full since this was last read. */
  evicted = 0;
  private readonly maxItems: number;
  private readonly maxBatchEvents: number;
  private readonly maxBatchBytes: number;
  private readonly newId: () => string;

  constructor(private readonly store: OutboxStore, options: OutboxOptions = {}) {
    this.maxItems = options.maxItems ?? 10_000;
    this.maxBatchEvents = Math.min(options.maxBatchEvents ?? 200, MAX_BATCH_EVENTS);
    this.maxBatchBytes = options.maxBatchBytes ?? 4 * 1024 * 1024;
    this.newId = options.newId ?? randomId;
  }

  load(): Promise<void> {
    this.loaded ??= this.store.loadAll().then((items) => {
      for (const item of items) {
        this.items.set(item.id, item);
        this.seq = Math.max(this.seq, item.seq);
      }
    });
    return this.loaded;
  }

  get depth(): number {
    return this.items.size;
  }

  /** Queue events durably. Resolves after they are in storage. */
  async add(...events: DeviceEvent[]): Promise<void> {
    await this.load();
    const fresh: OutboxItem[] = [];
    for (const event of events) {
      if (this.items.has(event.id)) continue;
      const item: OutboxItem = {
        id: event.id,
        seq: ++this.seq,
        priority: priorityOf(event),
        bytes: JSON.stringify(event).length + 16,
        event,
      };
      this.items.set(item.id, item);
      fresh.push(item);
    }
    if (fresh.length) await this.store.put(fresh);
    await this.evictOverflow();
  }

  private async evictOverflow(): Promise<void> {
    const over = this.items.size - this.maxItems;
    if (over <= 0) return;
    const victims = [...this.items.values()]
      .sort((a, b) => a.priority - b.priority || a.seq - b.seq)
      .slice(0, over)
      .map((i) => i.id);
    for (const id of victims) this.items.delete(id);
    this.evicted += victims.length;
    await this.store.delete(victims);
  }

  /** The oldest events, as one batch within the count and size limits. */
  private nextBatch(): OutboxItem[] {
    const ordered = [...this.items.values()].sort((a, b) => a.seq - b.seq);
    const batch: OutboxItem[] = [];
    let bytes = 0;
    for (const item of ordered) {
      if (batch.length >= this.maxBatchEvents) break;
      if (batch.length > 0 && bytes + item.bytes > this.maxBatchBytes) break;
      batch.push(item);
      bytes += item.bytes;
    }
    return batch;
  }

  /**
   * Deliver everything queued, batch by batch, until the queue is empty or a send fails.
   * Concurrent calls share one flush.
   */
  flush(send: SendBatch): Promise<FlushResult> {
    this.flushing ??= this.doFlush(send).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async doFlush(send: SendBatch): Promise<FlushResult> {
    await this.load();
    const result: FlushResult = { batches: 0, stored: 0, rejected: 0 };
    for (;;) {
      const batch = this.nextBatch();
      if (batch.length === 0) return result;
      const message: EventsMessage = { v: 1, type: 'events', batchId: this.newId(), events: batch.map((i) => i.event) };
      let ack: AckMessage;
      try {
        ack = await send(message);
      } catch (error) {
        return { ...result, error };
      }
      const done = [...ack.stored, ...ack.rejected.map((r) => r.id)].filter((id) => this.items.has(id));
      for (const id of done) this.items.delete(id);
      await this.store.delete(done);
      result.batches++;
      result.stored += ack.stored.length;
      result.rejected += ack.rejected.length;
      if (done.length === 0) return { ...result, error: new Error('collector acknowledged none of the batch') };
    }
  }
}

/** In-memory store for tests and for hosts that persist elsewhere. */
export class MemoryOutboxStore implements OutboxStore {
  readonly data = new Map<string, OutboxItem>();
  async loadAll() {
    return [...this.data.values()];
  }
  async put(items: OutboxItem[]) {
    for (const i of items) this.data.set(i.id, structuredClone(i));
  }
  async delete(ids: string[]) {
    for (const id of ids) this.data.delete(id);
  }
}
