import { describe, expect, it } from 'vitest';
import { entryHostPatterns, SEARCH_ENGINES } from '../../shared/search/catalogue';
import { allSearchRegexes, buildSearchRules, SEARCH_REGEX_RULE_BUDGET, SEARCH_RULE_ID_MAX, SEARCH_RULE_ID_MIN } from '../../shared/search/dnr-rules';
import { schoolPolicy } from './search-policies';

const policies = [schoolPolicy(), schoolPolicy({ engine: 'school-search', custom: true }), schoolPolicy({ role: 'staff' })];

describe('search DNR rules', () => {
  it('stay inside their id range and the regex budget, with unique ids', () => {
    for (const p of policies) {
      const rules = buildSearchRules(p);
      const ids = rules.map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(Math.min(...ids)).toBeGreaterThanOrEqual(SEARCH_RULE_ID_MIN);
      expect(Math.max(...ids)).toBeLessThanOrEqual(SEARCH_RULE_ID_MAX);
      expect(rules.filter((r) => r.condition.regexFilter).length).toBeLessThanOrEqual(SEARCH_REGEX_RULE_BUDGET);
    }
  });

  it('use regexes RE2 accepts the same way as JavaScript: no look-arounds, backreferences or extra capture groups', () => {
    for (const re of allSearchRegexes(schoolPolicy())) {
      expect(re).not.toMatch(/\(\?[=!<]/);
      expect(re).not.toMatch(/\\[1-9]/);
      const captures = [...re.matchAll(/(?<!\\)\((?!\?)/g)].length;
      expect(captures, re).toBeLessThanOrEqual(1);
      expect(re.startsWith('^https?://')).toBe(true);
      expect(() => new RegExp(re)).not.toThrow();
    }
  });

  it('never touch the school sites or kid-safe engines (excluded on every redirect rule)', () => {
    const rules = buildSearchRules(schoolPolicy({ engine: 'school-search', custom: true }));
    for (const r of rules.filter((x) => x.action.type === 'redirect')) {
      expect(r.condition.excludedRequestDomains).toEqual(expect.arrayContaining(['pendragon.cambs.sch.uk', '10.20.30.40', 'kiddle.co', 'search.pendragon-trust.example']));
      expect(r.condition.resourceTypes).toEqual(['main_frame']);
    }
  });

  it('end every substitution regex with .*$ so the whole URL is replaced', () => {
    for (const r of buildSearchRules(schoolPolicy())) {
      if (r.action.redirect?.regexSubstitution) expect(r.condition.regexFilter).toMatch(/(\.\*\$|\(\?:\[&#\]\.\*\)\?\$)$/);
    }
  });

  it('are identical for the same policy (so an unchanged policy never updates the browser)', () => {
    expect(JSON.stringify(buildSearchRules(schoolPolicy()))).toBe(JSON.stringify(buildSearchRules(schoolPolicy())));
  });

  it('cover every engine in the catalogue', () => {
    const rules = JSON.stringify(buildSearchRules(schoolPolicy()));
    for (const e of SEARCH_ENGINES) for (const h of entryHostPatterns(e)) expect(rules.includes(h.replace(/\\/g, '\\\\')), e.id).toBe(true);
  });
});
