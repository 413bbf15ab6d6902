import { BOARD_ALLOW_PRIORITY } from '../../shared/board/board-rules';
import { activeSuspension } from '../../shared/policy/resolve';
import type { PolicyDocument, Suspension } from '../../shared/policy/schema';
import type { DnrResourceType, DnrRule } from '../../shared/search/dnr-types';
import { syncRuleRange, type DynamicRules } from '../platform/dnr';
import type { KeyValueArea } from '../platform/storage';

/** Suspension owns dynamic rule ids 20000-20099 (search 1000-9999, board 10000-19999). */
export const SUSPENSION_RULE_ID_MIN = 20_000;
export const SUSPENSION_RULE_ID_MAX = 20_099;
/** Above every allow rule (board's allowAllRequests is 250): nothing gets through. */
export const SUSPENSION_PRIORITY = BOARD_ALLOW_PRIORITY + 50;
export const SUSPENDED_PAGE = '/pages/block.html?reason=suspended';

const RANGE = { name: 'suspension', min: SUSPENSION_RULE_ID_MIN, max: SUSPENSION_RULE_ID_MAX };
const SUB_RESOURCES: DnrResourceType[] = [
  'sub_frame',
  'stylesheet',
  'script',
  'image',
  'font',
  'object',
  'xmlhttprequest',
  'ping',
  'media',
  'websocket',
  'webtransport',
  'other',
];

/**
 * Seed 004: a user's internet access suspended for a period. While it lasts every page is sent
 * to the kind "paused" page and everything else is blocked; only the collector stays reachable
 * (so the suspension can be lifted and reports still arrive).
 */
export function buildSuspensionRules(suspension: Suspension | null, exemptHosts: string[]): DnrRule[] {
  if (!suspension) return [];
  const excluded = exemptHosts.length ? { excludedRequestDomains: exemptHosts } : {};
  return [
    {
      id: SUSPENSION_RULE_ID_MIN,
      priority: SUSPENSION_PRIORITY,
      action: { type: 'redirect', redirect: { extensionPath: SUSPENDED_PAGE } },
      condition: { urlFilter: '|http', resourceTypes: ['main_frame'], ...excluded },
    },
    {
      id: SUSPENSION_RULE_ID_MIN + 1,
      priority: SUSPENSION_PRIORITY,
      action: { type: 'block' },
      condition: { urlFilter: '|http', resourceTypes: SUB_RESOURCES, ...excluded },
    },
    {
      id: SUSPENSION_RULE_ID_MIN + 2,
      priority: SUSPENSION_PRIORITY,
      action: { type: 'block' },
      condition: { urlFilter: '|ws', resourceTypes: ['websocket'], ...excluded },
    },
  ];
}

/**
 * Install or remove the suspension rules for the signed-in user now. Returns when the current
 * suspension ends (ms since epoch) so the caller can wake up then and lift it, or null.
 */
export async function applySuspension(
  api: DynamicRules,
  memo: KeyValueArea,
  doc: PolicyDocument,
  user: string | undefined,
  collectorUrl: string | undefined,
  now = new Date(),
): Promise<{ until: number | null }> {
  const suspension = activeSuspension(doc, user, now);
  let exempt: string[] = [];
  try {
    if (collectorUrl) exempt = [new URL(collectorUrl).hostname];
  } catch {
    exempt = [];
  }
  await syncRuleRange(api, memo, RANGE, buildSuspensionRules(suspension, exempt));
  return { until: suspension ? Date.parse(suspension.until) : null };
}
