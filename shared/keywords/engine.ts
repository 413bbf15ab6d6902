import type { KeywordPolicy } from '../policy/keywords-section';
import { DEFAULT_TERMS } from './default-lists';
import type { KeywordEngine, KeywordMatch, KeywordTerm } from './types';

/** Lower-case, strip diacritics, keep a map from each folded char back to the original index. */
export function fold(text: string): { folded: string; map: number[] } {
  let folded = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const base = text[i]!.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    for (const ch of base) {
      folded += ch;
      map.push(i);
    }
  }
  map.push(text.length);
  return { folded, map };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Build the engine for a school's keyword policy on top of the shipped lists. */
export function compileKeywords(policy: KeywordPolicy, lists: readonly KeywordTerm[] = DEFAULT_TERMS): KeywordEngine {
  const disabled = new Set(policy.disabledCategories);
  const terms = [...lists, ...policy.extraTerms].filter((t) => !disabled.has(t.category));
  const patterns = terms.map((t) => ({
    t,
    re: new RegExp(`(?<![\\p{L}\\p{N}])${fold(t.term).folded.split(/\s+/).map(escapeRegex).join('\\s+')}(?![\\p{L}\\p{N}])`, 'gu'),
  }));
  const allow = policy.allowPhrases.map((p) => fold(p).folded);
  return {
    scan(text: string): KeywordMatch[] {
      const { folded, map } = fold(text);
      const out: KeywordMatch[] = [];
      for (const { t, re } of patterns) {
        re.lastIndex = 0;
        for (let m = re.exec(folded); m; m = re.exec(folded)) {
          const s = m.index;
          const e = s + m[0].length;
          const allowed = allow.some((a) => {
            for (let i = folded.indexOf(a); i !== -1; i = folded.indexOf(a, i + 1)) {
              if (i <= s && i + a.length >= e) return true;
            }
            return false;
          });
          if (!allowed) out.push({ term: t.term, category: t.category, severity: t.severity, start: map[s]!, end: map[e - 1]! + 1 });
        }
      }
      return out.sort((a, b) => a.start - b.start || b.severity - a.severity);
    },
  };
}
