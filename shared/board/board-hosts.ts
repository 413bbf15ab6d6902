import { BOARD_HOST } from '../policy/board-section';
import type { EffectivePolicy } from '../policy/resolve';
import { searchBlocklist } from '../search/browser-policy';
import { TEACHING_HOSTS } from './teaching-sites';
import { YOUTUBE_FRONTEND_HOSTS } from './youtube-frontends';

/**
 * Hosts board mode closes while a classroom board is projecting (seed 002: "Staff are not to
 * use Google/YouTube on the smart board whilst the board is projecting"), and the vetted
 * route that stays open ("stream videos through websites such as viewpure.com").
 */

/** YouTube's own pages (each covers its subdomains: www., m., music., gaming.). */
export const YOUTUBE_PAGE_HOSTS: readonly string[] = [
  'youtube.com',
  'm.youtube.com',
  'music.youtube.com',
  'youtu.be',
  'youtube-nocookie.com',
  'youtube.googleapis.com',
  'youtubei.googleapis.com',
];

/** Where YouTube's video streams and thumbnails come from: never pages, but players need them. */
export const YOUTUBE_MEDIA_HOSTS: readonly string[] = ['googlevideo.com', 'ytimg.com'];

/** Every YouTube host (pages and media). */
export const YOUTUBE_HOSTS: readonly string[] = [...YOUTUBE_PAGE_HOSTS, ...YOUTUBE_MEDIA_HOSTS];

export const VETTED_VIDEO_HOSTS: readonly string[] = ['viewpure.com'];

/**
 * Lower-case host names only: one malformed entry would make the browser refuse the whole
 * rule update. The policy schema already refuses bad board hosts; this also guards the
 * search section's school hosts and policies cached before that check.
 */
const canonical = (hosts: readonly string[]): string[] =>
  [...new Set(hosts.map((h) => h.trim().toLowerCase()))].filter((h) => BOARD_HOST.test(h) || /^\d{1,3}(\.\d{1,3}){3}$/.test(h));

/** Hosts whose pages board mode replaces with the board page: YouTube, its front-ends, the school's extras. */
export function boardPageHosts(policy: EffectivePolicy): string[] {
  return canonical([...YOUTUBE_PAGE_HOSTS, ...YOUTUBE_FRONTEND_HOSTS, ...policy.board.extraBlockedHosts]);
}

/** Hosts that stay reachable while projecting: teaching sites, ViewPure, the school's own. */
export function boardAllowedHosts(policy: EffectivePolicy): string[] {
  return canonical([...TEACHING_HOSTS, ...VETTED_VIDEO_HOSTS, ...policy.search.schoolHosts, ...policy.board.extraAllowedHosts]);
}

/**
 * Browser-policy URLBlocklist entries for board mode: the baseline that holds without the
 * extension (the Windows agent writes them while projecting). Media hosts are left out so
 * ViewPure's embedded player keeps working; the extension closes embeds elsewhere. Open
 * search is added only when policy says "block": a policy block would pre-empt the
 * extension's redirect to the kid-safe engine.
 */
export function boardBlocklist(policy: EffectivePolicy): string[] {
  const search = policy.board.search === 'block' ? searchBlocklist() : [];
  return [...new Set([...boardPageHosts(policy), ...search])].sort();
}

/**
 * Browser-policy URLAllowlist entries that go with `boardBlocklist` (more specific entries win
 * in Chromium's URL filter): teaching sites, ViewPure, and YouTube's embed players, which
 * ViewPure and approved videos play through.
 */
export function boardAllowlist(policy: EffectivePolicy): string[] {
  return [...new Set([...boardAllowedHosts(policy), 'youtube.com/embed', 'youtube-nocookie.com/embed'])].sort();
}
