import { z } from 'zod';

/** Per-group search settings (seed 004: "kid-rex on classroom machines and Google and Bing on teacher machines"). */
export const SearchGroupPolicy = z.object({
  /**
   * redirect: every web/image search goes to `engine` with the query kept (pupils);
   * safesearch: mainstream engines allowed with SafeSearch forced (staff);
   * off: untouched (not recommended; logged as a policy change like any other).
   */
  mode: z.enum(['redirect', 'safesearch', 'off']),
  /** Kid-safe engine id from the catalogue or a school's custom engine. */
  engine: z.string().min(1).max(64),
  /** YouTube Restricted Mode for devices where YouTube is allowed. */
  youtubeRestrict: z.enum(['off', 'moderate', 'strict']),
  /** New tab / homepage: our kid-safe start page, the engine's home, or the browser's own. */
  startPage: z.enum(['extension', 'engine', 'browser']),
});
export type SearchGroupPolicy = z.infer<typeof SearchGroupPolicy>;

export const CustomEngine = z.object({
  id: z.string().regex(/^[a-z0-9-]{2,32}$/, 'engine id: 2-32 lower-case letters, digits or "-"'),
  name: z.string().min(1).max(80),
  /** Web search URL with `{q}` where the encoded query goes, e.g. https://search.example/?q={q} */
  web: z.string().url().refine((s) => s.includes('{q}'), 'web template must contain {q}'),
  images: z.string().url().refine((s) => s.includes('{q}'), 'images template must contain {q}').optional(),
  home: z.string().url().optional(),
});
export type CustomEngine = z.infer<typeof CustomEngine>;

export const SearchSchoolPolicy = z.object({
  customEngines: z.array(CustomEngine).max(20).default([]),
  /** The school's own sites: never touched by any rule. Hostnames, e.g. "pendragon.cambs.sch.uk". */
  schoolHosts: z.array(z.string().min(1).max(253)).max(200).default([]),
});
export type SearchSchoolPolicy = z.infer<typeof SearchSchoolPolicy>;

export const defaultSearchGroup = (role: 'pupil' | 'staff' | 'board'): SearchGroupPolicy =>
  role === 'pupil'
    ? { mode: 'redirect', engine: 'kiddle', youtubeRestrict: 'strict', startPage: 'extension' }
    : { mode: 'safesearch', engine: 'kiddle', youtubeRestrict: 'moderate', startPage: 'browser' };

export const defaultSearchSchool = (): SearchSchoolPolicy => ({ customEngines: [], schoolHosts: [] });
