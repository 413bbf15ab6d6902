import type { EffectivePolicy } from '../policy/resolve';
import { rewriteSearch } from '../search/rewrite';
import { boardAllowedHosts, boardPageHosts, YOUTUBE_MEDIA_HOSTS } from './board-hosts';
import { YOUTUBE_FRONTEND_HOSTS } from './youtube-frontends';
import { videoIdFromPath, youtubeVideoId } from './youtube-url';

export type BoardWhy = 'youtube' | 'search';

export type BoardDecision =
  | { action: 'allow' }
  /** `page`: another extension page says why (search's block page for web proxies). */
  | { action: 'block'; why: BoardWhy; videoId: string | null; page?: string }
  | { action: 'redirect'; why: 'search'; to: string };

/** Path of the board-mode page inside the extension; the blocked URL rides in the fragment. */
export const BOARD_PAGE_PATH = '/pages/board.html';

export const boardPageUrl = (extensionOrigin: string, why: BoardWhy, original: string): string =>
  `${extensionOrigin.replace(/\/+$/, '')}${BOARD_PAGE_PATH}?why=${why}#${original}`;

/** True when `host` is one of `domains` or a subdomain of one (how DNR requestDomains match). */
export function hostIn(host: string, domains: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return domains.some((d) => h === d || h.endsWith(`.${d}`));
}

const EMBED = /^\/embed\/([A-Za-z0-9_-]{11})(?:[/?#]|$)/;
const frontends = new Set(YOUTUBE_FRONTEND_HOSTS);

/**
 * What board mode does to a top-level page while the board is projecting. Pure: the
 * extension's sweep of open tabs uses it, and the tests check the DNR rules against it.
 */
export function boardDecision(url: string, policy: EffectivePolicy): BoardDecision {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { action: 'allow' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return { action: 'allow' };
  const host = u.hostname.toLowerCase();
  const approved = new Set(policy.board.approvedVideos.map((v) => v.id));
  const embed = EMBED.exec(u.pathname);
  if (embed && approved.has(embed[1]!) && hostIn(host, ['youtube.com', 'youtube-nocookie.com'])) return { action: 'allow' };
  if (hostIn(host, boardAllowedHosts(policy))) return { action: 'allow' };
  if (hostIn(host, boardPageHosts(policy)) || hostIn(host, YOUTUBE_MEDIA_HOSTS)) {
    const id = youtubeVideoId(url) ?? (hostIn(host, [...frontends]) ? videoIdFromPath(u) : null);
    return { action: 'block', why: 'youtube', videoId: id };
  }
  // The same decision search makes for a pupil, then policy: kid-safe engine, or the board page.
  const r = rewriteSearch(url, { ...policy, search: { ...policy.search, mode: 'redirect' } });
  if (r.action === 'allow') return { action: 'allow' };
  if (r.action === 'block') return { action: 'block', why: 'search', videoId: null, page: r.page };
  // A user-info clean-up is not a search yet: the clean URL is decided next.
  if (policy.board.search === 'redirect' || r.reason === 'userinfo') return { action: 'redirect', why: 'search', to: r.to };
  return { action: 'block', why: 'search', videoId: null };
}
