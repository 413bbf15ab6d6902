import { describe, expect, it } from 'vitest';
import { rewriteSearch } from '../../shared/search/rewrite';
import { matchSearch } from '../../shared/search/match';
import { MUST_NOT_TOUCH, MUST_REDIRECT, QUERY_ENCODINGS } from '../fixtures/search/cases';
import { schoolPolicy } from './search-policies';

const pupil = schoolPolicy();

describe('rewriteSearch: pupils (Kiddle)', () => {
  it(`has a big enough table (${MUST_REDIRECT.length} must-redirect, ${MUST_NOT_TOUCH.length} must-not-touch URLs)`, () => {
    expect(MUST_REDIRECT.length).toBeGreaterThanOrEqual(150);
    expect(MUST_NOT_TOUCH.length).toBeGreaterThanOrEqual(60);
  });

  it.each(MUST_REDIRECT.map((c) => [c.url.slice(0, 120), c] as const))('redirects %s', (_label, c) => {
    const d = rewriteSearch(c.url, pupil);
    switch (c.expect.kind) {
      case 'block':
        expect(d).toMatchObject({ action: 'block', page: '/pages/block.html?reason=search' });
        return;
      case 'home':
        expect(d).toMatchObject({ action: 'redirect', reason: 'home', to: 'https://www.kiddle.co/' });
        return;
      default: {
        expect(d.action).toBe('redirect');
        if (d.action !== 'redirect') return;
        const to = new URL(d.to);
        expect(to.origin + to.pathname).toBe(c.expect.kind === 'images' ? 'https://www.kiddle.co/i.php' : 'https://www.kiddle.co/s.php');
        expect(to.searchParams.get('q')).toBe(c.expect.q);
        expect(d.query).toBe(c.expect.q);
        expect(d.kind).toBe(c.expect.kind);
      }
    }
  });

  it.each(MUST_NOT_TOUCH)('leaves %s alone', (url) => {
    expect(rewriteSearch(url, pupil)).toEqual({ action: 'allow' });
  });

  it('carries the query byte for byte, as the DNR redirect does (no re-encoding)', () => {
    const to = (url: string) => (rewriteSearch(url, pupil) as { to: string }).to;
    expect(to('https://www.google.com/search?q=cats+and+dogs')).toBe('https://www.kiddle.co/s.php?q=cats+and+dogs');
    expect(to('https://www.google.com/search?q=cats%20and%20dogs')).toBe('https://www.kiddle.co/s.php?q=cats%20and%20dogs');
    expect(to('https://www.google.com/search?q=fish+%26+chips&hl=en')).toBe('https://www.kiddle.co/s.php?q=fish+%26+chips');
    expect(to('https://www.google.com/search?q=1%2B1')).toBe('https://www.kiddle.co/s.php?q=1%2B1');
    expect(to('https://www.google.com/search?q=%F0%9F%90%B1')).toBe('https://www.kiddle.co/s.php?q=%F0%9F%90%B1');
    // Unencoded characters are encoded the way the browser canonicalises the URL first.
    expect(to('https://www.google.com/search?q=grün café')).toBe('https://www.kiddle.co/s.php?q=gr%C3%BCn%20caf%C3%A9');
    expect(to("https://www.google.com/#q=it's")).toBe('https://www.kiddle.co/s.php?q=it%27s');
    // "$&" in a query is text, not a replacement pattern.
    expect(to('https://www.google.com/search?q=$%26$')).toBe('https://www.kiddle.co/s.php?q=$%26$');
  });

  it('decodes every query encoding the same on every engine form', () => {
    for (const [raw, q] of QUERY_ENCODINGS) {
      for (const url of [`https://search.yahoo.com/search?p=${raw}`, `https://www.ecosia.org/search?q=${raw}`, `https://yandex.com/search/?text=${raw}`]) {
        expect(matchSearch(url)?.query, url).toBe(q);
      }
    }
  });

  it('sends image searches to the engine image search, or its web search when it has none', () => {
    expect(rewriteSearch('https://www.bing.com/images/search?q=owls', schoolPolicy({ engine: 'kidzsearch' }))).toMatchObject({
      to: 'https://search.kidzsearch.com/kzimages.php?q=owls',
    });
    expect(rewriteSearch('https://www.bing.com/images/search?q=owls', schoolPolicy({ engine: 'kidrex' }))).toMatchObject({
      to: 'https://www.kidrex.org/results/?q=owls',
    });
    expect(rewriteSearch('https://duckduckgo.com/', schoolPolicy({ engine: 'swiggle' }))).toMatchObject({ to: 'https://swiggle.org.uk/' });
  });

  it("uses a school's own engine, and never touches it", () => {
    const p = schoolPolicy({ engine: 'school-search', custom: true });
    expect(rewriteSearch('https://www.google.com/search?q=tudors&tbm=isch', p)).toMatchObject({ to: 'https://search.pendragon-trust.example/pictures/tudors' });
    expect(rewriteSearch('https://www.google.com/search?q=tudors', p)).toMatchObject({ to: 'https://search.pendragon-trust.example/find?terms=tudors&safe=1' });
    expect(rewriteSearch('https://search.pendragon-trust.example/find?terms=x', p)).toEqual({ action: 'allow' });
  });

  it('falls back to Kiddle for an unknown engine id (fail closed)', () => {
    expect(rewriteSearch('https://www.google.com/search?q=x', schoolPolicy({ engine: 'nope' }))).toMatchObject({ to: 'https://www.kiddle.co/s.php?q=x' });
  });

  it('ignores what is not an http(s) URL', () => {
    for (const url of ['not a url', 'chrome://settings/search?q=x', 'file:///search?q=x', 'ftp://www.google.com/search?q=x', '']) {
      expect(rewriteSearch(url, pupil)).toEqual({ action: 'allow' });
    }
  });
});

describe('rewriteSearch: staff (SafeSearch forced)', () => {
  const staff = schoolPolicy({ role: 'staff' });
  const to = (url: string) => rewriteSearch(url, staff);

  it('adds or replaces the engine SafeSearch parameter, keeping everything else', () => {
    expect(to('https://www.google.co.uk/search?q=cats+and+dogs')).toMatchObject({ action: 'redirect', reason: 'safesearch', to: 'https://www.google.co.uk/search?q=cats+and+dogs&safe=active' });
    expect(to('https://www.google.com/search?q=cats&safe=off&hl=en')).toMatchObject({ to: 'https://www.google.com/search?q=cats&safe=active&hl=en' });
    expect(to('https://www.bing.com/search?q=cats')).toMatchObject({ to: 'https://www.bing.com/search?q=cats&adlt=strict' });
    expect(to('https://www.bing.com/images/search?q=cats&adlt=off')).toMatchObject({ to: 'https://www.bing.com/images/search?q=cats&adlt=strict' });
    expect(to('https://duckduckgo.com/?q=cats')).toMatchObject({ to: 'https://duckduckgo.com/?q=cats&kp=1' });
    expect(to('https://search.yahoo.com/search?p=cats')).toMatchObject({ to: 'https://search.yahoo.com/search?p=cats&vm=r' });
  });

  it('allows a search that is already safe, Google itself, and engines without a SafeSearch switch', () => {
    for (const url of ['https://www.google.com/search?q=cats&safe=active', 'https://www.google.com/', 'https://www.ecosia.org/search?q=cats', 'https://www.kiddle.co/s.php?q=x']) {
      expect(to(url)).toEqual({ action: 'allow' });
    }
  });

  it('leaves every must-not-touch URL alone for staff too', () => {
    for (const url of MUST_NOT_TOUCH) expect(to(url), url).toEqual({ action: 'allow' });
  });

  it('does nothing when search filtering is off', () => {
    const off = schoolPolicy();
    off.search.mode = 'off';
    expect(rewriteSearch('https://www.google.com/search?q=x', off)).toEqual({ action: 'allow' });
  });
});
