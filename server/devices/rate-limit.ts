/**
 * Per-device token buckets (one for messages, one for events), shared by a device's WebSocket
 * and its HTTPS fallback. A device over its rate is told when to retry; nothing is stored for
 * that batch and nothing is acknowledged, so its outbox keeps it and sends again later.
 */
export interface RateLimits {
  /** Sustained messages per second per device, and the burst allowed above it. */
  messagesPerSec: number;
  messageBurst: number;
  /** Sustained events per second per device (an outbox flushing a day offline needs a burst). */
  eventsPerSec: number;
  eventBurst: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { messagesPerSec: 20, messageBurst: 200, eventsPerSec: 2000, eventBurst: 20_000 };

interface Bucket {
  messages: number;
  events: number;
  at: number;
}

export class DeviceRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    readonly limits: RateLimits = DEFAULT_RATE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take one message carrying `events` events; ok, or how long to wait before retrying. */
  take(deviceId: string, events: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const t = this.now();
    const l = this.limits;
    let b = this.buckets.get(deviceId);
    if (!b) this.buckets.set(deviceId, (b = { messages: l.messageBurst, events: l.eventBurst, at: t }));
    const dt = (t - b.at) / 1000;
    b.messages = Math.min(l.messageBurst, b.messages + dt * l.messagesPerSec);
    b.events = Math.min(l.eventBurst, b.events + dt * l.eventsPerSec);
    b.at = t;
    if (b.messages < 1 || b.events < events) {
      const waitMsg = b.messages < 1 ? ((1 - b.messages) / l.messagesPerSec) * 1000 : 0;
      const waitEv = b.events < events ? ((Math.min(events, l.eventBurst) - b.events) / l.eventsPerSec) * 1000 : 0;
      return { ok: false, retryAfterMs: Math.max(100, Math.ceil(Math.max(waitMsg, waitEv))) };
    }
    b.messages -= 1;
    b.events -= events;
    return { ok: true };
  }

  /** Drop buckets idle long enough to be full again (called from a timer). */
  sweep(): void {
    const t = this.now();
    const full = Math.max(this.limits.messageBurst / this.limits.messagesPerSec, this.limits.eventBurst / this.limits.eventsPerSec) * 1000;
    for (const [id, b] of this.buckets) if (t - b.at > full) this.buckets.delete(id);
  }
}
