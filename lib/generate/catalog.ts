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
  '/products/log-archive',
  '/careers',
  '/careers/backend-engineer',
  '/legal/privacy',
  '/legal/terms',
  '/search',
  '/signup',
  '/login',
  '/caf%C3%A9/menu',
];

/**
 * The shop (docs/tables.md, "Goals and funnels"): product pages, some with pages under them, and the
 * way to an order — a form post to the cart answered by a redirect, the cart, the checkout, an
 * optional shipping step, the confirmation.
 */
export const PRODUCTS = ['starter', 'team', 'enterprise', 'log-archive', 'edge-collector', 'support-plan'];
/** Pages under some products (`/products/team/reviews`): `/products/**` matches them, `/products/*` does not. */
export const PRODUCT_SUBPAGES = ['reviews', 'specs'];
export const CART_ADD = '/cart/add';
export const CART = '/cart';
export const CHECKOUT = '/checkout';
export const CHECKOUT_SHIPPING = '/checkout/shipping';
export const CHECKOUT_CONFIRM = '/checkout/confirm';

/**
 * How much better than average a channel's shop visitors buy, by entry source: newsletter readers and
 * paid clicks come to buy, social visitors mostly to look.
 */
export const SHOP_INTENT: Readonly<Record<string, number>> = {
  direct: 1,
  search: 1,
  social: 0.45,
  'social-utm': 0.45,
  referral: 0.9,
  email: 1.5,
  paid: 1.35,
  'paid-utm': 1.35,
  campaign: 1.1,
};

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

/** Where an address block is: its country (ISO 3166-1 alpha-2) and whether a hosting network runs it. */
export interface AddressBlock {
  /** IPv4: the first two parts (a /16); IPv6: the first two groups (a /32). */
  readonly prefix: string;
  readonly country: string;
  readonly hosting: boolean;
}

const block = (prefix: string, country: string, hosting = false): AddressBlock => ({
  prefix,
  country,
  hosting,
});

/**
 * Home and mobile networks visitors browse from, by weight: large carriers' blocks that the country
 * database places in one country throughout (test/networks/generator-blocks.test.ts checks every
 * block), a long tail of small countries for the k-anonymity fold.
 */
export const HOME_BLOCKS_V4: ReadonlyArray<readonly [AddressBlock, number]> = [
  [block('73.15', 'US'), 10],
  [block('73.162', 'US'), 8],
  [block('24.4', 'US'), 6],
  [block('98.207', 'US'), 6],
  [block('87.128', 'DE'), 8],
  [block('91.64', 'DE'), 6],
  [block('79.192', 'DE'), 4],
  [block('86.128', 'GB'), 7],
  [block('81.96', 'GB'), 4],
  [block('90.0', 'FR'), 5],
  [block('92.184', 'FR'), 3],
  [block('151.38', 'IT'), 3],
  [block('83.84', 'NL'), 2],
  [block('77.160', 'NL'), 2],
  [block('153.128', 'JP'), 3],
  [block('118.32', 'KR'), 2],
  [block('186.200', 'BR'), 2],
  [block('49.36', 'IN'), 3],
  [block('122.160', 'IN'), 2],
  [block('105.112', 'NG'), 0.3],
  [block('200.45', 'AR'), 0.3],
  [block('109.240', 'FI'), 0.2],
];

/** IPv6 home networks; `2001:db8` is the documentation prefix, which no database places: `(unknown)`. */
export const HOME_BLOCKS_V6: ReadonlyArray<readonly [AddressBlock, number]> = [
  [block('2003:e8', 'DE'), 4],
  [block('2601:1c0', 'US'), 4],
  [block('2a01:cb00', 'FR'), 2],
  [block('2a00:23c5', 'GB'), 2],
  [block('2400:4050', 'JP'), 1],
  [block('2001:db8', '(unknown)'), 2],
];

/** Cloud and hosting blocks (AWS, Hetzner, OVH), each in one country: headless browsers run here. */
export const HOSTING_BLOCKS: readonly AddressBlock[] = [
  block('3.120', 'DE', true),
  block('18.130', 'GB', true),
  block('116.202', 'DE', true),
  block('88.198', 'DE', true),
  block('51.15', 'FR', true),
  block('2a01:4f8', 'DE', true),
  block('2600:1f18', 'US', true),
];
