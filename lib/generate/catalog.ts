/** What the synthetic site and its visitors look like: pages, assets, user agents, referrers, campaigns. */

export const PAGES = [
  '/',
  '/pricing',
  '/about',
  '/contact',
  '/blog',
  '/blog/privacy-by-design',
  '/blog/log-retention-explained',
  '/blog/cookies-without-tracking',
  '/blog/server-side-analytics',
  '/blog/2026/10/release-notes',
  '/docs',
  '/docs/getting-started',
  '/docs/install',
  '/docs/configuration',
  '/docs/api',
  '/docs/faq',
  '/products',
  '/products/starter',
  '/products/team',
  '/products/enterprise',
  '/careers',
  '/careers/backend-engineer',
  '/legal/privacy',
  '/legal/terms',
  '/search',
  '/signup',
  '/login',
  '/caf%C3%A9/menu',
];

export const ASSETS = [
  '/static/app.js',
  '/static/vendor.js',
  '/static/style.css',
  '/img/logo.png',
  '/img/hero.webp',
  '/fonts/inter.woff2',
  '/favicon.ico',
];

export const NOT_FOUND = [
  '/wp-login.php',
  '/.env',
  '/old-pricing',
  '/blog/draft',
  '/xmlrpc.php',
  '/admin/config.php',
];

export const BROWSERS: ReadonlyArray<readonly [string, number]> = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36',
    30,
  ],
  [
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
    12,
  ],
  ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0', 8],
  [
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36',
    5,
  ],
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0',
    7,
  ],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    18,
  ],
  [
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36',
    14,
  ],
  [
    'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
    4,
  ],
  ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0', 2],
];

export const BOTS: ReadonlyArray<readonly [string, number]> = [
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 30],
  ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 15],
  ['Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', 10],
  ['Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)', 5],
  ['curl/8.5.0', 8],
  ['python-requests/2.32.3', 8],
  ['Go-http-client/1.1', 4],
];

/** Where sessions come from: the referrer and the landing query they carry. */
export interface EntrySource {
  readonly name: string;
  readonly referrers: readonly string[];
  readonly query: string;
}

export const ENTRY_SOURCES: ReadonlyArray<readonly [EntrySource, number]> = [
  [{ name: 'direct', referrers: [], query: '' }, 30],
  [
    {
      name: 'search',
      referrers: [
        'https://www.google.com/',
        'https://www.google.co.uk/',
        'https://www.bing.com/search?q=privacy+analytics',
        'https://duckduckgo.com/',
        'https://www.ecosia.org/',
      ],
      query: '',
    },
    25,
  ],
  [
    {
      name: 'social',
      referrers: [
        'https://t.co/abc123',
        'https://www.facebook.com/',
        'https://www.linkedin.com/feed/',
        'https://www.reddit.com/r/privacy/',
      ],
      query: '',
    },
    10,
  ],
  [
    {
      name: 'referral',
      referrers: [
        'https://news.example.org/story/42',
        'https://blog.partner.net/review',
        'https://github.com/logveil',
      ],
      query: '',
    },
    10,
  ],
  [
    { name: 'email', referrers: [], query: 'utm_source=newsletter&utm_medium=email&utm_campaign=november' },
    6,
  ],
  [{ name: 'paid', referrers: ['https://www.google.com/'], query: 'gclid=EAIaIQobChMI8' }, 5],
  [{ name: 'paid-utm', referrers: [], query: 'utm_source=adnet&utm_medium=cpc&utm_campaign=brand' }, 4],
  [{ name: 'campaign', referrers: [], query: 'utm_source=partner&utm_campaign=launch' }, 5],
  [{ name: 'social-utm', referrers: [], query: 'utm_source=mastodon&utm_medium=social' }, 3],
];

/** Offsets a line's local time is written in: one log mixing servers in several zones. */
export const ZONES_MINUTES = [0, 60, -300, 330, -480, 540];

export const FIRST_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
export const LAST_NAMES = ['smith', 'jones', 'garcia', 'miller', 'davis', 'martin'];
export const MAIL_DOMAINS = ['example.com', 'mail.example.org', 'corp.example.net'];
export const TEST_CARDS = ['4242424242424242', '5555555555554444', '378282246310005', '6011111111111117'];
