/**
 * User agent reduction (docs/privacy.md): the raw string is replaced by browser family, major version,
 * OS family, device type and, for bots, a bot name. Names come from ua-parser-js 1.x (MIT) and isbot,
 * and are checked so that no fragment of a hostile user agent (an address, a token) is copied out.
 */
import { getPattern, isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';
import { detach, detachValue } from './detach.ts';
import { detectPii } from './detectors/index.ts';
import { looksRandom } from './detectors/token.ts';

/** `other`: a device type ua-parser-js knows that is none of the others (console, TV, wearable, XR, embedded). */
export type Device = 'desktop' | 'mobile' | 'tablet' | 'bot' | 'other' | typeof UNKNOWN;

export interface UserAgentInfo {
  readonly browser: string;
  readonly browserVersion: string | null;
  readonly os: string;
  readonly device: Device;
  readonly isBot: boolean;
  readonly botName: string | null;
}

/**
 * Browser, OS or device the user agent does not tell (as `country` when not found): never `Other` or
 * `other`, which a table would show beside the k-anonymity fold row `(other)`.
 */
export const UNKNOWN = '(unknown)';
/** A recognised bot whose user agent yields no name safe to keep. */
export const UNNAMED_BOT = '(unnamed)';
const NO_AGENT: UserAgentInfo = {
  browser: UNKNOWN,
  browserVersion: null,
  os: UNKNOWN,
  device: UNKNOWN,
  isBot: false,
  botName: null,
};

const DESKTOP_OS = new Set([
  'windows',
  'mac os',
  'macos',
  'linux',
  'ubuntu',
  'debian',
  'fedora',
  'chrome os',
  'chromium os',
  'freebsd',
  'openbsd',
  'netbsd',
  'solaris',
  'mint',
  'arch',
  'gentoo',
  'centos',
  'red hat',
  'suse',
  'opensuse',
  'mandriva',
  'slackware',
  'kubuntu',
  'xubuntu',
  'zenwalk',
  'unix',
]);

// Last resort: tools named anywhere in the user agent when neither a match nor its product token names it.
const KNOWN_TOOLS = [
  'curl',
  'wget',
  'python-requests',
  'python-urllib',
  'python-httpx',
  'aiohttp',
  'go-http-client',
  'java',
  'okhttp',
  'apache-httpclient',
  'axios',
  'node-fetch',
  'undici',
  'libwww-perl',
  'lwp-trivial',
  'scrapy',
  'httpclient',
  'facebookexternalhit',
  'whatsapp',
  'slackbot-linkexpanding',
  'twitterbot',
  'ruby',
  'php',
  'guzzlehttp',
  'zgrab',
  'masscan',
  'nmap',
  'nikto',
  'sqlmap',
  'headlesschrome',
  'phantomjs',
  'feedfetcher-google',
  'mediapartners-google',
  'adsbot-google',
  'googleother',
  'google-inspectiontool',
  'bingpreview',
  'slurp',
  'ia_archiver',
  'dataprovider',
  'censysinspect',
  'expanse',
];

const SAFE_NAME = /^[A-Za-z][A-Za-z0-9 ._!-]{0,39}$/;

/** A name taken from a user agent, or null when it could carry something personal. */
export function safeName(name: string | undefined): string | null {
  if (!name) return null;
  const trimmed = name.trim();
  if (!SAFE_NAME.test(trimmed) || /\d{6}/.test(trimmed) || looksRandom(trimmed)) return null;
  if (detectPii(trimmed) !== null) return null;
  return trimmed;
}

/** Longest bot name kept, and most words: room for `Screaming Frog SEO Spider`, not for a sentence. */
export const MAX_BOT_NAME = 32;
const MAX_BOT_WORDS = 4;

// What a bot library match widens to: a product name is letters, digits, `._-` and spaces; `/` starts
// its version, `(;)` delimit comments, `:@+=` belong to URLs, addresses and ids.
const NAME_CHAR = /[A-Za-z0-9 ._-]/;
// A scheme is short: an unbounded one would make the scan quadratic on a long run of letters.
const URL_SPAN = /[A-Za-z][A-Za-z0-9+.-]{0,15}:\/\/[^\s;()]*/g;
const NAME_WORD = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// Words of every browser user agent, or of the URLs in it: they name no bot.
const GENERIC_WORDS = new Set([
  'mozilla',
  'compatible',
  'http',
  'https',
  'www',
  'com',
  'khtml',
  'like',
  'gecko',
  'applewebkit',
  'safari',
  'windows',
  'linux',
  'x11',
  'u',
]);

/**
 * A word that can be part of a bot name: a product word, never a version (`2.1`, `v3`, `10_14`), a
 * number run that could count or identify something (4+ digits), a host (`example.com`) or a
 * random-looking id.
 */
function isNameWord(word: string): boolean {
  if (!NAME_WORD.test(word) || !/[A-Za-z]/.test(word)) return false;
  if (/\d{4,}|\d[._]\d|\.[A-Za-z]/.test(word) || /^v\d/i.test(word)) return false;
  return !looksRandom(word);
}

/** `-AdsBot.` → `AdsBot`: a word cut out of a token may keep a separator at either end. */
function trimPunctuation(word: string): string {
  const edge = (c: string | undefined) => c === '.' || c === '_' || c === '-';
  let from = 0;
  let to = word.length;
  while (from < to && edge(word[from])) from++;
  while (to > from && edge(word[to - 1])) to--;
  return word.slice(from, to);
}

/** The product name around a bot-library match at `at`: the name words of its token, at most 4 and 32 characters. */
function productNameAt(ua: string, at: number): string | null {
  let start = at;
  while (start > 0 && NAME_CHAR.test(ua[start - 1]!)) start--;
  let end = at;
  while (end < ua.length && NAME_CHAR.test(ua[end]!)) end++;
  const before = ua.slice(start, at).split(' ');
  const after = ua.slice(at, end).split(' ');
  // The word the match starts in, glued back together; then name words on either side of it.
  const matched = trimPunctuation(before.pop()! + after.shift()!);
  if (!isNameWord(matched)) return null;
  const words = [matched];
  for (let i = before.length - 1; i >= 0 && isNameWord(before[i]!) && words.length < MAX_BOT_WORDS; i--) {
    words.unshift(before[i]!);
  }
  for (const word of after) {
    if (!isNameWord(word) || words.length >= MAX_BOT_WORDS) break;
    words.push(word);
  }
  return boundedName(words);
}

/** Words joined while they fit in MAX_BOT_NAME; null when the result is a generic word or could carry PII. */
function boundedName(words: readonly string[]): string | null {
  let name = '';
  for (const word of words) {
    const next = name === '' ? word : `${name} ${word}`;
    if (next.length > MAX_BOT_NAME) break;
    name = next;
  }
  if (name === '' || GENERIC_WORDS.has(name.toLowerCase()) || looksRandom(name)) return null;
  return detectPii(name) === null ? name : null;
}

const ALNUM = /[A-Za-z0-9]/;
/**
 * A real user agent names its bot early: only so many matches in so many characters are tried, so
 * a hostile 64 KiB one costs no more than a normal one.
 */
const MAX_MATCHES = 16;
const NAMING_CHARS = 1024;

/**
 * The name of a recognised bot, from what isbot matched: the product name the leftmost usable match
 * lies in (`Feed` → `UniversalFeedParser`, `RSS` → `Tiny Tiny RSS`, `bot` → `Googlebot`), skipping
 * matches inside URLs and generic words. Else the user agent's own product token or a known tool;
 * else `(unnamed)` — never `(other)`, the k-anonymity fold row.
 */
export function botName(agent: string): string {
  const ua = agent.length > NAMING_CHARS ? agent.slice(0, NAMING_CHARS) : agent;
  const urls = [...ua.matchAll(URL_SPAN)].map((u) => [u.index, u.index + u[0].length] as const);
  // isbot's own compiled pattern (what `isbot` tests) finds the leftmost match; the scan goes on
  // after it, so every match, not only the first, can name the bot. A slice's start counts as `^`:
  // that only adds candidate positions, and every name still passes the same checks.
  const pattern = getPattern();
  let offset = 0;
  for (let tried = 0; tried < MAX_MATCHES && offset < ua.length; tried++) {
    const m = pattern.exec(offset === 0 ? ua : ua.slice(offset));
    if (m === null) break;
    const start = offset + m.index;
    const stop = start + m[0].length;
    offset = Math.max(stop, start + 1);
    // A match may start on a delimiter (`(`, `; `, `@`, ` daum/`): name the word it reaches.
    let at = start;
    while (at < stop && !ALNUM.test(ua[at]!)) at++;
    if (at === stop || urls.some(([from, to]) => at >= from && at < to)) continue;
    const name = productNameAt(ua, at);
    if (name !== null) return name;
  }
  const product = /^\s*([A-Za-z][A-Za-z0-9._ -]*)/.exec(ua)?.[1];
  if (product && !/^mozilla\b/i.test(product)) {
    const name = productNameAt(ua, ua.indexOf(product));
    if (name !== null) return name;
  }
  const lower = ua.toLowerCase();
  for (const tool of KNOWN_TOOLS) if (lower.includes(tool)) return tool;
  return UNNAMED_BOT;
}

function deviceOf(type: string | undefined, os: string, browser: string): Device {
  if (type === 'mobile') return 'mobile';
  if (type === 'tablet') return 'tablet';
  if (type) return 'other';
  if (DESKTOP_OS.has(os.toLowerCase())) return 'desktop';
  return browser === UNKNOWN ? UNKNOWN : 'desktop';
}

export function classifyUserAgent(ua: string | null): UserAgentInfo {
  if (!ua || ua === '-') return NO_AGENT;
  const result = new UAParser(ua).getResult();
  const browser = safeName(result.browser.name) ?? UNKNOWN;
  const major = result.browser.major;
  const browserVersion = browser !== UNKNOWN && major && /^\d{1,6}$/.test(major) ? major : null;
  const os = safeName(result.os.name) ?? UNKNOWN;
  if (isbot(ua)) {
    return { browser, browserVersion, os, device: 'bot', isBot: true, botName: botName(ua) };
  }
  return {
    browser,
    browserVersion,
    os,
    device: deviceOf(result.device.type, os, browser),
    isBot: false,
    botName: null,
  };
}

/** Classification with a bounded cache: real logs repeat a few thousand user agents millions of times. */
export class UserAgentClassifier {
  private readonly cache = new Map<string, UserAgentInfo>();
  /** A visitor's lines come in bursts (a page and its assets): comparing beats hashing 100+ characters. */
  private lastAgent = '';
  private lastInfo = NO_AGENT;

  constructor(private readonly maxEntries = 50_000) {}

  classify(ua: string | null): UserAgentInfo {
    if (!ua) return NO_AGENT;
    if (ua === this.lastAgent) return this.lastInfo;
    let info = this.cache.get(ua);
    if (info === undefined) {
      info = detachValue(classifyUserAgent(ua));
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      this.cache.set(detach(ua), info);
    }
    this.lastAgent = ua;
    this.lastInfo = info;
    return info;
  }
}
