import { boardDecision, boardPageUrl } from '../../shared/board/board-decision';
import type { EffectivePolicy } from '../../shared/policy/resolve';
import type { OpenTabs } from '../platform/open-tabs';

/**
 * Rules act on new requests only: a YouTube tab left open before the board went on would keep
 * playing. So when board mode turns on, every open tab is checked against the same decision
 * the rules encode and moved to the board page (or the kid-safe engine).
 */
export async function sweepOpenTabs(tabs: OpenTabs, policy: EffectivePolicy, extensionOrigin: string): Promise<number> {
  let moved = 0;
  for (const tab of await tabs.list()) {
    const d = boardDecision(tab.url, policy);
    if (d.action === 'allow') continue;
    const to = d.action === 'redirect' ? d.to : d.page ? `${extensionOrigin}${d.page}` : boardPageUrl(extensionOrigin, d.why, tab.url);
    await tabs.navigate(tab.id, to).then(
      () => moved++,
      () => undefined, // the tab closed meanwhile
    );
  }
  return moved;
}
