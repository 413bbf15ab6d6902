import { z } from 'zod';
import { Category } from '../protocol/categories';
import { Severity } from '../protocol/common';

export const ExtraTerm = z.object({
  term: z.string().min(1).max(200),
  category: Category,
  severity: Severity,
  /** BCP-47 language tag, e.g. "pl", "ur"; informational. */
  lang: z.string().max(20).optional(),
  /** "help": help-seeking wording that makes a match in the same sentence a wellbeing one. */
  kind: z.enum(['term', 'help']).optional(),
});
export type ExtraTerm = z.infer<typeof ExtraTerm>;

export const KeywordPolicy = z.object({
  /** Categories the school has switched off (e.g. gambling for a nursery). */
  disabledCategories: z.array(Category).default([]),
  /** School terms and phrases added to the shipped lists. */
  extraTerms: z.array(ExtraTerm).max(20_000).default([]),
  /** Phrases that never alert, e.g. "kill time"; added from false-positive triage too. */
  allowPhrases: z.array(z.string().min(1).max(200)).max(5_000).default([]),
  /** Allow-phrases that only silence some categories ("shoot a video" → violence only). */
  scopedAllowPhrases: z
    .array(z.object({ phrase: z.string().min(1).max(200), categories: z.array(Category).min(1) }))
    .max(5_000)
    .default([]),
  /** Attach a screenshot of the tab to alerts at or above this severity; null: never. */
  screenshotMinSeverity: Severity.nullable().default(null),
  /** E-mail the DSL at once for alerts at or above this severity. */
  emailMinSeverity: Severity.default(4),
});
export type KeywordPolicy = z.infer<typeof KeywordPolicy>;

export const defaultKeywordPolicy = (): KeywordPolicy => ({
  disabledCategories: [],
  extraTerms: [],
  allowPhrases: [],
  scopedAllowPhrases: [],
  screenshotMinSeverity: null,
  emailMinSeverity: 4,
});
