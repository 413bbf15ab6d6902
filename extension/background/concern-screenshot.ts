/**
 * A picture of the tab a pupil is looking at, as evidence for a concern or a serious alert
 * (seed 004: evidence with date, time and screen capture). Only the active tab of its window
 * can be captured; Chrome allows two captures a second, so captures are spaced out and a
 * capture that is refused or too large is simply left out (the report still goes).
 */
export type TabCapture = (tab: { active?: boolean; windowId?: number } | undefined) => Promise<string | undefined>;

const MAX_CHARS = 2_000_000; // protocol Screenshot limit
const MIN_GAP_MS = 600;

export function chromeTabCapture(log: (msg: string, detail?: unknown) => void = () => {}): TabCapture {
  let last = 0;
  return async (tab) => {
    if (!tab?.active || tab.windowId === undefined) return undefined;
    const wait = last + MIN_GAP_MS - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    last = Date.now();
    for (const quality of [70, 45, 25]) {
      try {
        const shot = await chrome.tabs.captureVisibleTab(tab.windowId, { format: 'jpeg', quality });
        if (shot.length <= MAX_CHARS) return shot;
      } catch (err) {
        log('screenshot refused', err instanceof Error ? err.message : String(err));
        return undefined;
      }
    }
    log('screenshot too large even at low quality; sent without it');
    return undefined;
  };
}
