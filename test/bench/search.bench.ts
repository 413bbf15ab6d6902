/**
 * `npm run bench -- search [rounds]`: what deciding a navigation costs. rewriteSearch runs on
 * every top-level navigation the agent or a test checks, so it is timed per URL over the whole
 * fixture table (252 must-redirect + 79 must-not-touch URLs) beside its floor, a peer doing only
 * what any URL check must: `new URL()` plus a host lookup in a Set. Also prints the rule counts
 * against Chrome's limits (1000 regex rules, 5000 unsafe dynamic rules).
 */
import { performance } from 'node:perf_hooks';
import { defaultPolicy } from '../../shared/policy/defaults';
import { resolvePolicy } from '../../shared/policy/resolve';
import { buildSearchRules, SEARCH_REGEX_RULE_BUDGET } from '../../shared/search/dnr-rules';
import { rewriteSearch } from '../../shared/search/rewrite';
import { MUST_NOT_TOUCH, MUST_REDIRECT } from '../fixtures/search/cases';

const CHROME_REGEX_RULE_LIMIT = 1000;
const CHROME_UNSAFE_DYNAMIC_LIMIT = 5000;

function timePerItem(urls: string[], rounds: number, fn: (url: string) => unknown): number {
  for (const u of urls) fn(u); // warm up
  const start = performance.now();
  let sink = 0;
  for (let r = 0; r < rounds; r++) for (const u of urls) sink += fn(u) ? 1 : 0;
  const ns = ((performance.now() - start) * 1e6) / (rounds * urls.length);
  if (sink < 0) console.log(sink);
  return Math.round(ns);
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const rounds = Number(args[0] ?? 200);
  const urls = [...MUST_REDIRECT.map((c) => c.url), ...MUST_NOT_TOUCH];
  const pupil = resolvePolicy(defaultPolicy(), { role: 'pupil' });
  const staff = resolvePolicy(defaultPolicy(), { role: 'staff' });
  const hosts = new Set(['www.google.com', 'www.bing.com', 'duckduckgo.com']);

  const peerNs = timePerItem(urls, rounds, (u) => hosts.has(new URL(u).hostname));
  const pupilNs = timePerItem(urls, rounds, (u) => rewriteSearch(u, pupil));
  const staffNs = timePerItem(urls, rounds, (u) => rewriteSearch(u, staff));

  const t0 = performance.now();
  const pupilRules = buildSearchRules(pupil);
  const buildMs = performance.now() - t0;
  const staffRules = buildSearchRules(staff);
  const regex = (rules: typeof pupilRules) => rules.filter((r) => r.condition.regexFilter).length;

  const figures = {
    urls: urls.length,
    rewrite_pupil_ns_per_url: pupilNs,
    rewrite_staff_ns_per_url: staffNs,
    peer_url_parse_ns_per_url: peerNs,
    build_rules_ms: Number(buildMs.toFixed(2)),
    pupil_rules: pupilRules.length,
    pupil_regex_rules: regex(pupilRules),
    staff_rules: staffRules.length,
    staff_regex_rules: regex(staffRules),
    regex_budget: SEARCH_REGEX_RULE_BUDGET,
    chrome_regex_rule_limit: CHROME_REGEX_RULE_LIMIT,
    chrome_unsafe_dynamic_rule_limit: CHROME_UNSAFE_DYNAMIC_LIMIT,
  };
  console.log(`rewriteSearch, pupil:  ${pupilNs} ns/URL   (peer, new URL() + Set lookup: ${peerNs} ns/URL)`);
  console.log(`rewriteSearch, staff:  ${staffNs} ns/URL`);
  console.log(`DNR rules: pupil ${pupilRules.length} (${figures.pupil_regex_rules} regex), staff ${staffRules.length} (${figures.staff_regex_rules} regex); budget ${SEARCH_REGEX_RULE_BUDGET}, Chrome allows ${CHROME_REGEX_RULE_LIMIT} regex / ${CHROME_UNSAFE_DYNAMIC_LIMIT} redirect rules; built in ${figures.build_rules_ms} ms`);
  return figures;
}
