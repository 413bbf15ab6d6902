import { z } from 'zod';

/**
 * Monitoring categories, from the DfE "Filtering and monitoring standards" and the UK Safer
 * Internet Centre "Appropriate Monitoring" checklist, plus "wellbeing" for help-seeking
 * (which must never read as misconduct).
 */
export const CATEGORIES = [
  'illegal',
  'bullying',
  'exploitation',
  'discrimination',
  'drugs',
  'extremism',
  'gambling',
  'pornography',
  'self-harm',
  'suicide',
  'violence',
  'weapons',
  'wellbeing',
] as const;

export const Category = z.enum(CATEGORIES);
export type Category = z.infer<typeof Category>;

export const CATEGORY_LABELS: Record<Category, string> = {
  illegal: 'Illegal content (CSAM)',
  bullying: 'Bullying',
  exploitation: 'Child sexual exploitation / grooming',
  discrimination: 'Discrimination / hate',
  drugs: 'Drugs and substance abuse',
  extremism: 'Extremism / radicalisation (Prevent)',
  gambling: 'Gambling',
  pornography: 'Pornography',
  'self-harm': 'Self-harm',
  suicide: 'Suicide',
  violence: 'Violence',
  weapons: 'Weapons',
  wellbeing: 'Help-seeking / wellbeing',
};
