import type { EffectivePolicy } from '../policy/resolve';
import type { DnrRule } from './dnr-types';

/**
 * YouTube Restricted Mode by request header, Google's documented network-level switch
 * (support.google.com/a/answer/6214622): `YouTube-Restrict: Strict` or `Moderate` on requests
 * to these hosts. The browser-policy equivalent is ForceYouTubeRestrict (1 moderate, 2 strict).
 */
export const YOUTUBE_DOMAINS = ['youtube.com', 'youtube-nocookie.com', 'youtubei.googleapis.com', 'youtube.googleapis.com'];

export function youtubeRestrictHeader(policy: EffectivePolicy): 'Strict' | 'Moderate' | null {
  const level = policy.search.youtubeRestrict;
  return level === 'strict' ? 'Strict' : level === 'moderate' ? 'Moderate' : null;
}

export function youtubeRestrictRule(policy: EffectivePolicy, id: number): DnrRule | null {
  const value = youtubeRestrictHeader(policy);
  if (!value) return null;
  return {
    id,
    priority: 1,
    action: { type: 'modifyHeaders', requestHeaders: [{ header: 'YouTube-Restrict', operation: 'set', value }] },
    condition: { requestDomains: YOUTUBE_DOMAINS.slice(), resourceTypes: ['main_frame', 'sub_frame', 'xmlhttprequest'] },
  };
}
