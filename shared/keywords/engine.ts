import type { KeywordPolicy } from '../policy/keywords-section';
import { DEFAULT_ALLOW, DEFAULT_TERMS } from './default-lists';
import { DEFAULT_MATCHER } from './default-matcher.generated';
import { compileMatcher, deserialiseMatcher, type Matcher } from './matcher';
import type { AllowPhrase, KeywordTerm } from './types';

/** The shipped lists compiled (what `DEFAULT_MATCHER` holds; regenerate with `keywords compile`). */
export const compileDefaultMatcher = (): Matcher => compileMatcher(DEFAULT_TERMS, DEFAULT_ALLOW);

let shipped: Matcher | null = null;

/**
 * The matcher for a school's keyword policy: shipped lists plus the school's own terms, minus
 * switched-off categories, with shipped and school allow-phrases. A school that uses the
 * shipped lists as they are gets the matcher precompiled at build time (loaded, not built).
 */
export function compileKeywords(policy: KeywordPolicy, lists: readonly KeywordTerm[] = DEFAULT_TERMS): Matcher {
  const plain =
    lists === DEFAULT_TERMS &&
    !policy.extraTerms.length &&
    !policy.disabledCategories.length &&
    !policy.allowPhrases.length &&
    !(policy.scopedAllowPhrases ?? []).length;
  if (plain) return (shipped ??= deserialiseMatcher(DEFAULT_MATCHER));
  const disabled = new Set(policy.disabledCategories);
  const terms = [...lists, ...policy.extraTerms].filter((t) => !disabled.has(t.category));
  const allow: (string | AllowPhrase)[] = [...DEFAULT_ALLOW, ...policy.allowPhrases, ...(policy.scopedAllowPhrases ?? [])];
  return compileMatcher(terms, allow);
}
