import type { AlertRow } from './store/types';

export type LiveEvent =
  | { type: 'alert'; alert: AlertRow }
  | { type: 'device'; deviceId: string; schoolId: string; change: 'seen' | 'board' | 'enrolled' | 'tamper' };

type Listener = (schoolId: string, event: LiveEvent) => void;

/**
 * Fans live events out to dashboard sockets in this process. A multi-instance deployment
 * bridges this to PostgreSQL LISTEN/NOTIFY so every instance sees every event.
 */
export class LiveHub {
  private listeners = new Set<Listener>();
  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
  publish(schoolId: string, event: LiveEvent): void {
    for (const l of this.listeners) {
      try {
        l(schoolId, event);
      } catch {
        // one broken subscriber must not stop the others
      }
    }
  }
}
