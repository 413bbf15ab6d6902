import type { HeartbeatUpdate } from './types';

/** The latest thing heard from one device, waiting to be written. */
export interface SeenUpdate {
  deviceId: string;
  at: string;
  ip: string | null;
  heartbeat?: Omit<HeartbeatUpdate, 'deviceId' | 'at' | 'ip'>;
}

const merge = (a: SeenUpdate, b: SeenUpdate): SeenUpdate => ({
  deviceId: a.deviceId,
  at: b.at > a.at ? b.at : a.at,
  ip: b.ip ?? a.ip,
  ...(b.heartbeat ?? a.heartbeat ? { heartbeat: b.heartbeat ?? a.heartbeat } : {}),
});

/**
 * "Last seen" and heartbeat state are written in groups: every update that arrives in one turn
 * of the event loop (or while a write is in progress) goes into one transaction, the latest per
 * device winning. A connection or heartbeat then costs no commit of its own, which is what lets
 * thousands of devices reconnect at once (a school's morning). Callers resolve after the write.
 */
export function seenWriter(write: (updates: SeenUpdate[]) => Promise<void> | void): (u: SeenUpdate) => Promise<void> {
  let pending = new Map<string, SeenUpdate>();
  let waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  let writing = false;
  let scheduled = false;
  const flush = async () => {
    scheduled = false;
    if (writing || pending.size === 0) return;
    writing = true;
    const batch = [...pending.values()];
    const done = waiters;
    pending = new Map();
    waiters = [];
    try {
      await write(batch);
      for (const w of done) w.resolve();
    } catch (err) {
      for (const w of done) w.reject(err);
    } finally {
      writing = false;
      if (pending.size && !scheduled) {
        scheduled = true;
        setImmediate(() => void flush());
      }
    }
  };
  return (u) =>
    new Promise<void>((resolve, reject) => {
      const old = pending.get(u.deviceId);
      pending.set(u.deviceId, old ? merge(old, u) : u);
      waiters.push({ resolve, reject });
      if (!scheduled && !writing) {
        scheduled = true;
        setImmediate(() => void flush());
      }
    });
}
