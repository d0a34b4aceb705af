/**
 * The "busy site" input of `npm run bench` (issue 21, inputs b and e): a seeded, streamed combined log
 * of a shop with a blog, 500,000 lines a day at the issue's size (1M lines over two days), shaped
 * after the issue: ~267 bytes a line, ~0.14 visitors (address + user agent) a line (~70,000 a day),
 * 8 % IPv6 visitors, ~2,000 paths with a long tail (pages, static assets, API calls, scanners' probes),
 * some query strings, ~330 user agents (browsers, in-app browsers, bots, tools), 10 % of lines with an
 * e-mail, a token (JWT-like or long hex) or a card number in the query string, 37 % empty referrers,
 * statuses mostly 200 with 304, 301/302, 404 and some 5xx, times in order within each day along a
 * daily curve.
 *
 * How it works: each day's line times are drawn first (per minute from the daily curve, with noise,
 * so every day has exactly its share of lines); each time slot goes to the session whose next hit is
 * due, or starts a new session (a new or returning visitor, or a bot) when none is. A page view is a
 * document request plus what the browser asks for with it (assets, API calls). Visitors therefore
 * scale with the lines (4M lines over the same two days have ~4× the visitors a day); the site (its
 * paths and user agents) is the same for every seed.
 *
 * `LogShape` measures the properties above from the lines themselves (any combined log), so the
 * shape can be checked, not assumed:
 *
 *   npx tsx test/bench/busy-site.ts --lines 1000000 --seed 1 --check        # generate in memory, print the shape
 *   npx tsx test/bench/busy-site.ts --lines 1000000 --seed 1 -o busy.log.gz # write it (and print the shape)
 *   npx tsx test/bench/busy-site.ts --check FILE.log.gz [--host www.example.com]  # shape of any combined log
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createGunzip, createGzip } from 'node:zlib';
import { Random } from '../../lib/generate/random.ts';

/** Part of cache file names: change it whenever the generator's output changes. */
export const BUSY_SITE_VERSION = 1;
export const BUSY_SITE_HOST = 'www.example.com';

export interface BusySiteOptions {
  readonly lines: number;
  /** Days the lines are spread over (the issue: 2). */
  readonly days: number;
  readonly seed: string | number;
  /** UTC midnight of the first day. */
  readonly startMs: number;
  readonly host?: string;
}

// ---------------------------------------------------------------------------------------------------
// The site: paths, assets, referring sites and user agents (the same for every seed).

const CATEGORIES = [
  'mens-jackets',
  'womens-jackets',
  'knitwear',
  't-shirts',
  'shirts',
  'trousers',
  'denim',
  'footwear',
  'bags',
  'accessories',
  'home',
  'kitchen',
  'outdoor',
  'camping',
  'running',
  'kids',
  'sale',
  'new-arrivals',
  'gifts',
  'travel',
];
const ADJECTIVES =
  'classic urban alpine coastal vintage modern essential premium light heavy soft organic merino waxed quilted linen recycled waterproof slim relaxed cropped oversized everyday trail city winter summer compact deluxe rugged'.split(
    ' ',
  );
const NOUNS =
  'jacket parka sweater hoodie tee shirt chino jeans boot sneaker sandal backpack tote wallet beanie scarf glove sock belt watch bottle mug lamp blanket pillow towel candle tent stove lantern headlamp pack duffel cap vest shorts dress skirt coat runner'.split(
    ' ',
  );
const COLORS = 'black navy olive sand rust grey white forest ochre burgundy sky charcoal'.split(' ');
const TOPICS =
  'layering packing running hiking camping cooking denim wool cotton linen repair care washing travel gifts sizing sustainability materials workshop craft'.split(
    ' ',
  );
const BLOG_PATTERNS = [
  (r: Random) => `how-to-${r.pick(['choose', 'wash', 'repair', 'pack', 'store', 'style'])}-${r.pick(NOUNS)}s`,
  (r: Random) =>
    `${r.int(3, 15)}-best-${r.pick(NOUNS)}s-for-${r.pick(['winter', 'summer', 'travel', 'hiking'])}`,
  (r: Random) => `${r.pick(ADJECTIVES)}-${r.pick(TOPICS)}-guide`,
  (r: Random) => `behind-the-scenes-${r.pick(TOPICS)}-${r.pick(['workshop', 'factory', 'studio', 'mill'])}`,
  (r: Random) => `${r.pick(TOPICS)}-${r.pick(TOPICS)}-${r.pick(['tips', 'notes', 'basics', 'myths'])}`,
];
const HELP_SECTIONS = ['shipping', 'returns', 'payments', 'account', 'sizing', 'care', 'orders'];
const MISC_PAGES = [
  '/about',
  '/contact',
  '/faq',
  '/privacy',
  '/terms',
  '/careers',
  '/stores',
  '/stores/berlin',
  '/stores/london',
  '/stores/paris',
  '/wishlist',
  '/newsletter',
  '/gift-cards',
  '/sustainability',
  '/blog',
  '/help',
  '/signup',
  '/account/orders',
  '/account/addresses',
];
const CORE_ASSETS: ReadonlyArray<readonly [string, number]> = [
  ['/static/css/main.4f9c2a1e.css', 48_211],
  ['/static/js/app.c02e9f71.js', 141_302],
  ['/favicon.ico', 15_086],
];
const EXTRA_ASSETS: ReadonlyArray<readonly [string, number]> = [
  ['/static/js/vendor.8b1d33c0.js', 312_870],
  ['/static/js/runtime.11aa9e2b.js', 2_514],
  ['/static/fonts/inter-var.woff2', 98_512],
  ['/static/fonts/inter-italic.woff2', 91_240],
  ['/static/fonts/playfair-700.woff2', 40_118],
  ['/static/img/logo.svg', 6_233],
  ['/static/img/sprite.svg', 21_876],
  ['/favicon-32x32.png', 1_204],
  ['/apple-touch-icon.png', 7_991],
  ['/site.webmanifest', 512],
];
const SECTION_CHUNKS: Record<string, readonly [string, number]> = {
  product: ['/static/js/chunk-product.5e6f0a2d.js', 58_770],
  blog: ['/static/js/chunk-blog.77de41c9.js', 22_018],
  checkout: ['/static/js/chunk-checkout.a1b2c3d4.js', 71_554],
  search: ['/static/js/chunk-search.0f9e8d7c.js', 18_306],
};
const PROBES = [
  '/wp-login.php',
  '/wp-admin/',
  '/wp-admin/setup-config.php',
  '/xmlrpc.php',
  '/.env',
  '/.env.production',
  '/.git/config',
  '/.git/HEAD',
  '/phpmyadmin/',
  '/pma/',
  '/admin',
  '/administrator/',
  '/config.php',
  '/config.json',
  '/.aws/credentials',
  '/server-status',
  '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
  '/cgi-bin/luci',
  '/boaform/admin/formLogin',
  '/actuator/health',
  '/actuator/env',
  '/api/v1/pods',
  '/.DS_Store',
  '/backup.zip',
  '/backup.sql',
  '/db.sql',
  '/dump.sql',
  '/.well-known/security.txt',
  '/owa/auth/logon.aspx',
  '/remote/login',
  '/HNAP1/',
  '/solr/admin/info/system',
  '/console/',
  '/manager/html',
  '/jenkins/login',
  '/telescope/requests',
  '/_profiler/phpinfo',
  '/info.php',
  '/phpinfo.php',
  '/test.php',
  '/shell.php',
  '/wp-includes/wlwmanifest.xml',
  '/sftp-config.json',
  '/.vscode/sftp.json',
  '/docker-compose.yml',
  '/Dockerfile',
  '/web.config',
  '/.htaccess',
  '/id_rsa',
  '/geoserver/web/',
];
const PROBE_PLUGINS =
  'revslider wp-file-manager elementor contact-form-7 woocommerce akismet jetpack yoast duplicator wpforms forminator litespeed-cache'.split(
    ' ',
  );
const SEARCH_ENGINES: ReadonlyArray<readonly [string, number]> = [
  ['https://www.google.com/', 50],
  ['https://www.google.de/', 8],
  ['https://www.google.co.uk/', 7],
  ['https://www.google.fr/', 4],
  ['https://www.bing.com/', 8],
  ['https://duckduckgo.com/', 5],
  ['https://search.yahoo.com/', 2],
  ['https://www.ecosia.org/', 2],
  ['https://yandex.ru/', 1],
  ['https://www.baidu.com/', 1],
  ['https://search.brave.com/', 1],
];
const SOCIAL: ReadonlyArray<readonly [string, number]> = [
  ['https://t.co/', 8],
  ['https://l.facebook.com/', 12],
  ['https://lm.facebook.com/', 8],
  ['https://www.instagram.com/', 10],
  ['https://www.reddit.com/', 6],
  ['https://out.reddit.com/', 3],
  ['https://www.linkedin.com/', 3],
  ['https://www.pinterest.com/', 5],
  ['https://www.youtube.com/', 4],
  ['https://news.ycombinator.com/', 1],
  ['android-app://com.google.android.gm/', 3],
  ['https://www.tiktok.com/', 3],
];
const EMAIL_DOMAINS =
  'gmail.com yahoo.com outlook.com hotmail.com gmx.de web.de icloud.com proton.me orange.fr aol.com mail.ru libero.it'.split(
    ' ',
  );
const FIRST =
  'anna ben carla david emma felix greta hugo ida jonas karin leo mia noah olga paul rosa sam tina uwe vera will xenia yusuf zoe'.split(
    ' ',
  );
const LAST =
  'schmidt miller garcia rossi dubois novak jensen kowalski silva brown meyer fischer weber martin bernard lopez'.split(
    ' ',
  );
const CAMPAIGNS = 'winter_sale spring_drop summer_edit black_friday new_arrivals restock weekly_digest'.split(
  ' ',
);
const IPV6_PREFIXES = [
  '2a02:8108',
  '2a02:810d',
  '2a01:e0a',
  '2a01:cb00',
  '2003:e7',
  '2003:c2',
  '2600:1700',
  '2601:18c',
  '2607:fb90',
  '2409:4050',
  '2a00:23c7',
  '2a02:a44a',
  '2001:1c00',
  '2a0a:a540',
];

interface Asset {
  readonly path: string;
  readonly bytes: number;
}
interface Page {
  readonly path: string;
  readonly kind: 'home' | 'category' | 'product' | 'blog' | 'help' | 'misc';
  readonly bytes: number;
  readonly image: Asset | null;
}

/** Cumulative weights for picking by rank from a long tail: weight of rank i ∝ 1 / (i + 1)^s. */
function zipf(n: number, s: number): Float64Array {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / (i + 1) ** s;
    cdf[i] = total;
  }
  for (let i = 0; i < n; i++) cdf[i]! /= total;
  return cdf;
}

function cumulative(weights: readonly number[]): Float64Array {
  const cdf = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cdf[i] = total;
  });
  for (let i = 0; i < cdf.length; i++) cdf[i]! /= total;
  return cdf;
}

function pickIndex(cdf: Float64Array, r: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function uniqueNames(count: number, make: () => string): string[] {
  const seen = new Set<string>();
  let tries = 0;
  while (seen.size < count && tries++ < count * 50) seen.add(make());
  return [...seen];
}

class Site {
  readonly pages: Page[];
  readonly pageCdf: Float64Array;
  readonly products: Page[];
  readonly productCdf: Float64Array;
  readonly blogPosts: Page[];
  readonly blogCdf: Float64Array;
  readonly categories: Page[];
  readonly gone: string[];
  readonly legacy: string[];
  readonly probes: string[];
  readonly searchTerms: string[];
  readonly otherSites: string[];
  readonly otherCdf: Float64Array;

  constructor() {
    const r = new Random('busy-site catalog');
    this.categories = CATEGORIES.map((c) => ({
      path: `/category/${c}`,
      kind: 'category' as const,
      bytes: r.int(40_000, 90_000),
      image: null,
    }));
    this.products = uniqueNames(570, () => {
      const base = `${r.pick(ADJECTIVES)}-${r.pick(NOUNS)}-${r.pick(COLORS)}`;
      return `/products/${r.pick(CATEGORIES)}/${r.chance(0.3) ? `${base}-${r.int(2, 9)}` : base}`;
    }).map((path) => ({
      path,
      kind: 'product' as const,
      bytes: r.int(30_000, 85_000),
      image: {
        path: `/images/products/${path.slice(path.lastIndexOf('/') + 1)}-800.webp`,
        bytes: r.int(20_000, 160_000),
      },
    }));
    this.blogPosts = uniqueNames(330, () => {
      const slug = r.pick(BLOG_PATTERNS)(r);
      return `/blog/${r.int(2019, 2026)}/${String(r.int(1, 12)).padStart(2, '0')}/${slug}`;
    }).map((path) => ({
      path,
      kind: 'blog' as const,
      bytes: r.int(25_000, 70_000),
      image: r.chance(0.5)
        ? { path: `/images/blog/${path.slice(path.lastIndexOf('/') + 1)}.jpg`, bytes: r.int(60_000, 400_000) }
        : null,
    }));
    const help = uniqueNames(
      175,
      () =>
        `/help/${r.pick(HELP_SECTIONS)}/${r.pick(TOPICS)}-${r.pick(NOUNS)}${r.chance(0.5) ? `-${r.pick(TOPICS)}` : ''}`,
    ).map((path) => ({ path, kind: 'help' as const, bytes: r.int(15_000, 30_000), image: null }));
    const misc = MISC_PAGES.map((path) => ({
      path,
      kind: 'misc' as const,
      bytes: r.int(12_000, 40_000),
      image: null,
    }));
    this.pages = [
      { path: '/', kind: 'home', bytes: 74_512, image: null },
      ...this.categories,
      ...this.products,
      ...this.blogPosts,
      ...help,
      ...misc,
    ];
    // Popularity by rank: the home and category pages first, the rest shuffled into a long tail.
    const tail = this.pages.slice(1 + this.categories.length);
    for (let i = tail.length - 1; i > 0; i--) {
      const j = r.int(0, i);
      [tail[i], tail[j]] = [tail[j]!, tail[i]!];
    }
    this.pages = [...this.pages.slice(0, 1 + this.categories.length), ...tail];
    this.pageCdf = zipf(this.pages.length, 0.95);
    this.productCdf = zipf(this.products.length, 0.9);
    this.blogCdf = zipf(this.blogPosts.length, 1.0);
    this.gone = uniqueNames(
      45,
      () => `/products/${r.pick(CATEGORIES)}/${r.pick(ADJECTIVES)}-${r.pick(NOUNS)}-old`,
    );
    this.legacy = uniqueNames(30, () => `/shop/${r.pick(NOUNS)}-${r.int(100, 999)}`);
    this.probes = [...PROBES, ...PROBE_PLUGINS.map((p) => `/wp-content/plugins/${p}/readme.txt`)];
    this.searchTerms = uniqueNames(400, () =>
      r.chance(0.5)
        ? `${r.pick(ADJECTIVES)}+${r.pick(NOUNS)}`
        : `${r.pick(NOUNS)}${r.chance(0.3) ? `+${r.pick(COLORS)}` : ''}`,
    );
    this.otherSites = uniqueNames(
      240,
      () =>
        `https://${r.chance(0.5) ? 'www.' : ''}${r.pick(TOPICS)}${r.pick(['blog', 'mag', 'hub', 'daily', 'notes', 'forum', 'deals', 'review'])}.${r.pick(['com', 'de', 'net', 'co.uk', 'fr', 'io', 'org'])}/${r.chance(0.4) ? `${r.pick(TOPICS)}/${r.pick(ADJECTIVES)}-${r.pick(NOUNS)}s` : ''}`,
    );
    this.otherCdf = zipf(this.otherSites.length, 1.1);
  }
}

interface UserAgent {
  readonly ua: string;
  readonly weight: number;
}

/** ~300 browser user agents, weighted (families by share, versions by recency). */
function browserAgents(): UserAgent[] {
  const out: UserAgent[] = [];
  const family = (share: number, agents: string[], s = 1.4) => {
    const cdf = agents.map((_, i) => 1 / (i + 1) ** s);
    const total = cdf.reduce((a, b) => a + b, 0);
    agents.forEach((ua, i) => {
      out.push({ ua, weight: (share * cdf[i]!) / total });
    });
  };
  const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => from - i);
  const webkit = 'AppleWebKit/537.36 (KHTML, like Gecko)';
  family(
    22,
    range(131, 110).map(
      (v) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${webkit} Chrome/${v}.0.0.0 Safari/537.36`,
    ),
  );
  family(
    7,
    range(131, 114).map(
      (v) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) ${webkit} Chrome/${v}.0.0.0 Safari/537.36`,
    ),
  );
  family(
    2,
    range(131, 120).map((v) => `Mozilla/5.0 (X11; Linux x86_64) ${webkit} Chrome/${v}.0.0.0 Safari/537.36`),
  );
  family(
    14,
    range(131, 112).map(
      (v) => `Mozilla/5.0 (Linux; Android 10; K) ${webkit} Chrome/${v}.0.0.0 Mobile Safari/537.36`,
    ),
  );
  const models = [
    'SM-S918B',
    'SM-A546B',
    'SM-G991B',
    'Pixel 8',
    'Pixel 7a',
    'M2101K6G',
    'CPH2451',
    'moto g(60)',
    '2201117TY',
    'SM-A145R',
  ];
  family(
    3,
    models.flatMap((m, i) =>
      [13, 14].map(
        (a) =>
          `Mozilla/5.0 (Linux; Android ${a}; ${m}) ${webkit} Chrome/${118 + ((i + a) % 9)}.0.0.0 Mobile Safari/537.36`,
      ),
    ),
  );
  family(
    4,
    range(26, 17).flatMap((v) =>
      ['SM-S918B', 'SM-A546B'].map(
        (m) =>
          `Mozilla/5.0 (Linux; Android 14; SAMSUNG ${m}) ${webkit} SamsungBrowser/${v}.0 Chrome/${96 + v}.0.0.0 Mobile Safari/537.36`,
      ),
    ),
  );
  const ios = [
    '18_1',
    '18_0_1',
    '18_0',
    '17_7',
    '17_6_1',
    '17_5_1',
    '17_4_1',
    '17_3_1',
    '17_2_1',
    '17_1_2',
    '16_7_10',
    '16_6_1',
    '16_5',
    '15_8_3',
    '15_7_9',
  ];
  const version = (os: string) => os.split('_').slice(0, 2).join('.');
  family(
    18,
    ios.map(
      (os) =>
        `Mozilla/5.0 (iPhone; CPU iPhone OS ${os} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${version(os)} Mobile/15E148 Safari/604.1`,
    ),
  );
  family(
    3,
    ios
      .slice(0, 10)
      .map(
        (os) =>
          `Mozilla/5.0 (iPad; CPU OS ${os} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${version(os)} Mobile/15E148 Safari/604.1`,
      ),
  );
  family(
    2,
    range(131, 122).map(
      (v) =>
        `Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/${v}.0.6778.73 Mobile/15E148 Safari/604.1`,
    ),
  );
  family(
    5,
    ['18.1', '18.0', '17.6', '17.5', '17.4.1', '17.3', '17.2', '17.1', '16.6', '16.5', '16.1', '15.6.1'].map(
      (v) =>
        `Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/${v} Safari/605.1.15`,
    ),
  );
  family(
    6,
    range(131, 114).flatMap((v) =>
      [24, 65].map(
        (b) =>
          `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${webkit} Chrome/${v}.0.0.0 Safari/537.36 Edg/${v}.0.${2300 + v * 10 + b}.${b}`,
      ),
    ),
  );
  family(
    4,
    range(133, 115).map(
      (v) => `Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`,
    ),
  );
  family(
    1.5,
    range(133, 120).map(
      (v) => `Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`,
    ),
  );
  family(
    1,
    range(133, 122).map(
      (v) => `Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:${v}.0) Gecko/20100101 Firefox/${v}.0`,
    ),
  );
  family(
    0.8,
    range(133, 126).map((v) => `Mozilla/5.0 (Android 14; Mobile; rv:${v}.0) Gecko/${v}.0 Firefox/${v}.0`),
  );
  family(
    1,
    range(115, 106).map(
      (v) =>
        `Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${webkit} Chrome/${v + 14}.0.0.0 Safari/537.36 OPR/${v}.0.0.0`,
    ),
  );
  family(
    2,
    range(356, 340).map(
      (v) =>
        `Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram ${v}.0.0.${v % 30}.${100 + v} (iPhone14,5; iOS 17_6_1; en_US; en; scale=3.00; 1170x2532; ${600_000_000 + v * 1000})`,
    ),
  );
  family(
    1.2,
    range(488, 476).map(
      (v) =>
        `Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/130.0.6723.102 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/${v}.0.0.${40 + (v % 20)}.${100 + v};]`,
    ),
  );
  family(0.3, ['Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko']);
  return out;
}

type BotKind = 'crawler' | 'scanner' | 'monitor' | 'preview';
interface Bot {
  readonly ua: string;
  readonly kind: BotKind;
  readonly weight: number;
  readonly ip: (r: Random) => string;
}

function bots(): Bot[] {
  const net = (a: string, from: number, to: number) => (r: Random) =>
    `${a}.${r.int(from, to)}.${r.int(1, 254)}`;
  const anywhere = (r: Random) => randomIpv4(r);
  const bot = (kind: BotKind, weight: number, ip: (r: Random) => string, ...uas: string[]): Bot[] =>
    uas.map((ua) => ({ ua, kind, weight: weight / uas.length, ip }));
  const compatible = (name: string) => `Mozilla/5.0 (compatible; ${name})`;
  return [
    ...bot(
      'crawler',
      14,
      net('66.249', 64, 79),
      `Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)`,
      compatible('Googlebot/2.1; +http://www.google.com/bot.html'),
      'Googlebot-Image/1.0',
      compatible('Google-InspectionTool/1.0;'),
      'AdsBot-Google (+http://www.google.com/adsbot.html)',
    ),
    ...bot('crawler', 6, net('40.77', 160, 191), compatible('bingbot/2.0; +http://www.bing.com/bingbot.htm')),
    ...bot('crawler', 2, net('5.255', 231, 231), compatible('YandexBot/3.0; +http://yandex.com/bots')),
    ...bot(
      'crawler',
      1,
      net('220.181', 108, 108),
      compatible('Baiduspider/2.0; +http://www.baidu.com/search/spider.html'),
    ),
    ...bot('crawler', 1, net('20.191', 45, 45), 'DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)'),
    ...bot(
      'crawler',
      1.5,
      net('17.241', 0, 255),
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
    ),
    ...bot('crawler', 4, net('54.36', 148, 149), compatible('AhrefsBot/7.0; +http://ahrefs.com/robot/')),
    ...bot(
      'crawler',
      3,
      net('185.191', 171, 171),
      compatible('SemrushBot/7~bl; +http://www.semrush.com/bot.html'),
    ),
    ...bot('crawler', 1, anywhere, compatible('MJ12bot/v1.4.8; http://mj12bot.com/')),
    ...bot(
      'crawler',
      1,
      net('216.244', 66, 66),
      compatible('DotBot/1.2; +https://opensiteexplorer.org/dotbot; help@moz.com'),
    ),
    ...bot(
      'crawler',
      1,
      net('114.119', 128, 159),
      compatible('PetalBot;+https://webmaster.petalsearch.com/site/petalbot'),
    ),
    ...bot(
      'crawler',
      2,
      net('20.171', 206, 207),
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)',
    ),
    ...bot(
      'crawler',
      1.5,
      net('34.162', 0, 255),
      'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)',
    ),
    ...bot('crawler', 1, net('18.97', 0, 255), 'CCBot/2.0 (https://commoncrawl.org/faq/)'),
    ...bot(
      'crawler',
      1.5,
      net('47.128', 0, 127),
      'Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)',
    ),
    ...bot(
      'crawler',
      1,
      net('54.166', 0, 255),
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.6045.214 Safari/537.36 Amazonbot/0.1',
    ),
    ...bot(
      'crawler',
      0.5,
      net('77.75', 76, 79),
      compatible('SeznamBot/4.0; +https://o-seznam.cz/napoveda/vyhledavani/en/seznambot-crawler/'),
    ),
    ...bot(
      'preview',
      2,
      net('69.171', 224, 255),
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
      'Twitterbot/1.0',
      'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
      'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
      'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)',
      'WhatsApp/2.23.20.0',
      'TelegramBot (like TwitterBot)',
      'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers; like FeedFetcher-Google)',
    ),
    ...bot(
      'monitor',
      1,
      anywhere,
      'Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)',
      'Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)',
    ),
    ...bot(
      'scanner',
      4,
      anywhere,
      'curl/8.5.0',
      'curl/7.88.1',
      'python-requests/2.31.0',
      'python-requests/2.32.3',
      'Go-http-client/1.1',
      'Wget/1.21.4',
      'Mozilla/5.0 zgrab/0.x',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/78.0.3904.108 Safari/537.36',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36',
      'Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)',
      'Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day',
      'masscan/1.3 (https://github.com/robertdavidgraham/masscan)',
    ),
  ];
}

const RESERVED_FIRST_OCTETS = new Set([0, 10, 100, 127, 169, 172, 192, 198, 203]);

/** Standard normal (Box–Muller). */
function normal(r: Random): number {
  return Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
}

function randomIpv4(r: Random): string {
  let a = r.int(2, 223);
  while (RESERVED_FIRST_OCTETS.has(a)) a = r.int(2, 223);
  return `${a}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`;
}

function randomIpv6(r: Random): string {
  const group = () => Math.floor(r.next() * 65536).toString(16);
  return `${r.pick(IPV6_PREFIXES)}:${group()}:${group()}:${group()}:${group()}:${group()}:${group()}`;
}

// ---------------------------------------------------------------------------------------------------
// Traffic: visitors, sessions, page views.

interface Visitor {
  ip: string;
  readonly ua: string;
  readonly proto: string;
  readonly bot: Bot | null;
  readonly ipv6: boolean;
  /** Sends no referrer at all (privacy settings, some apps). */
  readonly noReferrer: boolean;
  /** Logged in: its pages call an API with its access token in the query string. */
  readonly token: string | null;
  /** Some visitors carry a tracking session id (32 hex digits) in a beacon's query string. */
  readonly sid: string | null;
  /** Has the core assets cached (from an earlier session). */
  cached: boolean;
}

interface Hit {
  readonly request: string;
  readonly status: number;
  readonly bytes: number;
  readonly referrer: string;
  /** Seconds after the previous hit of its session. */
  readonly delay: number;
}

interface Session {
  readonly visitor: Visitor;
  due: number;
  queue: Hit[];
  next: number;
  pagesLeft: number;
  /** The last page's target and kind (for the next referrer and navigation). */
  lastTarget: string;
  lastKind: Page['kind'] | 'cart' | 'checkout' | 'search';
  checkout: number;
}

/** A min-heap of sessions by the time their next hit is due. */
class DueHeap {
  private readonly items: Session[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Session | undefined {
    return this.items[0];
  }
  push(s: Session): void {
    const items = this.items;
    let i = items.push(s) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.due <= s.due) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = s;
  }
  pop(): Session {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      let i = 0;
      const n = items.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && items[r]!.due < items[l]!.due ? r : l;
        if (items[c]!.due >= last.due) break;
        items[i] = items[c]!;
        i = c;
      }
      items[i] = last;
    }
    return top;
  }
}

/** Relative traffic by hour of day (UTC; a European audience): quiet nights, a lunch and an evening peak. */
const HOURLY = [
  0.42, 0.3, 0.22, 0.18, 0.17, 0.22, 0.38, 0.65, 0.95, 1.15, 1.25, 1.32, 1.38, 1.33, 1.28, 1.27, 1.32, 1.42,
  1.58, 1.72, 1.75, 1.55, 1.12, 0.7,
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Lines per minute of one day: the hourly curve, interpolated, with noise; exactly `lines` in all. */
function minuteCounts(r: Random, lines: number): Int32Array {
  const weights = new Float64Array(1440);
  let total = 0;
  for (let m = 0; m < 1440; m++) {
    const h = m / 60 - 0.5;
    const h0 = Math.floor(h);
    const f = h - h0;
    const base = HOURLY[(h0 + 24) % 24]! * (1 - f) + HOURLY[(h0 + 25) % 24]! * f;
    const w = base * Math.exp(0.12 * normal(r));
    weights[m] = w;
    total += w;
  }
  const counts = new Int32Array(1440);
  let assigned = 0;
  const remainders: Array<[number, number]> = [];
  for (let m = 0; m < 1440; m++) {
    const exact = (weights[m]! / total) * lines;
    counts[m] = Math.floor(exact);
    assigned += counts[m]!;
    remainders.push([exact - counts[m]!, m]);
  }
  remainders.sort((a, b) => b[0] - a[0]);
  for (let i = 0; i < lines - assigned; i++) counts[remainders[i % 1440]![1]]!++;
  return counts;
}

/** Random Luhn-valid card number (Visa, Mastercard or Amex). */
function cardNumber(r: Random): string {
  const kind = r.next();
  let digits = kind < 0.55 ? '4' : kind < 0.9 ? `5${r.int(1, 5)}` : `3${r.pick(['4', '7'])}`;
  const length = digits.startsWith('3') ? 15 : 16;
  while (digits.length < length - 1) digits += String(r.int(0, 9));
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits + String((10 - (sum % 10)) % 10);
}

function base64url(r: Random, length: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let s = '';
  for (let i = 0; i < length; i++) s += chars[Math.floor(r.next() * 64)];
  return s;
}

function jwt(r: Random): string {
  const payload = Buffer.from(
    JSON.stringify({ sub: String(r.int(100_000, 9_999_999)), exp: 1_790_000_000 + r.int(0, 9_999_999) }),
  ).toString('base64url');
  return `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${payload}.${base64url(r, 43)}`;
}

function email(r: Random, encoded: boolean): string {
  const name = `${r.pick(FIRST)}${r.chance(0.6) ? `.${r.pick(LAST)}` : ''}${r.chance(0.4) ? r.int(1, 99) : ''}`;
  return `${name}${encoded ? '%40' : '@'}${r.pick(EMAIL_DOMAINS)}`;
}

/** Streams the busy site's lines (no newline), in time order within each day. */
export class BusySite {
  private readonly r: Random;
  private readonly site = SITE();
  private readonly host: string;
  private readonly origin: string;
  private readonly heap = new DueHeap();
  private readonly uaCdf: Float64Array;
  private readonly uas: UserAgent[];
  private readonly bots: Bot[];
  private readonly botCdf: Float64Array;
  private today: Visitor[] = [];
  private yesterday: Visitor[] = [];
  /** Visitors of a bot crawler keep their address for a while: a few per bot user agent. */
  private readonly botVisitors = new Map<string, Visitor[]>();

  constructor(private readonly options: BusySiteOptions) {
    this.r = new Random(`busy-site ${options.seed}`);
    this.host = options.host ?? BUSY_SITE_HOST;
    this.origin = `https://${this.host}`;
    this.uas = AGENTS();
    this.uaCdf = cumulative(this.uas.map((u) => u.weight));
    this.bots = BOTS();
    this.botCdf = cumulative(this.bots.map((b) => b.weight));
  }

  *lines(): Generator<string> {
    const { lines, days, startMs } = this.options;
    const r = this.r;
    for (let day = 0; day < days; day++) {
      const dayStart = Math.floor(startMs / 1000) + day * 86_400;
      const perDay = Math.floor(lines / days) + (day < lines % days ? 1 : 0);
      const counts = minuteCounts(r, perDay);
      const date = new Date(dayStart * 1000);
      const prefix = `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:`;
      this.yesterday = this.today;
      this.today = [];
      for (let m = 0; m < 1440; m++) {
        const count = counts[m]!;
        if (count === 0) continue;
        const seconds = new Uint8Array(count);
        for (let i = 0; i < count; i++) seconds[i] = Math.floor(r.next() * 60);
        seconds.sort();
        let last = -1;
        let time = '';
        for (let i = 0; i < count; i++) {
          const s = seconds[i]!;
          if (s !== last) {
            time = `${prefix}${two(Math.floor(m / 60))}:${two(m % 60)}:${two(s)} +0000`;
            last = s;
          }
          yield this.hitAt(dayStart + m * 60 + s, time);
        }
      }
    }
  }

  private hitAt(t: number, time: string): string {
    const top = this.heap.peek();
    const session = top !== undefined && top.due <= t ? this.heap.pop() : this.startSession(t);
    const hit = session.queue[session.next++]!;
    const v = session.visitor;
    const line = `${v.ip} - - [${time}] "${hit.request}" ${hit.status} ${hit.bytes} "${hit.referrer}" "${v.ua}"`;
    if (session.next < session.queue.length) {
      session.due = t + session.queue[session.next]!.delay;
      this.heap.push(session);
    } else if (session.pagesLeft > 0) {
      session.pagesLeft--;
      session.queue = v.bot ? this.botPage(session) : this.pageView(session, false);
      session.next = 0;
      session.due = t + (v.bot ? this.botGap(v.bot) : this.readingTime());
      this.heap.push(session);
    }
    return line;
  }

  private readingTime(): number {
    return Math.min(1200, Math.round(Math.exp(Math.log(28) + 0.9 * normal(this.r))));
  }

  private botGap(bot: Bot): number {
    if (bot.kind === 'scanner') return this.r.chance(0.7) ? 0 : 1;
    return Math.round(this.r.exponential(bot.kind === 'crawler' ? 9 : 3));
  }

  // --- visitors ----------------------------------------------------------------------------------

  private newHuman(): Visitor {
    const r = this.r;
    const ipv6 = r.chance(0.08);
    let ip = ipv6 ? randomIpv6(r) : randomIpv4(r);
    // Households, offices and carrier NAT: a few visitors share an address with another one.
    if (!ipv6 && this.today.length > 100 && r.chance(0.04)) {
      const other = this.today[Math.floor(r.next() * this.today.length)]!;
      if (!other.ipv6) ip = other.ip;
    }
    const ua = this.uas[pickIndex(this.uaCdf, r.next())]!.ua;
    const visitor: Visitor = {
      ip,
      ua,
      proto: r.chance(0.78) ? 'HTTP/2.0' : 'HTTP/1.1',
      bot: null,
      ipv6,
      noReferrer: r.chance(0.23),
      token: r.chance(0.17) ? jwt(r) : null,
      sid: r.chance(0.09) ? r.hex(32) : null,
      cached: r.chance(0.5),
    };
    this.today.push(visitor);
    return visitor;
  }

  private human(): Visitor {
    const r = this.r;
    const x = r.next();
    if (x < 0.08 && this.today.length > 0) return this.today[Math.floor(r.next() * this.today.length)]!;
    if (x < 0.18 && this.yesterday.length > 0) {
      const back = this.yesterday[Math.floor(r.next() * this.yesterday.length)]!;
      // IPv6 privacy addresses change daily: the same browser comes back from a new address.
      const visitor: Visitor = { ...back, ip: back.ipv6 ? randomIpv6(r) : back.ip, cached: true };
      this.today.push(visitor);
      return visitor;
    }
    return this.newHuman();
  }

  private botVisitor(): Visitor {
    const r = this.r;
    const bot = this.bots[pickIndex(this.botCdf, r.next())]!;
    let known = this.botVisitors.get(bot.ua);
    if (!known) {
      known = [];
      this.botVisitors.set(bot.ua, known);
    }
    if (known.length > 0 && bot.kind !== 'scanner' && r.chance(0.6)) return r.pick(known);
    const visitor: Visitor = {
      ip: bot.ip(r),
      ua: bot.ua,
      proto: 'HTTP/1.1',
      bot,
      ipv6: false,
      noReferrer: true,
      token: null,
      sid: null,
      cached: true,
    };
    if (known.length < 8) known.push(visitor);
    return visitor;
  }

  // --- sessions and page views -----------------------------------------------------------------

  private startSession(t: number): Session {
    const r = this.r;
    const isBot = r.chance(0.03);
    const visitor = isBot ? this.botVisitor() : this.human();
    const session: Session = {
      visitor,
      due: t,
      queue: [],
      next: 0,
      pagesLeft: 0,
      lastTarget: '',
      lastKind: 'home',
      checkout: 0,
    };
    if (visitor.bot) {
      const kind = visitor.bot.kind;
      session.pagesLeft =
        kind === 'crawler'
          ? Math.round(r.exponential(30))
          : kind === 'scanner'
            ? r.int(4, 40)
            : kind === 'monitor'
              ? 0
              : r.int(0, 2);
      session.queue = this.botPage(session);
    } else {
      session.pagesLeft = r.chance(0.55) ? 0 : 1 + Math.round(r.exponential(2));
      session.queue = this.pageView(session, true);
    }
    return session;
  }

  private request(method: string, target: string, v: Visitor): string {
    return `${method} ${target} ${v.proto}`;
  }

  /** The referrer of a landing page, and the query string it arrives with. */
  private landing(v: Visitor): { referrer: string; query: string } {
    const r = this.r;
    const x = r.next();
    if (x < 0.1) {
      // From a newsletter: no referrer (mail clients), campaign parameters, often the address itself.
      const campaign = r.pick(CAMPAIGNS);
      const y = r.next();
      const pii =
        y < 0.4 ? `&email=${email(r, r.chance(0.7))}` : y < 0.6 ? `&utm_content=${email(r, true)}` : '';
      return {
        referrer: '-',
        query: `?utm_source=newsletter&utm_medium=email&utm_campaign=${campaign}${pii}`,
      };
    }
    if (x < 0.15) {
      return {
        referrer: 'https://www.google.com/',
        query: `?utm_source=google&utm_medium=cpc&utm_campaign=${r.pick(CAMPAIGNS)}&gclid=Cj0KCQiA${base64url(r, 60)}`,
      };
    }
    if (v.noReferrer || x < 0.35) return { referrer: '-', query: '' };
    if (x < 0.74) return { referrer: weightedPick(r, SEARCH_ENGINES), query: '' };
    if (x < 0.87) {
      return {
        referrer: weightedPick(r, SOCIAL),
        query: r.chance(0.3) ? `?fbclid=IwAR${base64url(r, 56)}` : '',
      };
    }
    return { referrer: this.site.otherSites[pickIndex(this.site.otherCdf, r.next())]!, query: '' };
  }

  /** Which page comes next, from where the visitor is. */
  private nextPage(
    session: Session,
    first: boolean,
  ): { page: Page | null; target: string; kind: Session['lastKind'] } {
    const r = this.r;
    const site = this.site;
    const from = session.lastKind;
    if (!first && session.checkout > 0) {
      const steps = ['/cart', '/checkout/shipping', '/checkout/payment', '/checkout/confirm'];
      if (session.checkout < steps.length && r.chance(0.75)) {
        const target = steps[session.checkout++]!;
        return { page: null, target, kind: 'checkout' };
      }
      session.checkout = 0;
    }
    const x = r.next();
    if (!first && (from === 'product' || from === 'category') && x < 0.07) {
      session.checkout = 1;
      return { page: null, target: '/cart', kind: 'cart' };
    }
    if (x < 0.1) {
      const term = r.pick(site.searchTerms);
      return {
        page: null,
        target: `/search?q=${term}${r.chance(0.2) ? `&page=${r.int(2, 4)}` : ''}`,
        kind: 'search',
      };
    }
    if (first && x < 0.3) return { page: site.pages[0]!, target: '/', kind: 'home' };
    let page: Page;
    if (from === 'home' || from === 'search' || (from === 'category' && x < 0.8)) {
      page =
        x < 0.35 && from === 'home'
          ? r.pick(site.categories)
          : site.products[pickIndex(site.productCdf, r.next())]!;
    } else if (from === 'blog' && x < 0.6) {
      page = site.blogPosts[pickIndex(site.blogCdf, r.next())]!;
    } else {
      page = site.pages[pickIndex(site.pageCdf, r.next())]!;
    }
    let target = page.path;
    if (page.kind === 'category') {
      const y = r.next();
      if (y < 0.2) target += `?page=${r.int(2, 6)}`;
      else if (y < 0.3) target += `?sort=${r.pick(['price_asc', 'price_desc', 'newest', 'popular'])}`;
    } else if (page.kind === 'product' && r.chance(0.06)) {
      target += `?color=${r.pick(COLORS)}&size=${r.pick(['xs', 's', 'm', 'l', 'xl'])}`;
    }
    return { page, target, kind: page.kind };
  }

  private pageView(session: Session, first: boolean): Hit[] {
    const r = this.r;
    const v = session.visitor;
    const hits: Hit[] = [];
    let referrer: string;
    let query = '';
    if (first) ({ referrer, query } = this.landing(v));
    else referrer = v.noReferrer || r.chance(0.03) ? '-' : `${this.origin}${session.lastTarget}`;
    const next = this.nextPage(session, first);
    let target = next.target + (query && !next.target.includes('?') ? query : '');
    let status = 200;
    let bytes = next.page?.bytes ?? r.int(9_000, 30_000);
    const x = r.next();
    if (x < 0.012) {
      // A stale link: 301 from the old address, then the page.
      hits.push({
        request: this.request('GET', r.pick(this.site.legacy), v),
        status: 301,
        bytes: 162,
        referrer,
        delay: 0,
      });
    } else if (x < 0.027) {
      target = r.pick(this.site.gone);
      status = 404;
      bytes = r.int(4_000, 6_000);
    } else if (x < 0.03) {
      status = r.pick([500, 502, 503, 504]);
      bytes = r.int(150, 600);
    } else if (x < 0.06 && v.cached) {
      status = 304;
      bytes = 0;
    } else if (next.kind === 'checkout' && target === '/checkout/payment' && r.chance(0.3)) {
      // A payment form posted, and its provider's callback with the card number in the query string.
      hits.push({
        request: this.request('POST', '/checkout/payment', v),
        status: 302,
        bytes: 0,
        referrer,
        delay: 0,
      });
      target = `/checkout/payment/callback?card=${cardNumber(r)}&exp=${two(r.int(1, 12))}%2F${r.int(26, 31)}&status=ok`;
    }
    if (!first && (target === '/account/orders' || target === '/wishlist') && !v.token) {
      hits.push({ request: this.request('GET', target, v), status: 302, bytes: 0, referrer, delay: 0 });
      target = `/login?next=${encodeURIComponent(target)}`;
      bytes = 18_000;
    } else if (target === '/newsletter' && r.chance(0.5)) {
      target = `/newsletter/confirm?email=${email(r, r.chance(0.5))}&token=${r.hex(32)}`;
    } else if (target === '/signup' && r.chance(0.3)) {
      target = `/account/reset-password?token=${r.chance(0.5) ? jwt(r) : r.hex(64)}`;
    }
    hits.push({
      request: this.request('GET', target, v),
      status,
      bytes,
      referrer,
      delay: hits.length > 0 ? 0 : 0,
    });
    session.lastTarget = target;
    session.lastKind = next.kind;
    if (status >= 500 || status === 404) return hits;
    const pageUrl = `${this.origin}${target}`;
    const assetReferrer = v.noReferrer ? '-' : pageUrl;
    // What the browser asks for with the page: the core assets when it has none cached, revalidated
    // now and then when it has, the page's image, the section's script, the API calls.
    if (!v.cached) {
      for (const [path, size] of CORE_ASSETS) this.asset(hits, v, path, size, true, assetReferrer);
      for (const [path, size] of EXTRA_ASSETS)
        if (r.chance(0.06)) this.asset(hits, v, path, size, true, assetReferrer);
      v.cached = true;
    } else if (first && r.chance(0.25)) {
      this.asset(hits, v, CORE_ASSETS[0]![0], CORE_ASSETS[0]![1], false, assetReferrer);
      this.asset(hits, v, CORE_ASSETS[1]![0], CORE_ASSETS[1]![1], r.chance(0.1), assetReferrer);
    }
    if (first && r.chance(0.01)) {
      hits.push({
        request: this.request('GET', '/apple-touch-icon-precomposed.png', v),
        status: 404,
        bytes: 555,
        referrer: '-',
        delay: 1,
      });
    }
    const image = next.page?.image;
    if (image && r.chance(0.3)) this.asset(hits, v, image.path, image.bytes, r.chance(0.6), assetReferrer);
    const chunk = SECTION_CHUNKS[next.kind === 'cart' ? 'checkout' : next.kind];
    if (chunk && r.chance(0.12)) this.asset(hits, v, chunk[0], chunk[1], r.chance(0.5), assetReferrer);
    if (v.token) {
      hits.push({
        request: this.request('GET', `/api/notifications?access_token=${v.token}`, v),
        status: 200,
        bytes: r.int(80, 900),
        referrer: assetReferrer,
        delay: r.int(1, 3),
      });
    }
    if (next.kind === 'product' && r.chance(0.15)) {
      hits.push({
        request: this.request('GET', `/api/stock?sku=${r.int(10_000, 99_999)}`, v),
        status: 200,
        bytes: r.int(60, 200),
        referrer: assetReferrer,
        delay: 1,
      });
    }
    if (next.kind === 'cart') {
      hits.push({
        request: this.request('POST', '/api/cart', v),
        status: r.chance(0.95) ? 201 : 400,
        bytes: r.int(200, 1_500),
        referrer: assetReferrer,
        delay: 0,
      });
    }
    if (v.sid) {
      hits.push({
        request: this.request('GET', `/api/track?sid=${v.sid}&e=pageview`, v),
        status: 204,
        bytes: 0,
        referrer: assetReferrer,
        delay: r.int(0, 2),
      });
    } else if (r.chance(0.04)) {
      hits.push({
        request: this.request('POST', '/api/events', v),
        status: 204,
        bytes: 0,
        referrer: assetReferrer,
        delay: r.int(2, 20),
      });
    }
    return hits;
  }

  /** An asset the browser asks for with a page: fetched (200) or revalidated (304). */
  private asset(hits: Hit[], v: Visitor, path: string, size: number, fresh: boolean, referrer: string): void {
    hits.push({
      request: this.request('GET', path, v),
      status: fresh ? 200 : 304,
      bytes: fresh ? size : 0,
      // Fonts are asked for by the style sheet.
      referrer:
        path.endsWith('.woff2') && referrer !== '-' ? `${this.origin}${CORE_ASSETS[0]![0]}` : referrer,
      delay: this.r.chance(0.6) ? 0 : 1,
    });
  }

  private botPage(session: Session): Hit[] {
    const r = this.r;
    const v = session.visitor;
    const bot = v.bot!;
    const site = this.site;
    const get = (target: string, status: number, bytes: number, method = 'GET'): Hit[] => [
      {
        request: `${method} ${target} HTTP/1.1`,
        status,
        bytes,
        referrer: r.chance(0.97) ? '-' : `${this.origin}/`,
        delay: 0,
      },
    ];
    if (bot.kind === 'scanner') {
      const x = r.next();
      if (x < 0.15) return get('/', 200, 74_512, r.chance(0.3) ? 'HEAD' : 'GET');
      return get(r.pick(site.probes), x < 0.2 ? 403 : 404, r.int(150, 600), r.chance(0.1) ? 'POST' : 'GET');
    }
    if (bot.kind === 'monitor') return get('/', 200, 74_512, r.chance(0.5) ? 'HEAD' : 'GET');
    const x = r.next();
    if (x < 0.03) return get('/robots.txt', 200, 412);
    if (x < 0.05) return get(r.chance(0.7) ? '/sitemap.xml' : '/blog/feed.xml', 200, r.int(40_000, 90_000));
    if (x < 0.09) return get(r.pick(site.gone), 404, r.int(4_000, 6_000));
    if (x < 0.11) return get(r.pick(site.legacy), 301, 162);
    const page = site.pages[pickIndex(site.pageCdf, r.next())]!;
    if (bot.ua.startsWith('Googlebot-Image') && page.image)
      return get(page.image.path, 200, page.image.bytes);
    return get(page.path, x < 0.14 ? 304 : 200, x < 0.14 ? 0 : page.bytes);
  }
}

function weightedPick(r: Random, items: ReadonlyArray<readonly [string, number]>): string {
  return r.weighted(items);
}

// The catalog, user agents and bots are the same for every seed: built once per process.
let site: Site | null = null;
const SITE = () => {
  site ??= new Site();
  return site;
};
let agents: UserAgent[] | null = null;
const AGENTS = () => {
  agents ??= browserAgents();
  return agents;
};
let botList: Bot[] | null = null;
const BOTS = () => {
  botList ??= bots();
  return botList;
};

// ---------------------------------------------------------------------------------------------------
// The shape of a combined log, measured from its lines.

const BOT_UA =
  /bot|crawl|spider|slurp|curl|wget|python|go-http|zgrab|masscan|censys|expanse|facebookexternalhit|uptime|pingdom|feedly|whatsapp/i;
const SEARCH_HOST = /(^|\.)(google|bing|duckduckgo|yahoo|ecosia|yandex|baidu|brave)\./;
const SOCIAL_HOST =
  /(^|\.)(t\.co|facebook\.com|instagram\.com|reddit\.com|linkedin\.com|pinterest\.com|youtube\.com|ycombinator\.com|tiktok\.com)$|^com\.google\.android\.gm$/;
const EMAIL_IN_QUERY = /(?:@|%40)[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const JWT_IN_QUERY = /eyJ[\w-]{4,}\.[\w-]{2,}\.[\w-]+/;
const HEX_IN_QUERY = /(?:^|[^0-9a-fA-F])[0-9a-fA-F]{32,}(?![0-9a-fA-F])/;
const DIGITS_IN_QUERY = /\d{13,19}/g;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export interface LogShapeStats {
  readonly lines: number;
  /** Bytes with the newlines. */
  readonly bytes: number;
  readonly days: ReadonlyArray<{ day: string; lines: number; visitors: number; ipv6Visitors: number }>;
  readonly visitorDays: number;
  readonly ipv6VisitorDays: number;
  readonly ipv6Lines: number;
  readonly distinctPaths: number;
  readonly distinctTargets: number;
  readonly distinctUserAgents: number;
  readonly botUserAgents: number;
  readonly botLines: number;
  readonly pii: { lines: number; email: number; jwt: number; hex: number; card: number };
  readonly referrers: { empty: number; internal: number; search: number; social: number; other: number };
  readonly statuses: Record<string, number>;
  readonly staticLines: number;
  readonly queryLines: number;
  /** Lines whose time is earlier than the line before within the same day. */
  readonly outOfOrder: number;
  /** Lines per hour of day over the whole log. */
  readonly hourly: readonly number[];
}

const STATIC_PATH = /\.(css|js|woff2?|ttf|svg|png|jpe?g|gif|webp|ico|webmanifest|map)$/i;

/** Measures the shape of a combined log line by line (visitors are an address and a user agent). */
export class LogShape {
  private lines = 0;
  private bytes = 0;
  private readonly dayStats = new Map<string, { lines: number; visitors: Set<string>; ipv6: number }>();
  private ipv6Lines = 0;
  private readonly paths = new Set<string>();
  private readonly targets = new Set<string>();
  private readonly uaIds = new Map<string, number>();
  private readonly uaIsBot: boolean[] = [];
  private readonly referrerKinds = new Map<string, keyof LogShape['referrers']>();
  private botLines = 0;
  private readonly pii = { lines: 0, email: 0, jwt: 0, hex: 0, card: 0 };
  private readonly referrers = { empty: 0, internal: 0, search: 0, social: 0, other: 0 };
  private readonly statuses: Record<string, number> = {};
  private staticLines = 0;
  private queryLines = 0;
  private outOfOrder = 0;
  private lastDay = '';
  private lastClock = '';
  private readonly hourly = new Array<number>(24).fill(0);
  private readonly internalHost: string;

  constructor(host = BUSY_SITE_HOST) {
    this.internalHost = host.replace(/^www\./, '').toLowerCase();
  }

  add(line: string): void {
    this.lines++;
    this.bytes += Buffer.byteLength(line) + 1;
    const space = line.indexOf(' ');
    const open = line.indexOf('[', space);
    const close = line.indexOf(']', open);
    if (space < 0 || open < 0 || close < 0) return;
    const ip = line.slice(0, space);
    const day = line.slice(open + 1, open + 12);
    const clock = line.slice(open + 13, open + 21);
    const uaEnd = line.length - 1;
    const uaStart = line.lastIndexOf('"', uaEnd - 1) + 1;
    const refEnd = line.lastIndexOf('"', uaStart - 2);
    const refStart = line.lastIndexOf('"', refEnd - 1) + 1;
    const reqStart = line.indexOf('"', close) + 1;
    const reqEnd = line.lastIndexOf('"', refStart - 2);
    const ua = line.slice(uaStart, uaEnd);
    const referrer = line.slice(refStart, refEnd);
    const request = line.slice(reqStart, reqEnd);
    const statusText = line.slice(reqEnd + 2, line.indexOf(' ', reqEnd + 2));

    let uaId = this.uaIds.get(ua);
    if (uaId === undefined) {
      uaId = this.uaIds.size;
      this.uaIds.set(ua, uaId);
      this.uaIsBot.push(BOT_UA.test(ua));
    }
    const v6 = ip.includes(':');
    if (v6) this.ipv6Lines++;
    let d = this.dayStats.get(day);
    if (!d) {
      d = { lines: 0, visitors: new Set(), ipv6: 0 };
      this.dayStats.set(day, d);
    }
    d.lines++;
    const key = `${ip} ${uaId}`;
    if (!d.visitors.has(key)) {
      d.visitors.add(key);
      if (v6) d.ipv6++;
    }
    if (day === this.lastDay && clock < this.lastClock) this.outOfOrder++;
    this.lastDay = day;
    this.lastClock = clock;
    const hour = Number(clock.slice(0, 2));
    if (hour >= 0 && hour < 24) this.hourly[hour]!++;

    if (this.uaIsBot[uaId]) this.botLines++;
    this.statuses[statusText] = (this.statuses[statusText] ?? 0) + 1;

    const sp1 = request.indexOf(' ');
    const sp2 = request.lastIndexOf(' ');
    const target = sp1 >= 0 && sp2 > sp1 ? request.slice(sp1 + 1, sp2) : request;
    const q = target.indexOf('?');
    const path = q >= 0 ? target.slice(0, q) : target;
    this.paths.add(path);
    if (this.targets.size < 2_000_000) this.targets.add(target);
    if (STATIC_PATH.test(path)) this.staticLines++;
    if (q >= 0) {
      this.queryLines++;
      const query = target.slice(q + 1);
      const mail = EMAIL_IN_QUERY.test(query);
      const token = JWT_IN_QUERY.test(query);
      const hex = HEX_IN_QUERY.test(query);
      let card = false;
      for (const m of query.matchAll(DIGITS_IN_QUERY)) if (luhn(m[0])) card = true;
      if (mail) this.pii.email++;
      if (token) this.pii.jwt++;
      if (hex) this.pii.hex++;
      if (card) this.pii.card++;
      if (mail || token || hex || card) this.pii.lines++;
    }

    if (referrer === '-' || referrer === '') this.referrers.empty++;
    else {
      let kind = this.referrerKinds.get(referrer);
      if (kind === undefined) {
        kind = this.referrerKind(referrer);
        if (this.referrerKinds.size < 200_000) this.referrerKinds.set(referrer, kind);
      }
      this.referrers[kind]++;
    }
  }

  private referrerKind(referrer: string): keyof LogShape['referrers'] {
    const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(referrer);
    const host = (m?.[1] ?? '').toLowerCase();
    if (host.replace(/^www\./, '') === this.internalHost) return 'internal';
    if (SEARCH_HOST.test(host)) return 'search';
    if (SOCIAL_HOST.test(host)) return 'social';
    return 'other';
  }

  result(): LogShapeStats {
    const days = [...this.dayStats].map(([day, d]) => ({
      day,
      lines: d.lines,
      visitors: d.visitors.size,
      ipv6Visitors: d.ipv6,
    }));
    let botUserAgents = 0;
    for (const ua of this.uaIds.keys()) if (BOT_UA.test(ua)) botUserAgents++;
    return {
      lines: this.lines,
      bytes: this.bytes,
      days,
      visitorDays: days.reduce((n, d) => n + d.visitors, 0),
      ipv6VisitorDays: days.reduce((n, d) => n + d.ipv6Visitors, 0),
      ipv6Lines: this.ipv6Lines,
      distinctPaths: this.paths.size,
      distinctTargets: this.targets.size,
      distinctUserAgents: this.uaIds.size,
      botUserAgents,
      botLines: this.botLines,
      pii: { ...this.pii },
      referrers: { ...this.referrers },
      statuses: { ...this.statuses },
      staticLines: this.staticLines,
      queryLines: this.queryLines,
      outOfOrder: this.outOfOrder,
      hourly: [...this.hourly],
    };
  }
}

const pct = (n: number, of: number) => `${of === 0 ? '0.0' : ((100 * n) / of).toFixed(1)} %`;
const int = (n: number) => Math.round(n).toLocaleString('en');

/** The shape as text; with `targets`, each measure is followed by the issue's target for the busy site. */
export function formatShape(s: LogShapeStats, options: { targets?: boolean; indent?: string } = {}): string {
  const t = (text: string) => (options.targets ? ` (issue: ${text})` : '');
  const i = options.indent ?? '  ';
  const perDay = s.days.map((d) => int(d.lines));
  const visitorsPerDay = s.days.map((d) => int(d.visitors));
  const status = (test: (code: number) => boolean) =>
    Object.entries(s.statuses).reduce((n, [code, c]) => n + (test(Number(code)) ? c : 0), 0);
  const hourMean = s.lines / 24;
  const busiest = Math.max(...s.hourly) / hourMean;
  const quietest = Math.min(...s.hourly) / hourMean;
  const r = s.referrers;
  const list = (xs: string[]) =>
    xs.length > 6 ? `${xs.slice(0, 3).join(', ')}, …, ${xs.slice(-2).join(', ')}` : xs.join(', ');
  return [
    `${i}${int(s.lines)} lines over ${s.days.length} day(s) (${list(perDay)} per day), average line ${(s.bytes / Math.max(1, s.lines)).toFixed(1)} bytes with its newline${t('~267')}`,
    `${i}visitors (address + user agent): ${list(visitorsPerDay)} per day, ${int(s.visitorDays)} visitor-days${t('~70,000 per day, ~140k visitor-days for 1M lines')}`,
    `${i}IPv6: ${pct(s.ipv6VisitorDays, s.visitorDays)} of visitor-days, ${pct(s.ipv6Lines, s.lines)} of lines${t('8 % of clients')}`,
    `${i}distinct URIs: ${int(s.distinctPaths)} paths${t('~2,000')}, ${int(s.distinctTargets)} with their query strings; ${pct(s.queryLines, s.lines)} of lines with a query string, ${pct(s.staticLines, s.lines)} static assets`,
    `${i}distinct user agents: ${int(s.distinctUserAgents)}${t('~330')}, ${int(s.botUserAgents)} of them bots or tools (${pct(s.botLines, s.lines)} of lines)`,
    `${i}personal data in the query string: ${pct(s.pii.lines, s.lines)} of lines${t('10 %')} (e-mail ${pct(s.pii.email, s.lines)}, JWT ${pct(s.pii.jwt, s.lines)}, long hex ${pct(s.pii.hex, s.lines)}, card ${pct(s.pii.card, s.lines)})`,
    `${i}referrers: empty ${pct(r.empty, s.lines)}${t('37 %')}, internal ${pct(r.internal, s.lines)}, search ${pct(r.search, s.lines)}, social ${pct(r.social, s.lines)}, other sites ${pct(r.other, s.lines)}`,
    `${i}statuses: 200 ${pct(
      status((c) => c === 200),
      s.lines,
    )}, other 2xx ${pct(
      status((c) => c > 200 && c < 300),
      s.lines,
    )}, 304 ${pct(
      status((c) => c === 304),
      s.lines,
    )}, 301/302 ${pct(
      status((c) => c === 301 || c === 302),
      s.lines,
    )}, 404 ${pct(
      status((c) => c === 404),
      s.lines,
    )}, other 4xx ${pct(
      status((c) => c >= 400 && c < 500 && c !== 404),
      s.lines,
    )}, 5xx ${pct(
      status((c) => c >= 500),
      s.lines,
    )}`,
    `${i}times: ${s.outOfOrder === 0 ? 'in order within each day' : `${int(s.outOfOrder)} lines earlier than the line before them within a day`}; busiest hour ${busiest.toFixed(2)}× the mean hour, quietest ${quietest.toFixed(2)}×`,
  ].join('\n');
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Writes the busy site's log to `output` (gzip, level 6 like `gzip`'s default and the project's own
 * generator) through a temporary file, and returns its shape.
 */
export async function writeBusySite(
  options: BusySiteOptions & { output: string; level?: number },
): Promise<LogShapeStats> {
  const tmp = `${options.output}.tmp-${process.pid}`;
  const shape = new LogShape(options.host ?? BUSY_SITE_HOST);
  const file = createWriteStream(tmp);
  const gzip = createGzip({ level: options.level ?? 6 });
  gzip.pipe(file);
  try {
    let buffer = '';
    for (const line of new BusySite(options).lines()) {
      shape.add(line);
      buffer += `${line}\n`;
      if (buffer.length >= 1 << 16) {
        await write(gzip, buffer);
        buffer = '';
      }
    }
    if (buffer) await write(gzip, buffer);
    gzip.end();
    await once(file, 'close');
    await rename(tmp, options.output);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return shape.result();
}

/** The shape of an existing combined log file (plain or gzip). */
export async function shapeOfFile(file: string, host = BUSY_SITE_HOST): Promise<LogShapeStats> {
  const shape = new LogShape(host);
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) shape.add(line);
  return shape.result();
}

async function cli(args: string[]): Promise<void> {
  const value = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length && !args[i + 1]!.startsWith('--') ? args[i + 1] : undefined;
  };
  const host = value('--host') ?? BUSY_SITE_HOST;
  const checkFile = value('--check');
  if (checkFile) {
    process.stdout.write(`${checkFile}:\n${formatShape(await shapeOfFile(checkFile, host))}\n`);
    return;
  }
  const options: BusySiteOptions = {
    lines: Number(value('--lines') ?? 1_000_000),
    days: Number(value('--days') ?? 2),
    seed: value('--seed') ?? '1',
    startMs: Date.parse(value('--start') ?? '2026-11-02T00:00:00Z'),
    host,
  };
  const output = value('-o') ?? value('--out');
  const started = performance.now();
  let stats: LogShapeStats;
  if (output) {
    stats = await writeBusySite({ ...options, output: resolve(output) });
  } else if (args.includes('--check')) {
    const shape = new LogShape(host);
    for (const line of new BusySite(options).lines()) shape.add(line);
    stats = shape.result();
  } else {
    process.stderr.write(
      'usage: tsx test/bench/busy-site.ts [--lines N] [--days D] [--seed S] (-o FILE.log.gz | --check) | --check FILE\n',
    );
    process.exit(2);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `busy site, seed ${options.seed}, ${int(options.lines)} lines over ${options.days} days${output ? ` → ${output}` : ''} (${seconds.toFixed(1)} s):\n${formatShape(stats, { targets: true })}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await cli(process.argv.slice(2));
}
