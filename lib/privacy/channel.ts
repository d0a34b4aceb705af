/**
 * Channel, source, medium and campaign of a hit (docs/tables.md), from its referrer and kept query: paid →
 * email → search → social → campaign → referral → direct. A session takes these from its first page
 * view.
 */
import { detach } from './detach.ts';

export type Channel = 'paid' | 'email' | 'search' | 'social' | 'campaign' | 'referral' | 'direct';

export interface TrafficSource {
  readonly channel: Channel;
  readonly source: string;
  readonly medium: string;
  readonly campaign: string;
}

export interface ChannelInput {
  /** External referrer host (lowercase, `www.` stripped); null for none or internal. */
  readonly referrerHost: string | null;
  readonly utmSource: string | null;
  readonly utmMedium: string | null;
  readonly utmCampaign: string | null;
  readonly clickId: boolean;
}

// Engines and networks matched with any subdomain.
const SEARCH_DOMAINS = [
  'duckduckgo.com',
  'baidu.com',
  'ecosia.org',
  'search.brave.com',
  'startpage.com',
  'qwant.com',
  'ask.com',
  'naver.com',
  'seznam.cz',
  'sogou.com',
  'so.com',
  'search.aol.com',
  'kagi.com',
  'yep.com',
  'mojeek.com',
  'daum.net',
  'ya.ru',
];
// Engines matched with any country domain too (google.co.uk, bing.de, yahoo.co.jp, yandex.com.tr).
const SEARCH_BRANDS = ['google', 'bing', 'yahoo', 'yandex'];

const SOCIAL_DOMAINS = [
  'facebook.com',
  'fb.com',
  'fb.me',
  'instagram.com',
  't.co',
  'twitter.com',
  'x.com',
  'linkedin.com',
  'lnkd.in',
  'reddit.com',
  'redd.it',
  'youtube.com',
  'youtu.be',
  'tiktok.com',
  'snapchat.com',
  'tumblr.com',
  'quora.com',
  'threads.net',
  'bsky.app',
  'mastodon.social',
  'vk.com',
  'weibo.com',
  'whatsapp.com',
  't.me',
  'telegram.org',
  'discord.com',
  'news.ycombinator.com',
  'xing.com',
];
const SOCIAL_BRANDS = ['pinterest'];

const COUNTRY_SUFFIX = /^(?:com?\.)?[a-z]{2,3}$|^com$/;

function matchesDomain(host: string, domains: readonly string[]): boolean {
  for (const d of domains) if (host === d || host.endsWith(`.${d}`)) return true;
  return false;
}

/** `google.de`, `www.google.co.uk`, `maps.google.com` → true for brand google. */
function matchesBrand(host: string, brands: readonly string[]): boolean {
  const labels = host.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    if (brands.includes(labels[i]!) && COUNTRY_SUFFIX.test(labels.slice(i + 1).join('.'))) return true;
  }
  return false;
}

export function isSearchEngine(host: string): boolean {
  return matchesBrand(host, SEARCH_BRANDS) || matchesDomain(host, SEARCH_DOMAINS);
}

export function isSocialNetwork(host: string): boolean {
  return matchesBrand(host, SOCIAL_BRANDS) || matchesDomain(host, SOCIAL_DOMAINS);
}

type HostKind = 'search' | 'social' | 'other';
// Referrer hosts repeat endlessly; classify each once (as many as the referrer caches hold).
const hostKinds = new Map<string, HostKind>();

function hostKind(host: string): HostKind {
  let kind = hostKinds.get(host);
  if (kind === undefined) {
    kind = isSearchEngine(host) ? 'search' : isSocialNetwork(host) ? 'social' : 'other';
    if (hostKinds.size >= 50_000) hostKinds.clear();
    hostKinds.set(detach(host), kind);
  }
  return kind;
}

const EMAIL_WORDS = new Set(['email', 'e-mail', 'newsletter']);
const PAID_MEDIA = new Set(['cpc', 'ppc', 'cpm', 'display']);

function isPaidMedium(medium: string): boolean {
  return PAID_MEDIA.has(medium) || medium.startsWith('paid');
}

export function classifyChannel(input: ChannelInput): TrafficSource {
  const utmSource = input.utmSource?.toLowerCase() ?? null;
  const utmMedium = input.utmMedium?.toLowerCase() ?? null;
  const campaign = input.utmCampaign ?? '(none)';
  const host = input.referrerHost;
  const source = utmSource ?? host ?? '(direct)';
  let channel: Channel;
  if (input.clickId || (utmMedium !== null && isPaidMedium(utmMedium))) channel = 'paid';
  else if (
    (utmMedium !== null && EMAIL_WORDS.has(utmMedium)) ||
    (utmSource !== null && EMAIL_WORDS.has(utmSource))
  ) {
    channel = 'email';
  } else if (host !== null && hostKind(host) === 'search') channel = 'search';
  else if ((host !== null && hostKind(host) === 'social') || utmMedium === 'social') channel = 'social';
  else if (utmSource !== null) channel = 'campaign';
  else if (host !== null) channel = 'referral';
  else channel = 'direct';
  const medium = utmMedium ?? defaultMedium(channel, input.clickId);
  return { channel, source, medium, campaign };
}

function defaultMedium(channel: Channel, clickId: boolean): string {
  if (channel === 'paid') return clickId ? 'cpc' : '(none)';
  if (channel === 'search') return 'organic';
  if (channel === 'social') return 'social';
  if (channel === 'referral') return 'referral';
  if (channel === 'email') return 'email';
  return '(none)';
}
