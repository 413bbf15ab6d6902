import type { Logger } from '../log';
import type { PolicyService } from '../policy/policy-service';
import type { PurgeCounts, Store } from '../store/types';

const DAY_MS = 86_400_000;

/**
 * Remove each school's alerts and events older than its policy's `retentionDays` (by when the
 * collector received them). Idempotent: safe on every instance and after a missed run.
 */
export async function runRetention(store: Store, policy: PolicyService, log: Logger, now: Date): Promise<Record<string, PurgeCounts>> {
  const out: Record<string, PurgeCounts> = {};
  for (const school of await store.listSchools()) {
    const { retentionDays } = await policy.current(school.id);
    const before = new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
    const counts = await store.purgeBefore(school.id, before);
    out[school.id] = counts;
    if (counts.events || counts.alerts) log.info('retention purge', { school: school.id, before, ...counts });
  }
  return out;
}
