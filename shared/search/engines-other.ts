import type { SearchEngineEntry } from './catalogue';

/** Smaller and meta engines, and AI "answer engines" that take a query in the URL. */
export const AI_AND_OTHER_ENGINES: SearchEngineEntry[] = [
  {
    id: 'ask',
    name: 'Ask',
    hosts: '(?:www\\.|[a-z]{2}\\.)?ask\\.com',
    forms: [{ path: '/(?:web|search)', param: 'q', kind: 'web' }],
    searchOnlyDomains: ['ask.com'],
    blocklist: ['ask.com'],
  },
  {
    id: 'aol',
    name: 'AOL Search',
    hosts: 'search\\.aol\\.(?:com|co\\.uk|de|fr)',
    forms: [
      { path: '/aol/image', param: 'q', kind: 'images' },
      { path: '/(?:aol/)?search', param: 'q', kind: 'web' },
    ],
    searchOnlyDomains: ['search.aol.com', 'search.aol.co.uk', 'search.aol.de', 'search.aol.fr'],
    blocklist: ['search.aol.com', 'search.aol.co.uk'],
  },
  {
    id: 'brave',
    name: 'Brave Search',
    hosts: 'search\\.brave\\.com',
    forms: [
      { path: '/images', param: 'q', kind: 'images' },
      { path: '/(?:search|news|videos)', param: 'q', kind: 'web' },
    ],
    searchOnlyDomains: ['search.brave.com'],
    blocklist: ['search.brave.com'],
  },
  {
    id: 'startpage',
    name: 'Startpage',
    hosts: '(?:www\\.|eu\\.|us\\.)?startpage\\.com',
    forms: [
      { path: '/(?:do|sp)/(?:d|async)?search', param: 'query', kind: 'images', when: { param: 'cat', value: 'images' } },
      { path: '/(?:do|sp)/(?:d|async)?search', param: 'q', kind: 'images', when: { param: 'cat', value: 'images' } },
      { path: '/(?:do|sp)/(?:d|async)?search', param: 'query', kind: 'web' },
      { path: '/(?:do|sp)/(?:d|async)?search', param: 'q', kind: 'web' },
    ],
    searchOnlyDomains: ['startpage.com'],
    blocklist: ['startpage.com'],
  },
  {
    id: 'qwant',
    name: 'Qwant',
    hosts: '(?:www\\.|lite\\.|junior\\.)?qwant\\.com',
    forms: [
      { path: '/', param: 'q', kind: 'images', when: { param: 't', value: 'images' } },
      { path: '/(?:search)?', param: 'q', kind: 'web' },
    ],
    searchOnlyDomains: ['qwant.com'],
    blocklist: ['qwant.com'],
  },
  {
    id: 'mojeek',
    name: 'Mojeek',
    hosts: '(?:www\\.)?mojeek\\.(?:com|co\\.uk)',
    forms: [
      { path: '/search', param: 'q', kind: 'images', when: { param: 'fmt', value: 'images' } },
      { path: '/search', param: 'q', kind: 'web' },
    ],
    searchOnlyDomains: ['mojeek.com', 'mojeek.co.uk'],
    blocklist: ['mojeek.com', 'mojeek.co.uk'],
    safeSearch: { param: 'safe', value: '1' },
  },
  {
    id: 'dogpile',
    name: 'Dogpile',
    hosts: '(?:www\\.)?dogpile\\.com',
    forms: [
      { path: '/serp', param: 'q', kind: 'images', when: { param: 'qc', value: 'images' } },
      { path: '/(?:serp|search/web)', param: 'q', kind: 'web' },
    ],
    searchOnlyDomains: ['dogpile.com'],
    blocklist: ['dogpile.com'],
  },
  {
    id: 'swisscows',
    name: 'Swisscows',
    hosts: '(?:www\\.)?swisscows\\.com',
    forms: [
      { path: '/(?:[a-z]{2}/)?images', param: 'query', kind: 'images' },
      { path: '/(?:[a-z]{2}/)?web', param: 'query', kind: 'web' },
    ],
    searchOnlyDomains: ['swisscows.com'],
    blocklist: ['swisscows.com'],
  },
  {
    id: 'lycos',
    name: 'Lycos',
    hosts: 'search\\.lycos\\.com',
    forms: [{ path: '/(?:web|images)/?', param: 'q', kind: 'web' }],
    searchOnlyDomains: ['search.lycos.com'],
    blocklist: ['search.lycos.com'],
  },
  {
    id: 'naver',
    name: 'Naver',
    hosts: '(?:m\\.)?search\\.naver\\.com',
    forms: [{ path: '/search\\.naver', param: 'query', kind: 'web' }],
    searchOnlyDomains: ['search.naver.com'],
    blocklist: ['search.naver.com'],
  },
  {
    id: 'you',
    name: 'You.com',
    hosts: '(?:www\\.)?you\\.com',
    forms: [{ path: '/(?:search)?', param: 'q', kind: 'web' }],
    searchOnlyDomains: ['you.com'],
    blocklist: ['you.com'],
  },
  {
    id: 'perplexity',
    name: 'Perplexity',
    hosts: '(?:www\\.)?perplexity\\.ai',
    forms: [{ path: '/(?:search(?:/new)?)?', param: 'q', kind: 'web' }],
    searchOnlyDomains: ['perplexity.ai'],
    blocklist: ['perplexity.ai'],
  },
  {
    // Only the "search from the URL" form: the rest of ChatGPT is not search and not ours to judge.
    id: 'chatgpt',
    name: 'ChatGPT search',
    hosts: '(?:chatgpt\\.com|chat\\.openai\\.com)',
    forms: [{ path: '/(?:search)?', param: 'q', kind: 'web' }],
    blocklist: ['chatgpt.com/search'],
  },
  {
    id: 'copilot',
    name: 'Microsoft Copilot search',
    hosts: 'copilot\\.microsoft\\.com',
    forms: [{ path: '/', param: 'q', kind: 'web' }],

  },
];
