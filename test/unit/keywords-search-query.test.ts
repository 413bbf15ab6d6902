import { describe, expect, it } from 'vitest';
import { searchQueryFrom } from '../../extension/content/search-query';

describe('search query from a results page address', () => {
  it.each([
    ['https://www.kiddle.co/s.php?q=how+to+make+a+bomb', 'how to make a bomb'],
    ['https://www.youtube.com/results?search_query=kill%20myself', 'kill myself'],
    ['https://search.yahoo.com/search?p=porn', 'porn'],
    ['https://yandex.com/search/?text=casino', 'casino'],
    ['https://www.bing.com/search?form=QBLH&q=%F0%9D%90%A9%F0%9D%90%A8%F0%9D%90%AB%F0%9D%90%A7', '𝐩𝐨𝐫𝐧'],
  ])('%s → %s', (url, q) => expect(searchQueryFrom(url)).toBe(q));

  it.each([['https://example.org/page'], ['https://example.org/?q=%20%20'], ['chrome://settings/?q=x'], ['not a url']])('%s → nothing', (url) => {
    expect(searchQueryFrom(url)).toBeNull();
  });

  it('bounds a very long query', () => {
    expect(searchQueryFrom(`https://x.org/?q=${'a'.repeat(5000)}`)!.length).toBe(500);
  });
});
