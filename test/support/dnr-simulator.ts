import type { DnrResourceType, DnrRule } from '../../shared/search/dnr-types';
import { addOrReplaceRaw } from '../../shared/search/query-string';
import { EXTENSION_ID } from './browser';

/**
 * A small declarativeNetRequest evaluator for the rule shapes we generate, following Chrome's
 * documented semantics (developer.chrome.com/docs/extensions/reference/api/declarativeNetRequest):
 * highest priority wins; at equal priority allow > allowAllRequests > block > upgradeScheme >
 * redirect; regexFilter is RE2 matched case-insensitively unless isUrlFilterCaseSensitive;
 * (excluded)requestDomains match the domain and its subdomains; a rule without resourceTypes
 * matches everything except main_frame; a redirect to the identical URL does nothing.
 * The end-to-end test checks the real browser lands where this says.
 */
export type SimOutcome = { action: 'allow' } | { action: 'redirect'; to: string; ruleId: number } | { action: 'block'; ruleId: number };

const ACTION_RANK: Record<string, number> = { allow: 5, allowAllRequests: 4, block: 3, upgradeScheme: 2, redirect: 1, modifyHeaders: 0 };

const inDomains = (host: string, domains: string[]) => domains.some((d) => host === d || host.endsWith(`.${d}`));

function compile(regex: string, caseSensitive: boolean): RegExp {
  // Our rules only use syntax RE2 and JavaScript read the same way; guard against the rest.
  if (/\(\?[=!<]|\\[1-9]/.test(regex)) throw new Error(`regex uses syntax RE2 does not support: ${regex}`);
  return new RegExp(regex, caseSensitive ? '' : 'i');
}

export function ruleMatches(rule: DnrRule, url: URL, type: DnrResourceType): RegExpExecArray | true | null {
  const c = rule.condition;
  const types = c.resourceTypes ?? (['sub_frame', 'stylesheet', 'script', 'image', 'font', 'object', 'xmlhttprequest', 'ping', 'csp_report', 'media', 'websocket', 'webtransport', 'webbundle', 'other'] as DnrResourceType[]);
  if (!types.includes(type) || c.excludedResourceTypes?.includes(type)) return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (c.requestDomains && !inDomains(host, c.requestDomains)) return null;
  if (c.excludedRequestDomains && inDomains(host, c.excludedRequestDomains)) return null;
  if (c.urlFilter && !urlFilterRegex(c.urlFilter, c.isUrlFilterCaseSensitive === true).test(url.href)) return null;
  if (c.regexFilter) return compile(c.regexFilter, c.isUrlFilterCaseSensitive === true).exec(url.href);
  return true;
}

/**
 * urlFilter syntax (board mode's approved-video rules use it): "*" any characters, "^" a
 * separator (anything but a letter, digit, "_", "-", ".", "%") or the end, "|" anchors at the
 * start or end, "||" anchors at a domain-name boundary. Anything else matches literally.
 */
export function urlFilterRegex(filter: string, caseSensitive: boolean): RegExp {
  let f = filter;
  let prefix = '';
  if (f.startsWith('||')) {
    prefix = '^[a-z][a-z0-9+.-]*://([^/?#]*\\.)?';
    f = f.slice(2);
  } else if (f.startsWith('|')) {
    prefix = '^';
    f = f.slice(1);
  }
  const anchoredEnd = f.endsWith('|');
  if (anchoredEnd) f = f.slice(0, -1);
  const body = [...f]
    .map((ch) => (ch === '*' ? '.*' : ch === '^' ? '(?:[^A-Za-z0-9_.%-]|$)' : ch.replace(/[.+?${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(prefix + body + (anchoredEnd ? '$' : ''), caseSensitive ? '' : 'i');
}

/** RE2-style substitution: \0-\9 are groups, \\ is a backslash, everything else literal. */
function substitute(sub: string, m: RegExpExecArray): string {
  return sub.replace(/\\(\\|[0-9])/g, (_all, x: string) => (x === '\\' ? '\\' : (m[Number(x)] ?? '')));
}

function redirectTarget(rule: DnrRule, url: URL, m: RegExpExecArray | true): string {
  const r = rule.action.redirect!;
  if (r.url) return r.url;
  if (r.extensionPath) return `chrome-extension://${EXTENSION_ID}${r.extensionPath}`;
  if (r.regexSubstitution) {
    if (m === true) throw new Error('regexSubstitution needs a regexFilter');
    // Only the matched part is replaced (hence our regexes end with .*$).
    return url.href.slice(0, m.index) + substitute(r.regexSubstitution, m) + url.href.slice(m.index + m[0].length);
  }
  const t = r.transform;
  if (t) {
    const out = new URL(url.href);
    if (t.username !== undefined) out.username = t.username;
    if (t.password !== undefined) out.password = t.password;
    let query = url.search;
    for (const p of t.queryTransform?.addOrReplaceParams ?? []) query = addOrReplaceRaw(query, p.key, p.value);
    if (t.queryTransform) out.search = query;
    return out.href;
  }
  throw new Error(`unsupported redirect in rule ${rule.id}`);
}

/**
 * Where a navigation to `url` ends: the browser runs every redirected request through the
 * rules again (checked in Chromium: a user-info strip, then the search redirect).
 */
export function simulate(rules: DnrRule[], url: string, type: DnrResourceType = 'main_frame'): SimOutcome {
  let outcome = simulateOnce(rules, url, type);
  for (let hop = 0; outcome.action === 'redirect' && !outcome.to.startsWith('chrome-extension:'); hop++) {
    if (hop > 5) throw new Error(`redirect loop from ${url}`);
    const next = simulateOnce(rules, outcome.to, type);
    if (next.action === 'allow') return outcome;
    outcome = next;
  }
  return outcome;
}

/** One request through the rules. */
export function simulateOnce(rules: DnrRule[], url: string, type: DnrResourceType = 'main_frame'): SimOutcome {
  const u = new URL(url);
  let best: { rule: DnrRule; m: RegExpExecArray | true } | null = null;
  for (const rule of rules) {
    if (rule.action.type === 'modifyHeaders') continue;
    const m = ruleMatches(rule, u, type);
    if (!m) continue;
    if (!best) best = { rule, m };
    else {
      const [p, q] = [rule.priority ?? 1, best.rule.priority ?? 1];
      if (p > q || (p === q && ACTION_RANK[rule.action.type]! > ACTION_RANK[best.rule.action.type]!)) best = { rule, m };
    }
  }
  if (!best || best.rule.action.type === 'allow' || best.rule.action.type === 'allowAllRequests') return { action: 'allow' };
  if (best.rule.action.type === 'block') return { action: 'block', ruleId: best.rule.id };
  if (best.rule.action.type !== 'redirect') return { action: 'allow' };
  const to = new URL(redirectTarget(best.rule, u, best.m)).href;
  return to === u.href ? { action: 'allow' } : { action: 'redirect', to, ruleId: best.rule.id };
}

/** Request headers the rules set on a request (modifyHeaders, all matching rules apply). */
export function headersFor(rules: DnrRule[], url: string, type: DnrResourceType): Record<string, string> {
  const u = new URL(url);
  const out: Record<string, string> = {};
  for (const rule of rules) {
    if (rule.action.type !== 'modifyHeaders' || !ruleMatches(rule, u, type)) continue;
    for (const h of rule.action.requestHeaders ?? []) if (h.operation === 'set' && h.value !== undefined) out[h.header] = h.value;
  }
  return out;
}
