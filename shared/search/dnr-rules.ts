import type { EffectivePolicy } from '../policy/resolve';
import { entryHostPatterns, SEARCH_ENGINES, type SearchForm } from './catalogue';
import type { DnrResourceType, DnrRule } from './dnr-types';
import { engineFor } from './kid-safe-engines';
import { blockPagePath, untouchableDomains } from './rewrite';
import { youtubeRestrictRule } from './youtube';

/**
 * declarativeNetRequest rules built from the same catalogue as `rewriteSearch`.
 * Rule ids for search live in [SEARCH_RULE_ID_MIN, SEARCH_RULE_ID_MAX] so other features
 * (board mode, suspension) can own their own ranges of the dynamic rule space.
 */
export const SEARCH_RULE_ID_MIN = 1_000;
export const SEARCH_RULE_ID_MAX = 9_999;
/**
 * Chrome allows 1000 regex rules per extension (dynamic + session, MAX_NUMBER_OF_REGEX_RULES)
 * and 5000 "unsafe" (redirect/modifyHeaders) dynamic rules; search keeps well inside both so
 * board mode and others have room.
 */
export const SEARCH_REGEX_RULE_BUDGET = 400;

const MAIN: DnrResourceType[] = ['main_frame'];

// Priorities: a proxy is blocked whatever its URL; the first form of an engine beats later
// ones (as in rewriteSearch); any search beats the engine's home page; home beats "search-only host".
const P_USERINFO = 4_000;
const P_PROXY = 3_000;
const P_FORM = 2_000;
const P_HOME = 500;
const P_SEARCH_ONLY = 400;

/**
 * Start of every search regex: scheme, host, optional FQDN dot. Chrome refuses a regex whose
 * compiled program exceeds 2KB, so there is no room for user-info or a port here: user-info is
 * stripped by its own rule first (USERINFO_REGEX), and search engines only answer on the
 * default ports, which the browser drops from the URL.
 */
export const hostPrefix = (hosts: string): string => `^https?://(?:${hosts})\\.?`;

/** Any http(s) URL carrying a user name or password (`https://x@www.google.com/…`), a known filter-bypass shape. */
export const USERINFO_REGEX = '^https?://[^/?#]*@';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Regexes for one form, most specific first. Group 1 is the raw (still URL-encoded) query,
 * carried over as-is; each ends with `.*$` because DNR's regexSubstitution only rewrites the
 * matched part. `[^#]*?` is lazy so the first non-empty value wins, as in rewriteSearch.
 * A `when` condition can sit before or after the query, so it needs two regexes (RE2 has no
 * look-ahead); the "after" one is tried first so the first query value still wins.
 */
export function formRegexes(hosts: string, form: SearchForm): string[] {
  const head = `${hostPrefix(hosts)}(?:${form.path})`;
  const p = esc(form.param);
  if (form.in === 'fragment') return [`${head}(?:\\?[^#]*)?#(?:[^#]*?&)??${p}=([^&#]+).*$`];
  if (!form.when) return [`${head}\\?(?:[^#]*?&)??${p}=([^&#]+).*$`];
  const w = `${esc(form.when.param)}=${esc(form.when.value)}`;
  return [`${head}\\?(?:[^#]*?&)??${p}=([^&#]+)&(?:[^#]*?&)??${w}(?:[&#].*)?$`, `${head}\\?(?:[^#]*?&)??${w}&(?:[^#]*?&)??${p}=([^&#]+).*$`];
}

/** Escape a URL for use as a regexSubstitution (only "\" is special) and put \1 where {q} is. */
const substitution = (template: string) => template.replace(/\\/g, '\\\\').split('{q}').join('\\1');

class RuleIds {
  next = SEARCH_RULE_ID_MIN;
  take(): number {
    if (this.next > SEARCH_RULE_ID_MAX) throw new Error(`search rules overflow their id range (${SEARCH_RULE_ID_MIN}-${SEARCH_RULE_ID_MAX})`);
    return this.next++;
  }
}

function pupilRules(policy: EffectivePolicy, ids: RuleIds, excluded: string[]): DnrRule[] {
  const engine = engineFor(policy.search.engine, policy.search.customEngines);
  const cond = (regexFilter: string) => ({ regexFilter, resourceTypes: MAIN, excludedRequestDomains: excluded, isUrlFilterCaseSensitive: false });
  const rules: DnrRule[] = [];
  for (const entry of SEARCH_ENGINES) {
    for (const hosts of entryHostPatterns(entry)) {
      if (entry.proxy) {
        rules.push({ id: ids.take(), priority: P_PROXY, action: { type: 'redirect', redirect: { extensionPath: blockPagePath('search') } }, condition: cond(`${hostPrefix(hosts)}/`) });
      }
      entry.forms.forEach((form, i) => {
        const template = form.kind === 'images' && engine.images ? engine.images : engine.web;
        const regexes = formRegexes(hosts, form);
        regexes.forEach((regexFilter, j) => {
          rules.push({
            id: ids.take(),
            priority: P_FORM - i * 10 + (regexes.length - 1 - j),
            action: { type: 'redirect', redirect: { regexSubstitution: substitution(template) } },
            condition: cond(regexFilter),
          });
        });
      });
      if (entry.homePaths) {
        rules.push({
          id: ids.take(),
          priority: P_HOME,
          action: { type: 'redirect', redirect: { url: engine.home } },
          condition: cond(`${hostPrefix(hosts)}(?:${entry.homePaths})(?:[?#].*)?$`),
        });
      }
    }
    if (entry.searchOnlyDomains) {
      rules.push({
        id: ids.take(),
        priority: P_SEARCH_ONLY,
        action: { type: 'redirect', redirect: { url: engine.home } },
        condition: { requestDomains: entry.searchOnlyDomains.slice(), resourceTypes: MAIN, excludedRequestDomains: excluded },
      });
    }
  }
  return rules;
}

function staffRules(ids: RuleIds, excluded: string[]): DnrRule[] {
  const rules: DnrRule[] = [];
  for (const entry of SEARCH_ENGINES) {
    const ss = entry.safeSearch;
    if (!ss) continue;
    for (const hosts of entryHostPatterns(entry)) {
      for (const form of entry.forms) {
        if (form.in === 'fragment') continue;
        for (const regexFilter of formRegexes(hosts, form)) {
          rules.push({
            id: ids.take(),
            priority: P_FORM,
            // Chrome skips a redirect to the identical URL, so an already-safe search loads normally.
            action: { type: 'redirect', redirect: { transform: { queryTransform: { addOrReplaceParams: [{ key: ss.param, value: ss.value }] } } } },
            condition: { regexFilter, resourceTypes: MAIN, excludedRequestDomains: excluded, isUrlFilterCaseSensitive: false },
          });
        }
      }
    }
  }
  return rules;
}

/** Strip user-info first; the browser then runs the cleaned URL through the rules again. */
function userinfoRule(ids: RuleIds, excluded: string[]): DnrRule {
  return {
    id: ids.take(),
    priority: P_USERINFO,
    action: { type: 'redirect', redirect: { transform: { username: '', password: '' } } },
    condition: { regexFilter: USERINFO_REGEX, resourceTypes: MAIN, excludedRequestDomains: excluded },
  };
}

export function buildSearchRules(policy: EffectivePolicy): DnrRule[] {
  const ids = new RuleIds();
  const rules: DnrRule[] = [];
  const yt = youtubeRestrictRule(policy, ids.take());
  if (yt) rules.push(yt);
  const excluded = untouchableDomains(policy);
  if (policy.search.mode !== 'off') rules.push(userinfoRule(ids, excluded));
  if (policy.search.mode === 'redirect') rules.push(...pupilRules(policy, ids, excluded));
  if (policy.search.mode === 'safesearch') rules.push(...staffRules(ids, excluded));
  const regexCount = rules.filter((r) => r.condition.regexFilter).length;
  if (regexCount > SEARCH_REGEX_RULE_BUDGET) throw new Error(`search needs ${regexCount} regex rules, over its budget of ${SEARCH_REGEX_RULE_BUDGET}`);
  return rules;
}

/** Every distinct regex the catalogue can produce (for isRegexSupported checks in the browser). */
export function allSearchRegexes(policy: EffectivePolicy): string[] {
  return [...new Set(buildSearchRules(policy).flatMap((r) => (r.condition.regexFilter ? [r.condition.regexFilter] : [])))];
}
