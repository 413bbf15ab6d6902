import type { KeywordTerm } from './types';

/**
 * Shipped English lists (a starting set; schools add their own terms and languages through
 * policy). Severity: 5 immediate risk to life/child, 4 serious, 3 concerning, 2 low, 1 note.
 */
export const DEFAULT_TERMS: readonly KeywordTerm[] = [
  { term: 'kill myself', category: 'suicide', severity: 5 },
  { term: 'want to die', category: 'suicide', severity: 5 },
  { term: 'suicide', category: 'suicide', severity: 4 },
  { term: 'cut myself', category: 'self-harm', severity: 5 },
  { term: 'self harm', category: 'self-harm', severity: 4 },
  { term: 'kill you', category: 'violence', severity: 4 },
  { term: 'nobody likes you', category: 'bullying', severity: 3 },
  { term: 'buy a gun', category: 'weapons', severity: 4 },
  { term: 'porn', category: 'pornography', severity: 3 },
  { term: 'online casino', category: 'gambling', severity: 2 },
  { term: 'buy weed', category: 'drugs', severity: 3 },
  { term: 'send nudes', category: 'exploitation', severity: 5 },
  { term: 'jihadi', category: 'extremism', severity: 4 },
];
