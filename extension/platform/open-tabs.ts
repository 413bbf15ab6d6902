/** The tabs already open when board mode switches on (permission "tabs" lets us read their URLs). */
export interface OpenTabs {
  list(): Promise<{ id: number; url: string }[]>;
  navigate(tabId: number, url: string): Promise<void>;
}

export const chromeOpenTabs = (): OpenTabs => ({
  async list() {
    const tabs = await chrome.tabs.query({});
    return tabs.filter((t) => t.id !== undefined && !!t.url).map((t) => ({ id: t.id!, url: t.url! }));
  },
  async navigate(tabId, url) {
    await chrome.tabs.update(tabId, { url });
  },
});

export function fakeOpenTabs(tabs: { id: number; url: string }[] = []): OpenTabs & { tabs: { id: number; url: string }[] } {
  return {
    tabs,
    async list() {
      return structuredClone(tabs);
    },
    async navigate(tabId, url) {
      const t = tabs.find((x) => x.id === tabId);
      if (t) t.url = url;
    },
  };
}
