import type { Command } from '../../shared/protocol/messages';
import type { LiveEvent } from '../live-hub';

/** What collector instances tell each other (several instances behind a load balancer). */
export type ClusterMessage =
  | { t: 'live'; schoolId: string; event: LiveEvent }
  /** An alert too large for one notification: receivers read it from the shared store. */
  | { t: 'alert-ref'; schoolId: string; alertId: string }
  | { t: 'policy'; schoolId: string; version: number }
  | { t: 'command'; deviceId: string; command: Command }
  | { t: 'revoke'; deviceId: string }
  /**
   * Never sent between instances: a bus tells its own subscribers this after its listening
   * connection came back, because anything published while it was down was missed.
   */
  | { t: 'resync' };

/**
 * Instance-to-instance messages. With one instance (SQLite) this is a no-op; with PostgreSQL it
 * is LISTEN/NOTIFY on the shared database (pg-bus.ts). A message is never delivered back to
 * the instance that sent it: that instance has already acted on it locally.
 */
export interface ClusterBus {
  readonly instanceId: string;
  publish(msg: ClusterMessage): void;
  subscribe(fn: (msg: ClusterMessage) => void): () => void;
  close(): Promise<void>;
}

export class SingleInstanceBus implements ClusterBus {
  readonly instanceId = 'single';
  publish(): void {}
  subscribe(): () => void {
    return () => undefined;
  }
  async close(): Promise<void> {}
}
