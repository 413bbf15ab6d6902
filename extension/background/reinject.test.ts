import { describe, expect, it } from 'vitest';
import { fakeOpenTabs } from '../platform/open-tabs';
import { injectIntoOpenTabs } from './reinject';

describe('content script into tabs open at install or update', () => {
  it('runs in every open web page, not in browser or extension pages, and one failure stops no other', async () => {
    const tabs = fakeOpenTabs([
      { id: 1, url: 'https://homework.example.org/english' },
      { id: 2, url: 'chrome://newtab/' },
      { id: 3, url: 'http://intranet.school.example/' },
      { id: 4, url: 'chrome-extension://abc/pages/block.html' },
      { id: 5, url: 'https://chromewebstore.google.com/' },
      { id: 6, url: 'HTTPS://UPPER.example/' },
    ]);
    const tried: number[] = [];
    const result = await injectIntoOpenTabs(tabs, async (id) => {
      tried.push(id);
      if (id === 5) throw new Error('Cannot access contents of the page');
    });
    expect(tried.sort()).toEqual([1, 3, 5, 6]);
    expect(result).toEqual({ injected: 3, failed: 1 });
  });
});
