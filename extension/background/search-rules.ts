import type { EffectivePolicy } from '../../shared/policy/resolve';
import { buildSearchRules, SEARCH_RULE_ID_MAX, SEARCH_RULE_ID_MIN } from '../../shared/search/dnr-rules';
import { syncRuleRange, type DynamicRules } from '../platform/dnr';
import type { KeyValueArea } from '../platform/storage';
import { engineFor } from '../../shared/search/kid-safe-engines';
import type { SearchStatus } from './messages';

const RANGE = { name: 'search', min: SEARCH_RULE_ID_MIN, max: SEARCH_RULE_ID_MAX };

/** Install the kid-safe search redirect rules for the current policy (no-op when unchanged). */
export function applySearchRules(api: DynamicRules, memo: KeyValueArea, policy: EffectivePolicy): Promise<boolean> {
  return syncRuleRange(api, memo, RANGE, buildSearchRules(policy));
}

/** What the popup, new tab and block page need to know about search on this device. */
export function searchStatus(policy: EffectivePolicy): SearchStatus {
  const engine = engineFor(policy.search.engine, policy.search.customEngines);
  return {
    mode: policy.search.mode,
    engineName: engine.name,
    engineHome: engine.home,
    engineWeb: engine.web,
    startPage: policy.search.startPage,
    youtubeRestrict: policy.search.youtubeRestrict,
  };
}
