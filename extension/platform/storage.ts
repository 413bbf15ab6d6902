/**
 * Typed access to chrome.storage. The only module (with its siblings in platform/) that
 * touches chrome.* directly, so the logic above it can run against fakes in unit tests.
 */
export interface KeyValueArea {
  get<T>(key: string): Promise<T | undefined>;
  getAll(): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export function chromeArea(area: chrome.storage.StorageArea): KeyValueArea {
  return {
    async get<T>(key: string) {
      const r = await area.get(key);
      return r[key] as T | undefined;
    },
    getAll: () => area.get(null) as Promise<Record<string, unknown>>,
    set: (items) => area.set(items),
    remove: (keys) => area.remove(keys),
  };
}

export const localArea = (): KeyValueArea => chromeArea(chrome.storage.local);
export const sessionArea = (): KeyValueArea => chromeArea(chrome.storage.session);

/** In-memory area for unit tests. */
export function memoryArea(initial: Record<string, unknown> = {}): KeyValueArea {
  const data = new Map(Object.entries(structuredClone(initial)));
  return {
    async get<T>(key: string) {
      return structuredClone(data.get(key)) as T | undefined;
    },
    async getAll() {
      return structuredClone(Object.fromEntries(data));
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
    },
  };
}
