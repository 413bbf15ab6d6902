import { randomId, type Outbox } from '../../shared/outbox/outbox';
import type { ConcernEvent } from '../../shared/protocol/events';
import type { TabCapture } from './concern-screenshot';
import type { ConcernMessage } from './messages';

export interface ConcernDeps {
  outbox: Outbox;
  capture: TabCapture;
  user: () => string | undefined;
}

/**
 * A pupil pressed "Report a concern": queue a ConcernEvent (message, page, optional picture
 * of the tab) in the outbox, which delivers it at least once, across worker restarts.
 * Resolves once the report is safely queued.
 */
export async function reportConcern(msg: ConcernMessage, tab: chrome.tabs.Tab | undefined, deps: ConcernDeps): Promise<ConcernEvent> {
  const screenshot = msg.screenshot ? await deps.capture(tab) : undefined;
  const event: ConcernEvent = {
    id: randomId(),
    at: new Date().toISOString(),
    type: 'concern',
    user: deps.user(),
    ...(msg.message ? { message: msg.message.slice(0, 2000) } : {}),
    ...(tab?.url ? { url: tab.url.slice(0, 4096) } : {}),
    ...(tab?.title ? { title: tab.title.slice(0, 500) } : {}),
    ...(screenshot ? { screenshot } : {}),
  };
  await deps.outbox.add(event);
  return event;
}
