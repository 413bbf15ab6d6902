import type { AckMessage } from './messages';

interface Waiter {
  resolve: (ack: AckMessage) => void;
  reject: (err: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Event batches sent over a device's socket, each waiting for the collector's ack by batch id:
 * the extension's and the agent's links share it. An ack settles its batch; silence past the
 * timeout, or the socket closing, fails it, and the outbox keeps its events for the next try
 * (the collector stores by event id, so a batch sent twice is stored once).
 */
export class AckWaiters {
  private readonly waiting = new Map<string, Waiter>();

  constructor(private readonly timeoutMs: number) {}

  /** Send a batch with `send`; resolves with its ack, rejects when sending throws. */
  send(batchId: string, send: () => void): Promise<AckMessage> {
    const acked = this.wait(batchId);
    try {
      send();
    } catch (err) {
      this.drop(batchId, err instanceof Error ? err : new Error(String(err)));
    }
    return acked;
  }

  private wait(batchId: string): Promise<AckMessage> {
    this.drop(batchId, new Error('batch sent again before its ack'));
    return new Promise<AckMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(batchId);
        reject(new Error('ack timeout'));
      }, this.timeoutMs);
      this.waiting.set(batchId, { resolve, reject, timer });
    });
  }

  /** An ack arrived. False when nothing waits for it (it came after its batch timed out). */
  settle(ack: AckMessage): boolean {
    const w = this.waiting.get(ack.batchId);
    if (!w) return false;
    clearTimeout(w.timer);
    this.waiting.delete(ack.batchId);
    w.resolve(ack);
    return true;
  }

  /** The socket closed: every batch still waiting fails with the reason. */
  failAll(reason: string): void {
    for (const id of [...this.waiting.keys()]) this.drop(id, new Error(reason));
  }

  /** Batches waiting for an ack. */
  get size(): number {
    return this.waiting.size;
  }

  private drop(batchId: string, err: Error): void {
    const w = this.waiting.get(batchId);
    if (!w) return;
    clearTimeout(w.timer);
    this.waiting.delete(batchId);
    w.reject(err);
  }
}
