import type { OpenTabs } from '../platform/open-tabs';

/** Run the content script in one tab (all its frames). */
export type InjectContent = (tabId: number) => Promise<void>;

/**
 * Tabs already open when the extension is installed or updated run no copy of its content
 * script, or an orphaned one that lost its connection to the extension ("Extension context
 * invalidated"): until each was reloaded, what a pupil typed there was not scanned and the
 * concern button did nothing. So the worker runs the content script in every open web page
 * then (content/main.ts replaces an orphaned copy and ignores a second live one). Pages the
 * extension may not touch (the Web Store, other extensions, discarded tabs) fail quietly.
 */
export async function injectIntoOpenTabs(tabs: OpenTabs, inject: InjectContent): Promise<{ injected: number; failed: number }> {
  const web = (await tabs.list()).filter((t) => /^https?:/i.test(t.url));
  const results = await Promise.allSettled(web.map((t) => inject(t.id)));
  const failed = results.filter((r) => r.status === 'rejected').length;
  return { injected: results.length - failed, failed };
}
