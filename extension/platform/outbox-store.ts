import type { OutboxItem, OutboxStore } from '../../shared/outbox/outbox';
import type { KeyValueArea } from './storage';

const PREFIX = 'outbox:';

/**
 * The outbox kept in chrome.storage.local (one key per event), which survives service-worker
 * termination and browser restarts, and is written before an event counts as queued.
 */
export function storageOutboxStore(area: KeyValueArea): OutboxStore {
  return {
    async loadAll() {
      const all = await area.getAll();
      return Object.entries(all)
        .filter(([k]) => k.startsWith(PREFIX))
        .map(([, v]) => v as OutboxItem);
    },
    async put(items) {
      await area.set(Object.fromEntries(items.map((i) => [PREFIX + i.id, i])));
    },
    async delete(ids) {
      if (ids.length) await area.remove(ids.map((id) => PREFIX + id));
    },
  };
}
