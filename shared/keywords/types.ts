import type { Category } from '../protocol/categories';

/**
 * One entry of a keyword list. `term` is a word or phrase as a person would write it; it is
 * normalised the same way as the text (so "self-harm", "Self Harm" and "self harm" are one
 * entry). A leading or trailing `*` lifts the word boundary on that side ("*انتحار" also
 * matches with a prefix such as the Arabic article).
 */
export interface KeywordTerm {
  term: string;
  category: Category;
  severity: number;
  /** BCP-47 language tag ("en", "pl", "ur"): informational, lists may mix scripts. */
  lang?: string | undefined;
  /**
   * "term" (default) reports a match. "help" marks help-seeking wording ("how can I help a
   * friend who", "worried about"): not reported itself, it turns a misconduct match in the same
   * sentence into a wellbeing (help-seeking) match.
   */
  kind?: 'term' | 'help' | undefined;
}

/** A phrase that never alerts ("kill time"), for every category or only the ones listed. */
export interface AllowPhrase {
  phrase: string;
  categories?: readonly Category[] | undefined;
}

export interface KeywordMatch {
  /** The listed term that matched (as listed, not as typed). */
  term: string;
  category: Category;
  severity: number;
  /** Offsets into the original text (UTF-16 code units), end exclusive. */
  start: number;
  end: number;
  /** Set when help-seeking wording turned a misconduct match into a wellbeing one. */
  helpSeeking?: true;
  /** For a help-seeking match: the category the term itself belongs to. */
  topic?: Category;
}
export type Match = KeywordMatch;

export interface KeywordEngine {
  scan(text: string): KeywordMatch[];
}
