import type { SearchEngineEntry } from './catalogue';

/** Engine host names as Translate's proxy spells them (dots as dashes), without the TLD. */
const TRANSLATED_ENGINES = [
  ['google', 'bing', 'duckduckgo', 'duck'],
  ['search-yahoo', 'images-search-yahoo', 'yandex', 'ya'],
  ['baidu', 'image-baidu', 'ecosia', 'ask'],
  ['search-aol', 'search-brave', 'startpage', 'qwant'],
  ['mojeek', 'dogpile', 'swisscows', 'search-lycos'],
  ['search-naver', 'you', 'perplexity'],
];
// Prefixes of one to three letters (www, m, cn, uk …) or the engines' own: never "docs-", "maps-", "drive-".
const translated = (names: string[]) =>
  `(?:[a-z]{1,3}-|images-|html-|lite-|start-)?(?:${names.join('|')})-[a-z]{2,3}(?:-[a-z]{2})?\\.translate\\.goog`;

/** The big general-purpose engines. See catalogue.ts for what each field means. */
export const MAJOR_ENGINES: SearchEngineEntry[] = [
  {
    id: 'google',
    name: 'Google',
    // Every country domain: google.com, google.co.uk, google.com.au, google.de, google.cat …
    hosts: '(?:www\\.|images\\.|encrypted\\.|ipv4\\.|ipv6\\.)?google\\.(?:com|co\\.[a-z]{2}|com\\.[a-z]{2}|[a-z]{2,3})',
    forms: [
      // Old Google Instant links: the query sits in the fragment (Chrome's DNR sees it).
      { path: '/(?:webhp|search)?', param: 'q', kind: 'web', in: 'fragment' },
      { path: '/search', param: 'q', kind: 'images', when: { param: 'tbm', value: 'isch' } },
      { path: '/search', param: 'q', kind: 'images', when: { param: 'udm', value: '2' } },
      { path: '/search', param: 'q', kind: 'web' },
      { path: '/webhp', param: 'q', kind: 'web' },
      { path: '/images', param: 'q', kind: 'images' },
      { path: '/imghp', param: 'q', kind: 'images' },
    ],
    homePaths: '/(?:webhp|imghp|search|images)?',
    // Leading "." = that exact host only, so drive.google.com/… and photos.google.com/search stay open.
    blocklist: ['google.com', 'google.co.uk'].flatMap((d) => [
      ...['', 'www.'].flatMap((w) => ['/search', '/webhp', '/imghp', '/images'].map((p) => `.${w}${d}${p}`)),
      `images.${d}`,
      `encrypted.${d}`,
    ]),
    safeSearch: { param: 'safe', value: 'active' },
  },
  {
    // Searching Google (or anything with Google's URL shape) by IP address, e.g. http://142.250.187.196/search?q=…
    id: 'ip-address',
    name: 'Search engine reached by IP address',
    hosts: '(?:[0-9]{1,3}\\.){3}[0-9]{1,3}',
    forms: [{ path: '/search', param: 'q', kind: 'web' }],
  },
  {
    id: 'google-cache',
    name: 'Google cache',
    hosts: 'webcache\\.googleusercontent\\.com',
    forms: [],
    proxy: true,
    blocklist: ['webcache.googleusercontent.com'],
  },
  {
    // Google Translate's proxy serves www.google.com as www-google-com.translate.goog. A search
    // regex per proxied form would not fit Chrome's 2KB regex limit, so the proxied engine is
    // closed (block page) rather than redirected; translated ordinary sites are untouched.
    id: 'translate-proxy',
    name: 'Search engine through Google Translate',
    hosts: TRANSLATED_ENGINES.map(translated).join('|'),
    ruleHosts: TRANSLATED_ENGINES.map(translated),
    forms: [],
    proxy: true,
  },
  {
    id: 'bing-cache',
    name: 'Bing cache',
    hosts: 'cc\\.bingj\\.com',
    forms: [],
    proxy: true,
    blocklist: ['cc.bingj.com'],
  },
  {
    id: 'bing',
    name: 'Bing',
    hosts: '(?:www\\.|cn\\.|global\\.)?bing\\.com',
    forms: [
      { path: '/images/search', param: 'q', kind: 'images' },
      { path: '/search', param: 'q', kind: 'web' },
      { path: '/(?:videos|news)/search', param: 'q', kind: 'web' },
      { path: '/chat', param: 'q', kind: 'web' },
    ],
    homePaths: '/(?:images|videos|news)?/?(?:search)?',
    blocklist: ['bing.com/search', 'bing.com/images/search', 'bing.com/videos/search', 'bing.com/news/search'],
    safeSearch: { param: 'adlt', value: 'strict' },
  },
  {
    id: 'yahoo',
    name: 'Yahoo',
    hosts: '(?:[a-z]{2}\\.)?(?:images\\.|video\\.|news\\.)?search\\.yahoo\\.(?:com|co\\.jp)',
    forms: [
      { path: '/search/images(?:;[^/?#]*)?', param: 'p', kind: 'images' },
      { path: '/(?:yhs/)?search(?:;[^/?#]*)?', param: 'p', kind: 'web' },
    ],
    searchOnlyDomains: ['search.yahoo.com', 'search.yahoo.co.jp'],
    blocklist: ['search.yahoo.com', 'search.yahoo.co.jp'],
    safeSearch: { param: 'vm', value: 'r' },
  },
  {
    id: 'duckduckgo',
    name: 'DuckDuckGo',
    hosts: '(?:(?:[a-z]+\\.)?duckduckgo\\.com|duck\\.com)',
    forms: [
      { path: '/', param: 'q', kind: 'images', when: { param: 'iax', value: 'images' } },
      { path: '/', param: 'q', kind: 'images', when: { param: 'ia', value: 'images' } },
      { path: '/(?:html/?|lite/?)?', param: 'q', kind: 'web' },
    ],
    searchOnlyDomains: ['duckduckgo.com', 'duck.com'],
    blocklist: ['duckduckgo.com', 'duck.com'],
    safeSearch: { param: 'kp', value: '1' },
  },
  {
    id: 'ecosia',
    name: 'Ecosia',
    hosts: '(?:www\\.)?ecosia\\.org',
    forms: [
      { path: '/images', param: 'q', kind: 'images' },
      { path: '/(?:search|news|videos)', param: 'q', kind: 'web' },
    ],
    searchOnlyDomains: ['ecosia.org'],
    blocklist: ['ecosia.org'],
  },
  {
    id: 'yandex',
    name: 'Yandex',
    hosts: '(?:www\\.)?(?:yandex\\.(?:com|ru|by|kz|ua|uz|eu|com\\.tr)|ya\\.ru)',
    forms: [
      { path: '/images/(?:touch/)?search/?', param: 'text', kind: 'images' },
      { path: '/(?:search|yandsearch)(?:/touch)?/?', param: 'text', kind: 'web' },
    ],
    homePaths: '/(?:search/?|images/?)?',
    blocklist: ['yandex.com/search', 'yandex.ru/search', 'yandex.com/images', 'yandex.ru/images', 'ya.ru'],
  },
  {
    id: 'baidu',
    name: 'Baidu',
    hosts: '(?:www\\.|m\\.)?baidu\\.com',
    forms: [
      { path: '/s', param: 'wd', kind: 'web' },
      { path: '/(?:from=[0-9a-z]+/)?s', param: 'word', kind: 'web' },
    ],
    homePaths: '/(?:s)?',
    blocklist: ['www.baidu.com', 'm.baidu.com', 'image.baidu.com'],
  },
  {
    id: 'baidu-images',
    name: 'Baidu Images',
    hosts: 'image\\.baidu\\.com',
    forms: [{ path: '/search/(?:index|flip|detail)', param: 'word', kind: 'images' }],
    searchOnlyDomains: ['image.baidu.com'],
  },
];
