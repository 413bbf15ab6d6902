import type { EffectivePolicy } from '../policy/resolve';
import { buildSearchRules } from '../search/dnr-rules';
import type { DnrRule } from '../search/dnr-types';
import { boardAllowedHosts, boardPageHosts, VETTED_VIDEO_HOSTS, YOUTUBE_MEDIA_HOSTS } from './board-hosts';
import { BOARD_PAGE_PATH } from './board-decision';

/** Board mode owns dynamic rule ids 10000-19999 (search has 1000-9999, suspension 20000-20099). */
export const BOARD_RULE_ID_MIN = 10_000;
export const BOARD_RULE_ID_MAX = 19_999;

/**
 * Priorities. Search's own rules use up to 4000 (user-info strip); board mode's search rules are
 * search's rules shifted above them, so projecting wins over a staff device's SafeSearch
 * rewrite; YouTube blocks sit above those, and the allow rules (teaching sites, ViewPure,
 * approved videos) above everything board mode blocks. A per-user suspension (block-all) must
 * be above BOARD_ALLOW_PRIORITY: SUSPENSION_MIN_PRIORITY.
 */
export const BOARD_SEARCH_PRIORITY_SHIFT = 4_100;
export const BOARD_BLOCK_PRIORITY = 8_500;
export const BOARD_ALLOW_PRIORITY = 9_000;
export const SUSPENSION_MIN_PRIORITY = 10_000;

const ID = {
  viewPure: 10_000,
  pages: 10_010,
  subresources: 10_011,
  search: 10_100,
  approved: 11_000,
} as const;

/**
 * The declarativeNetRequest rules in force while the board is projecting. `extensionOrigin`
 * is chrome-extension://<id>: YouTube pages and embeds are redirected to the board page
 * (a web-accessible resource) with the original URL in the fragment, so it can offer
 * "Open in ViewPure" for that video.
 */
export function buildBoardRules(policy: EffectivePolicy, extensionOrigin: string): DnrRule[] {
  const origin = extensionOrigin.replace(/\/+$/, '');
  const pageHosts = boardPageHosts(policy);
  const allowed = boardAllowedHosts(policy);
  const closed = [...pageHosts, ...YOUTUBE_MEDIA_HOSTS];
  const rules: DnrRule[] = [
    // ViewPure's page and everything it loads (its player embeds YouTube): the vetted route.
    {
      id: ID.viewPure,
      priority: BOARD_ALLOW_PRIORITY,
      action: { type: 'allowAllRequests' },
      condition: { requestDomains: [...VETTED_VIDEO_HOSTS], resourceTypes: ['main_frame'] },
    },
    // Teaching sites are left out of every board rule (excludedRequestDomains) rather than
    // allowed: an allow rule would also override search's own rules (e.g. its proxy blocks).
    {
      id: ID.pages,
      priority: BOARD_BLOCK_PRIORITY,
      // regexSubstitution only rewrites the match: match the whole URL (browser-testing.md).
      action: { type: 'redirect', redirect: { regexSubstitution: `${origin}${BOARD_PAGE_PATH}?why=youtube#\\0` } },
      condition: { regexFilter: '^.*$', requestDomains: closed, excludedRequestDomains: allowed, resourceTypes: ['main_frame', 'sub_frame'] },
    },
    {
      id: ID.subresources,
      priority: BOARD_BLOCK_PRIORITY,
      action: { type: 'block' },
      condition: { requestDomains: closed, excludedRequestDomains: allowed, excludedResourceTypes: ['main_frame', 'sub_frame'] },
    },
  ];
  rules.push(...boardSearchRules(policy, origin));
  // Approved videos play in YouTube's embed player (nothing else on YouTube opens).
  policy.board.approvedVideos.forEach((v, i) => {
    rules.push({
      id: ID.approved + i,
      priority: BOARD_ALLOW_PRIORITY,
      action: { type: 'allowAllRequests' },
      condition: { urlFilter: `/embed/${v.id}^`, requestDomains: ['youtube.com', 'youtube-nocookie.com'], resourceTypes: ['main_frame', 'sub_frame'] },
    });
  });
  const searchIds = rules.filter((r) => r.id >= ID.search && r.id < ID.approved).length;
  if (ID.search + searchIds > ID.approved) throw new Error('board search rules overflow into the approved-video ids');
  const over = rules.find((r) => r.id > BOARD_RULE_ID_MAX);
  if (over) throw new Error(`board rules overflow their id range (${over.id})`);
  return rules;
}

/**
 * Open Google/Bing search while projecting: search's own redirect rules (every engine and URL
 * form in its catalogue), shifted above search's priorities, and either kept (sent to the
 * kid-safe engine) or pointed at the board page (policy "block").
 */
function boardSearchRules(policy: EffectivePolicy, origin: string): DnrRule[] {
  // Pupils' devices already send every search to the kid-safe engine (search rules).
  if (policy.board.search === 'redirect' && policy.search.mode === 'redirect') return [];
  const redirects = buildSearchRules({ ...policy, search: { ...policy.search, mode: 'redirect' } }).filter((r) => r.action.type === 'redirect');
  const allowed = boardAllowedHosts(policy);
  return redirects.map((r, i) => {
    const excludedRequestDomains = [...new Set([...(r.condition.excludedRequestDomains ?? []), ...allowed])];
    const shifted: DnrRule = { ...r, id: ID.search + i, priority: BOARD_SEARCH_PRIORITY_SHIFT + (r.priority ?? 1), condition: { ...r.condition, excludedRequestDomains } };
    if (policy.board.search === 'redirect') return shifted;
    const to = r.action.redirect ?? {};
    // Only redirects to a kid-safe engine become the board page; URL clean-ups stay as they are.
    if (to.regexSubstitution !== undefined && r.condition.regexFilter) {
      return { ...shifted, action: { type: 'redirect', redirect: { regexSubstitution: `${origin}${BOARD_PAGE_PATH}?why=search#\\0` } } };
    }
    if (to.url !== undefined) return { ...shifted, action: { type: 'redirect', redirect: { extensionPath: `${BOARD_PAGE_PATH}?why=search` } } };
    return shifted;
  });
}
