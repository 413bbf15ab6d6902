import type { DnrRule } from '../../shared/search/dnr-types';
import type { KeyValueArea } from './storage';

export interface RuleRange {
  /** Name used to remember what was last applied to this range. */
  name: string;
  min: number;
  max: number;
}

export interface DynamicRules {
  get(): Promise<DnrRule[]>;
  update(removeRuleIds: number[], addRules: DnrRule[]): Promise<void>;
}

export const chromeDynamicRules = (): DynamicRules => ({
  get: () => chrome.declarativeNetRequest.getDynamicRules() as unknown as Promise<DnrRule[]>,
  update: (removeRuleIds, addRules) =>
    chrome.declarativeNetRequest.updateDynamicRules({
      removeRuleIds,
      addRules: addRules as unknown as chrome.declarativeNetRequest.Rule[],
    }),
});

/**
 * Wrap the browser's rules so every real updateDynamicRules call is counted: the test hooks
 * expose the count, so a test can prove an unchanged policy never touches the browser.
 */
export function countingRules(api: DynamicRules): DynamicRules & { updates: number } {
  const counted = {
    updates: 0,
    get: () => api.get(),
    update: (removeRuleIds: number[], addRules: DnrRule[]) => {
      counted.updates++;
      return api.update(removeRuleIds, addRules);
    },
  };
  return counted;
}

/** In-memory rules for unit tests; counts calls so tests can assert no-op updates are skipped. */
export function fakeDynamicRules(): DynamicRules & { updates: number; rules: DnrRule[] } {
  const fake = {
    updates: 0,
    rules: [] as DnrRule[],
    async get() {
      return structuredClone(fake.rules);
    },
    async update(remove: number[], add: DnrRule[]) {
      fake.updates++;
      const ids = new Set(add.map((r) => r.id));
      fake.rules = fake.rules.filter((r) => !remove.includes(r.id) && !ids.has(r.id)).concat(structuredClone(add));
    },
  };
  return fake;
}

const fingerprint = (rules: DnrRule[]): string => JSON.stringify(rules);

/**
 * Make the dynamic rules inside `range` exactly `wanted`, touching no rule outside it.
 * Returns false without calling the browser when nothing changed (uBlock Origin Lite habit:
 * never call updateDynamicRules for a no-op). What was applied is remembered by fingerprint,
 * because the browser may return rules with defaults filled in.
 */
export async function syncRuleRange(api: DynamicRules, memo: KeyValueArea, range: RuleRange, wanted: DnrRule[]): Promise<boolean> {
  for (const r of wanted) {
    if (r.id < range.min || r.id > range.max) throw new Error(`rule id ${r.id} outside the ${range.name} range ${range.min}-${range.max}`);
  }
  const memoKey = `dnr:${range.name}`;
  const fp = fingerprint(wanted);
  const currentIds = (await api.get()).filter((r) => r.id >= range.min && r.id <= range.max).map((r) => r.id);
  const wantedIds = wanted.map((r) => r.id);
  const sameIds = currentIds.length === wantedIds.length && wantedIds.every((id) => currentIds.includes(id));
  if (sameIds && (await memo.get<string>(memoKey)) === fp) return false;
  await api.update(currentIds, wanted);
  await memo.set({ [memoKey]: fp });
  return true;
}
