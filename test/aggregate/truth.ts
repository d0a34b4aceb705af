/**
 * Ground truth for generated traffic, computed from the generator's own hits with its own knowledge
 * (which user agents are bots, which referrers are search engines, what each planted path must
 * become) — deliberately sharing no code with lib/aggregate.
 */
import { BOTS } from '../../lib/generate/catalog.ts';
import type { GeneratedHit } from '../../lib/generate/traffic-model.ts';

const DECLARED_BOTS = new Set(BOTS.map(([ua]) => ua));
const STATIC =
  /\.(css|js|mjs|map|png|jpg|jpeg|gif|webp|avif|svg|ico|bmp|woff|woff2|ttf|otf|eot|mp4|webm|mp3|wav|ogg)$/i;
const SEARCH = new Set(['google.com', 'google.co.uk', 'bing.com', 'duckduckgo.com', 'ecosia.org']);
const SOCIAL = new Set(['t.co', 'facebook.com', 'linkedin.com', 'reddit.com']);
const SITE_HOST = 'example.com';

export interface TruthDay {
  hits: number;
  bot_hits: number;
  bytes: number;
  page_views: number;
  visitors: number;
  sessions: number;
  bounces: number;
  session_seconds: number;
  status: Map<number, number>;
  pagesViews: Map<string, number>;
  pagesVisitors: Map<string, number>;
  channelSessions: Map<string, number>;
  channelBounces: Map<string, number>;
  peakRpm: Map<number, number>;
  errors5xx: Map<number, number>;
  /** Bot hits per bot name the truth can tell: `(hosting network)` and `(behaviour)`. */
  hostingBotHits: number;
  countryViews: Map<string, number>;
  countryVisitors: Map<string, number>;
  countrySessions: Map<string, number>;
  countryBounces: Map<string, number>;
}

function lineOf(hit: GeneratedHit): number {
  return (hit as GeneratedHit & { line: number }).line;
}

function declaredBot(hit: GeneratedHit): boolean {
  return DECLARED_BOTS.has(hit.ua) || hit.ua.includes('zgrab');
}

function uaPageView(hit: GeneratedHit): boolean {
  if (declaredBot(hit) || hit.method !== 'GET' || hit.target === null) return false;
  if (!((hit.status >= 200 && hit.status < 300) || hit.status === 304)) return false;
  return !STATIC.test(hit.target.split('?')[0]!);
}

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^www\./, '');
}

function channelOf(hit: GeneratedHit): string {
  const query = new URLSearchParams(hit.target!.split('?')[1] ?? '');
  const host = hit.referrer ? hostOf(hit.referrer) : null;
  const internal = host === SITE_HOST;
  const medium = query.get('utm_medium');
  if (query.has('gclid') || medium === 'cpc') return 'paid';
  if (medium === 'email' || query.get('utm_source') === 'newsletter') return 'email';
  if (host && !internal && SEARCH.has(host)) return 'search';
  if ((host && !internal && SOCIAL.has(host)) || medium === 'social') return 'social';
  if (query.has('utm_source')) return 'campaign';
  if (host && !internal) return 'referral';
  return 'direct';
}

/** `hits` as a combined log records them: times to the second. */
export function truthByDay(generated: readonly GeneratedHit[]): Map<string, TruthDay> {
  const hits = generated.map((h, line) => ({ ...h, ts: Math.floor(h.ts / 1000) * 1000, line }));
  const days = new Map<string, GeneratedHit[]>();
  for (const h of hits) {
    const day = new Date(h.ts).toISOString().slice(0, 10);
    (days.get(day) ?? days.set(day, []).get(day)!).push(h);
  }
  const out = new Map<string, TruthDay>();
  for (const [day, list] of days) {
    const visitor = (h: GeneratedHit) => `${h.ip}|${h.ua}`;
    // Behavioural bots: robots.txt, > 60 page views in a calendar minute, > 1,000 in the day.
    const behaviour = new Set<string>();
    const perMinute = new Map<string, number>();
    const perDay = new Map<string, number>();
    for (const h of list) {
      if (h.ua === '-') continue;
      if (h.truthPath === '/robots.txt') behaviour.add(visitor(h));
      if (!uaPageView(h)) continue;
      const m = `${visitor(h)}|${Math.floor(h.ts / 60_000)}`;
      perMinute.set(m, (perMinute.get(m) ?? 0) + 1);
      perDay.set(visitor(h), (perDay.get(visitor(h)) ?? 0) + 1);
      if (perMinute.get(m)! > 60 || perDay.get(visitor(h))! > 1000) behaviour.add(visitor(h));
    }
    const t: TruthDay = {
      hits: 0,
      bot_hits: 0,
      bytes: 0,
      page_views: 0,
      visitors: 0,
      sessions: 0,
      bounces: 0,
      session_seconds: 0,
      status: new Map(),
      pagesViews: new Map(),
      pagesVisitors: new Map(),
      channelSessions: new Map(),
      channelBounces: new Map(),
      peakRpm: new Map(),
      errors5xx: new Map(),
      hostingBotHits: 0,
      countryViews: new Map(),
      countryVisitors: new Map(),
      countrySessions: new Map(),
      countryBounces: new Map(),
    };
    const countryVisitorSets = new Map<string, Set<string>>();
    const pageVisitorSets = new Map<string, Set<string>>();
    const views = new Map<string, GeneratedHit[]>();
    const minuteHits = new Map<number, number>();
    for (const h of list) {
      t.hits++;
      t.bytes += h.bytes;
      t.status.set(h.status, (t.status.get(h.status) ?? 0) + 1);
      const minute = Math.floor(h.ts / 60_000);
      minuteHits.set(minute, (minuteHits.get(minute) ?? 0) + 1);
      const hour = new Date(h.ts).getUTCHours();
      if (h.status >= 500) t.errors5xx.set(hour, (t.errors5xx.get(hour) ?? 0) + 1);
      // A browser (not a declared bot) on a hosting network is a bot hit of its own name.
      const hostingBot = !declaredBot(h) && h.hostingNetwork;
      const isBot = declaredBot(h) || hostingBot || behaviour.has(visitor(h));
      if (isBot) t.bot_hits++;
      if (hostingBot) t.hostingBotHits++;
      if (isBot || !uaPageView(h)) continue;
      t.page_views++;
      const path = h.truthPath!;
      t.pagesViews.set(path, (t.pagesViews.get(path) ?? 0) + 1);
      (pageVisitorSets.get(path) ?? pageVisitorSets.set(path, new Set()).get(path)!).add(visitor(h));
      (views.get(visitor(h)) ?? views.set(visitor(h), []).get(visitor(h))!).push(h);
      t.countryViews.set(h.country, (t.countryViews.get(h.country) ?? 0) + 1);
      (countryVisitorSets.get(h.country) ?? countryVisitorSets.set(h.country, new Set()).get(h.country)!).add(
        visitor(h),
      );
    }
    for (const [country, set] of countryVisitorSets) t.countryVisitors.set(country, set.size);
    for (const [minute, n] of minuteHits) {
      const hour = new Date(minute * 60_000).getUTCHours();
      if (n > (t.peakRpm.get(hour) ?? 0)) t.peakRpm.set(hour, n);
    }
    for (const [path, set] of pageVisitorSets) t.pagesVisitors.set(path, set.size);
    t.visitors = views.size;
    for (const unsorted of views.values()) {
      // Lines are not strictly in time order; equal times keep line order.
      const list2 = [...unsorted].sort((a, b) => a.ts - b.ts || lineOf(a) - lineOf(b));
      let start = 0;
      for (let i = 1; i <= list2.length; i++) {
        if (i === list2.length || list2[i]!.ts - list2[i - 1]!.ts > 30 * 60_000) {
          const session = list2.slice(start, i);
          t.sessions++;
          const channel = channelOf(session[0]!);
          const country = session[0]!.country;
          t.channelSessions.set(channel, (t.channelSessions.get(channel) ?? 0) + 1);
          t.countrySessions.set(country, (t.countrySessions.get(country) ?? 0) + 1);
          if (session.length === 1) {
            t.bounces++;
            t.channelBounces.set(channel, (t.channelBounces.get(channel) ?? 0) + 1);
            t.countryBounces.set(country, (t.countryBounces.get(country) ?? 0) + 1);
          }
          t.session_seconds += Math.floor((session[session.length - 1]!.ts - session[0]!.ts) / 1000);
          start = i;
        }
      }
    }
    out.set(day, t);
  }
  return out;
}
