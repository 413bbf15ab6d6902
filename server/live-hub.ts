import type { ClusterBus } from './cluster/bus';
import type { AlertRow } from './store/types';

export type LiveEvent =
  | { type: 'alert'; alert: AlertRow }
  | { type: 'device'; deviceId: string; schoolId: string; change: 'seen' | 'board' | 'enrolled' | 'tamper' | 'revoked' | 'silent' };

type Listener = (schoolId: string, event: LiveEvent) => void;

/**
 * Fans live events out to dashboard sockets. `publish` delivers here and, through the cluster
 * bus, on every other collector instance sharing the PostgreSQL store; `deliver` is the local
 * half (used for what other instances send us).
 */
export class LiveHub {
  private listeners = new Set<Listener>();
  constructor(private readonly bus?: ClusterBus) {}

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  publish(schoolId: string, event: LiveEvent): void {
    this.deliver(schoolId, event);
    this.bus?.publish({ t: 'live', schoolId, event });
  }

  deliver(schoolId: string, event: LiveEvent): void {
    for (const l of this.listeners) {
      try {
        l(schoolId, event);
      } catch {
        // one broken subscriber must not stop the others
      }
    }
  }
}
