import type { Category } from '../protocol/categories';

export interface KeywordTerm {
  term: string;
  category: Category;
  severity: number;
  lang?: string | undefined;
}

export interface KeywordMatch {
  /** The listed term that matched (as listed, not as typed). */
  term: string;
  category: Category;
  severity: number;
  /** Offsets into the original text (UTF-16 code units), end exclusive. */
  start: number;
  end: number;
}

export interface KeywordEngine {
  scan(text: string): KeywordMatch[];
}
