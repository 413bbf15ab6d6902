import type { EffectivePolicy } from '../policy/resolve';
import { SEARCH_ENGINES } from './catalogue';
import type { DnrResourceType, DnrRule } from './dnr-types';
import { engineFor } from './kid-safe-engines';

/**
 * declarativeNetRequest rules built from the same catalogue as `rewriteSearch`.
 * Rule ids for search live in [SEARCH_RULE_ID_MIN, SEARCH_RULE_ID_MAX] so other features
 * (board mode, suspension) can own their own ranges of the dynamic rule space.
 */
export const SEARCH_RULE_ID_MIN = 1_000;
export const SEARCH_RULE_ID_MAX = 9_999;

const RESOURCE_MAIN: DnrResourceType[] = ['main_frame'];

/**
 * Regex for one engine form. Ends with `.*$` because DNR's regexSubstitution only rewrites
 * the matched part of the URL. Group 1 is the raw (still URL-encoded) query value, which is
 * carried over as-is so spaces-as-"+", "%26" and Unicode percent-escapes survive unchanged.
 */
export function searchRegex(hosts: string, path: string, param: string): string {
  return `^https?://${hosts}${path}\\?(?:[^#]*&)?${param}=([^&#]+).*$`;
}

export function buildSearchRules(policy: EffectivePolicy): DnrRule[] {
  if (policy.search.mode !== 'redirect') return [];
  const engine = engineFor(policy.search.engine, policy.search.customEngines);
  const rules: DnrRule[] = [];
  let id = SEARCH_RULE_ID_MIN;
  for (const entry of SEARCH_ENGINES) {
    for (const form of entry.forms) {
      const template = form.kind === 'images' && engine.images ? engine.images : engine.web;
      // Host groups inside `hosts` are made non-capturing so the query is always \1.
      const hosts = entry.hosts.replace(/\((?!\?)/g, '(?:');
      rules.push({
        id: id++,
        priority: 100,
        action: {
          type: 'redirect',
          redirect: { regexSubstitution: template.replace('{q}', '\\1') },
        },
        condition: { regexFilter: searchRegex(hosts, form.path, form.param), resourceTypes: RESOURCE_MAIN },
      });
    }
  }
  if (id > SEARCH_RULE_ID_MAX) throw new Error(`search rules overflow their id range (${id})`);
  return rules;
}
