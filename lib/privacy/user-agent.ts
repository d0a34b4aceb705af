/**
 * User agent reduction (docs/privacy.md): the raw string is replaced by browser family, major version,
 * OS family, device type and, for bots, a bot name. Names come from ua-parser-js 1.x (MIT) and isbot,
 * and are checked so that no fragment of a hostile user agent (an address, a token) is copied out.
 */
import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';
import { detach, detachValue } from './detach.ts';
import { detectPii } from './detectors/index.ts';
import { looksRandom } from './detectors/token.ts';

export type Device = 'desktop' | 'mobile' | 'tablet' | 'bot' | 'other';

export interface UserAgentInfo {
  readonly browser: string;
  readonly browserVersion: string | null;
  readonly os: string;
  readonly device: Device;
  readonly isBot: boolean;
  readonly botName: string | null;
}

const UNKNOWN = 'Other';
const NO_AGENT: UserAgentInfo = {
  browser: UNKNOWN,
  browserVersion: null,
  os: UNKNOWN,
  device: 'other',
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

const BOT_KEYWORDS = [
  'bot',
  'crawler',
  'spider',
  'slurp',
  'scraper',
  'fetcher',
  'archiver',
  'checker',
  'monitor',
  'preview',
  'validator',
  'scanner',
];
const WORD = /[A-Za-z][A-Za-z0-9_-]*/g;

/** The first product word with a bot keyword, cut after the keyword: `Googlebot`, `AdsBot` of `AdsBot-Google`. */
function keywordName(ua: string): string | null {
  for (const m of ua.matchAll(WORD)) {
    const word = m[0];
    const lower = word.toLowerCase();
    let best = -1;
    for (const keyword of BOT_KEYWORDS) {
      for (let i = lower.indexOf(keyword); i >= 0; i = lower.indexOf(keyword, i + 1)) {
        const end = i + keyword.length;
        const after = lower.charCodeAt(end);
        if (!(after >= 97 && after <= 122) && (best < 0 || end < best)) best = end;
      }
    }
    if (best > 0 && best <= 48) return word.slice(0, best);
  }
  return null;
}

// Self-declared clients without a bot keyword, named by their product token.
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
  'yahoo! slurp',
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

export function botName(ua: string): string {
  const keyword = keywordName(ua);
  if (keyword) return safeName(keyword) ?? '(other)';
  const product = /^\s*([A-Za-z][A-Za-z0-9._!-]{0,40})/.exec(ua)?.[1]?.toLowerCase();
  if (product && product !== 'mozilla') {
    const tool = KNOWN_TOOLS.find((t) => product === t || product.startsWith(`${t}`));
    if (tool) return tool;
  }
  const lower = ua.toLowerCase();
  for (const tool of KNOWN_TOOLS) if (lower.includes(tool)) return tool;
  return '(other)';
}

function deviceOf(type: string | undefined, os: string, browser: string): Device {
  if (type === 'mobile') return 'mobile';
  if (type === 'tablet') return 'tablet';
  if (type) return 'other';
  if (DESKTOP_OS.has(os.toLowerCase())) return 'desktop';
  return browser === UNKNOWN ? 'other' : 'desktop';
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
