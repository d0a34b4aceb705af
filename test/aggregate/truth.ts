/**
 * Ground truth for generated traffic, computed from the generator's own hits with its own knowledge
 * (which user agents are bots, which referrers are search engines, what each planted path must
 * become) — deliberately sharing no code with lib/aggregate's sessions, channels, goals or funnels.
 * Goal and funnel definitions are parsed by lib/aggregate/goals.ts and a single hit is tested against
 * a pattern with lib/aggregate/hit-pattern.ts (both tested on their own); which session a hit
 * belongs to, what converts, how far a funnel goes and the k-anonymity fold are computed here.
 */
import { parseDefinitions } from '../../lib/aggregate/goals.ts';
import { hitTest } from '../../lib/aggregate/hit-pattern.ts';
import { BOTS } from '../../lib/generate/catalog.ts';
import type { GeneratedHit } from '../../lib/generate/traffic-model.ts';

const DECLARED_BOTS = new Set(BOTS.map(([ua]) => ua));
const STATIC =
  /\.(css|js|mjs|map|png|jpg|jpeg|gif|webp|avif|svg|ico|bmp|woff|woff2|ttf|otf|eot|mp4|webm|mp3|wav|ogg)$/i;
const SEARCH = new Set(['google.com', 'google.co.uk', 'bing.com', 'duckduckgo.com', 'ecosia.org']);
const SOCIAL = new Set(['t.co', 'facebook.com', 'linkedin.com', 'reddit.com']);
const SITE_HOST = 'example.com';
/** More than this between two page views starts a new session. */
const SESSION_GAP_MS = 30 * 60_000;

/** A goals_daily row: a goal's converting sessions of one traffic source. */
export interface TruthGoalRow {
  goal: string;
  channel: string;
  source: string;
  medium: string;
  campaign: string;
  conversions: number;
  visitors: number;
  page_views: number;
}

/** How many sessions and distinct visitors reached a funnel step (every step reached at all). */
export interface TruthFunnelStep {
  funnel: string;
  step_number: number;
  step: string;
  sessions: number;
  visitors: number;
}

/** Facts that show the goal and funnel truth is not trivial: what it had to leave out, and why. */
export interface ShopFacts {
  /** Per funnel: sessions with a hit that matches a step the funnel does not count (out of order). */
  funnelMisses: Map<string, number>;
  /** Per goal: sessions with more than one matching hit (reloads), which convert once. */
  repeatedGoalHits: Map<string, number>;
  /** Per goal: matching hits of opted-out visitors (no visitor id, so no session). */
  optedOutGoalHits: Map<string, number>;
  /** Per goal: bots' hits that would match if a person had sent them. */
  botGoalHits: Map<string, number>;
  /** Per goal: people's matching hits that belong to no session (more than 30 minutes after a page view). */
  unsessionedGoalHits: Map<string, number>;
  /** Sessions that began less than 30 minutes after the same visitor's page view before midnight. */
  splitAtMidnight: number;
  /** Of those, the ones with a hit that matches a goal or a funnel step. */
  shopSplitAtMidnight: number;
}

export interface TruthDay {
  hits: number;
  bot_hits: number;
  bytes: number;
  page_views: number;
  /** Page views of opted-out visitors (only when the log records Sec-GPC). */
  opt_out_page_views: number;
  visitors: number;
  sessions: number;
  bounces: number;
  session_seconds: number;
  status: Map<number, number>;
  pagesViews: Map<string, number>;
  pagesVisitors: Map<string, number>;
  /**
   * pages_daily after k-anonymity: a path of fewer than k visitors counted under its prefix of three
   * segments (`/a/b/c/(other)`), what is still below k under two, then one, the rest in `(other)`.
   */
  pages: Map<string, { page_views: number; visitors: number }>;
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
  /** goals_daily after the k-anonymity fold, by `goal|channel|source|medium|campaign`. */
  goals: Map<string, TruthGoalRow>;
  /** funnels_daily before k: every step some session reached. */
  funnelSteps: TruthFunnelStep[];
  shop: ShopFacts;
}

export interface TruthOptions {
  /**
   * The log carries the Sec-GPC header (the generator's JSON lines): those visitors' hits are opted
   * out. A combined log cannot say, so by default they count like anyone's.
   */
  readonly gpcRecorded?: boolean;
  /** Goal and funnel definitions as `--goal` and `--funnel` take them. */
  readonly goals?: readonly string[];
  readonly funnels?: readonly string[];
  /** k-anonymity threshold of goals_daily (default 5). */
  readonly k?: number;
}

interface Traffic {
  channel: string;
  source: string;
  medium: string;
  campaign: string;
}

/** One visitor's session: its hits in order (page views and the other hits that belong to it). */
interface Session {
  visitor: string;
  hits: GeneratedHit[];
  views: GeneratedHit[];
}

type Test = (hit: GeneratedHit) => boolean;

/** A hit with its line number (ties in time go in line order, as event ids do) and its visitor. */
interface LinedHit extends GeneratedHit {
  readonly line: number;
  /** Who the visitor id stands for: address and user agent. */
  readonly visitor: string;
}

function lineOf(hit: GeneratedHit): number {
  return (hit as LinedHit).line;
}

function declaredBot(hit: GeneratedHit): boolean {
  return DECLARED_BOTS.has(hit.ua) || hit.ua.includes('zgrab');
}

/** A request for a page, whoever sent it: GET, 2xx or 304, not a static asset. */
function pageRequest(hit: GeneratedHit): boolean {
  if (hit.method !== 'GET' || hit.target === null) return false;
  if (!((hit.status >= 200 && hit.status < 300) || hit.status === 304)) return false;
  return !STATIC.test(hit.target.split('?')[0]!);
}

function uaPageView(hit: GeneratedHit): boolean {
  return !declaredBot(hit) && pageRequest(hit);
}

function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^www\./, '');
}

function channelOf(hit: GeneratedHit): string {
  return trafficOf(hit).channel;
}

/** Channel, source, medium and campaign of a session's first page view, as docs/tables.md defines them. */
function trafficOf(hit: GeneratedHit): Traffic {
  const query = new URLSearchParams(hit.target!.split('?')[1] ?? '');
  const host = hit.referrer ? hostOf(hit.referrer) : null;
  const external = host !== null && host !== SITE_HOST ? host : null;
  const medium = query.get('utm_medium')?.toLowerCase() ?? null;
  const utmSource = query.get('utm_source')?.toLowerCase() ?? null;
  let channel: string;
  if (query.has('gclid') || medium === 'cpc') channel = 'paid';
  else if (medium === 'email' || utmSource === 'newsletter') channel = 'email';
  else if (external && SEARCH.has(external)) channel = 'search';
  else if ((external && SOCIAL.has(external)) || medium === 'social') channel = 'social';
  else if (utmSource !== null) channel = 'campaign';
  else if (external) channel = 'referral';
  else channel = 'direct';
  const defaultMedium: Record<string, string> = {
    paid: query.has('gclid') ? 'cpc' : '(none)',
    search: 'organic',
    social: 'social',
    referral: 'referral',
    email: 'email',
  };
  return {
    channel,
    source: utmSource ?? external ?? '(direct)',
    medium: medium ?? defaultMedium[channel] ?? '(none)',
    campaign: query.get('utm_campaign') ?? '(none)',
  };
}

/** `test`, computed once per hit (hits are told apart by their line). */
function memo(lines: number, test: Test): Test {
  const known = new Int8Array(lines);
  return (h) => {
    const line = lineOf(h);
    if (known[line] === 0) known[line] = test(h) ? 1 : -1;
    return known[line] === 1;
  };
}

function bump<K>(map: Map<K, number>, key: K, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  (map.get(key) ?? map.set(key, new Set()).get(key)!).add(value);
}

/** `hits` as the log records them: times to the second; Sec-GPC only when `gpcRecorded`. */
export function truthByDay(
  generated: readonly GeneratedHit[],
  options: TruthOptions = {},
): Map<string, TruthDay> {
  // Copies of one shape (fast to read), times to the second as the log has them.
  const hits: GeneratedHit[] = generated.map(
    (h, line): LinedHit => ({
      ts: Math.floor(h.ts / 1000) * 1000,
      offsetMinutes: h.offsetMinutes,
      ip: h.ip,
      country: h.country,
      hostingNetwork: h.hostingNetwork,
      user: h.user,
      method: h.method,
      target: h.target,
      status: h.status,
      bytes: h.bytes,
      referrer: h.referrer,
      ua: h.ua,
      host: h.host,
      truthPath: h.truthPath,
      gpc: h.gpc,
      line,
      visitor: `${h.ip}|${h.ua}`,
    }),
  );
  const definitions = parseDefinitions(options.goals ?? [], options.funnels ?? [], [], {
    goals: 'goals',
    funnels: 'funnels',
  });
  for (const p of [
    ...definitions.goals.map((g) => g.pattern),
    ...definitions.funnels.flatMap((f) => f.steps.map((s) => s.pattern)),
  ]) {
    // The truth has no kept query to test against; the generated site's goals need none.
    if (p.query.length > 0) throw new Error(`the truth does not test query parameters: ${p.text}`);
  }
  const days = new Map<string, GeneratedHit[]>();
  for (const h of hits) {
    const day = new Date(h.ts).toISOString().slice(0, 10);
    (days.get(day) ?? days.set(day, []).get(day)!).push(h);
  }
  const out = new Map<string, TruthDay>();
  /** Per day: each visitor's last page view. */
  const lastViews = new Map<string, Map<string, number>>();
  const sessionsOfDay = new Map<string, Session[]>();
  /** Per day: whether a hit matches any goal or funnel step. */
  const shopTests = new Map<string, Test>();
  for (const [day, list] of days) {
    // No visitor id for an opted-out hit: never a visitor, a session or a behaviour bot.
    const visitor = (h: GeneratedHit): string | null =>
      options.gpcRecorded && h.gpc ? null : (h as LinedHit).visitor;
    // Behavioural bots: robots.txt, > 60 page views in a calendar minute, > 1,000 in the day.
    const behaviour = new Set<string>();
    const perMinute = new Map<string, number>();
    const perDay = new Map<string, number>();
    for (const h of list) {
      const v = visitor(h);
      if (h.ua === '-' || v === null) continue;
      if (h.truthPath === '/robots.txt') behaviour.add(v);
      if (!uaPageView(h)) continue;
      const m = `${v}|${Math.floor(h.ts / 60_000)}`;
      bump(perMinute, m);
      bump(perDay, v);
      if (perMinute.get(m)! > 60 || perDay.get(v)! > 1000) behaviour.add(v);
    }
    // A browser (not a declared bot) on a hosting network is a bot hit of its own name.
    const hostingBot = (h: GeneratedHit) => !declaredBot(h) && h.hostingNetwork;
    const isBot = memo(hits.length, (h) => {
      const v = visitor(h);
      return declaredBot(h) || hostingBot(h) || (v !== null && behaviour.has(v));
    });
    const t: TruthDay = {
      hits: 0,
      bot_hits: 0,
      bytes: 0,
      page_views: 0,
      opt_out_page_views: 0,
      visitors: 0,
      sessions: 0,
      bounces: 0,
      session_seconds: 0,
      status: new Map(),
      pagesViews: new Map(),
      pagesVisitors: new Map(),
      pages: new Map(),
      channelSessions: new Map(),
      channelBounces: new Map(),
      peakRpm: new Map(),
      errors5xx: new Map(),
      hostingBotHits: 0,
      countryViews: new Map(),
      countryVisitors: new Map(),
      countrySessions: new Map(),
      countryBounces: new Map(),
      goals: new Map(),
      funnelSteps: [],
      shop: {
        funnelMisses: new Map(),
        repeatedGoalHits: new Map(),
        optedOutGoalHits: new Map(),
        botGoalHits: new Map(),
        unsessionedGoalHits: new Map(),
        splitAtMidnight: 0,
        shopSplitAtMidnight: 0,
      },
    };
    const countryVisitorSets = new Map<string, Set<string>>();
    const pageVisitorSets = new Map<string, Set<string>>();
    /** Each visitor's hits that are not a bot's: page views and what a goal may match besides. */
    const visitorHits = new Map<string, GeneratedHit[]>();
    const minuteHits = new Map<number, number>();
    for (const h of list) {
      t.hits++;
      t.bytes += h.bytes;
      bump(t.status, h.status);
      const minute = Math.floor(h.ts / 60_000);
      bump(minuteHits, minute);
      const hour = new Date(h.ts).getUTCHours();
      if (h.status >= 500) bump(t.errors5xx, hour);
      if (isBot(h)) {
        t.bot_hits++;
        if (hostingBot(h)) t.hostingBotHits++;
        continue;
      }
      const v = visitor(h);
      if (v !== null && h.target !== null) (visitorHits.get(v) ?? visitorHits.set(v, []).get(v)!).push(h);
      if (!uaPageView(h)) continue;
      t.page_views++;
      const path = h.truthPath!;
      bump(t.pagesViews, path);
      bump(t.countryViews, h.country);
      if (v === null) {
        t.opt_out_page_views++;
        continue;
      }
      addTo(pageVisitorSets, path, v);
      addTo(countryVisitorSets, h.country, v);
    }
    for (const [country, set] of countryVisitorSets) t.countryVisitors.set(country, set.size);
    for (const [minute, n] of minuteHits) {
      const hour = new Date(minute * 60_000).getUTCHours();
      if (n > (t.peakRpm.get(hour) ?? 0)) t.peakRpm.set(hour, n);
    }
    for (const [path, set] of pageVisitorSets) t.pagesVisitors.set(path, set.size);
    t.pages = pagesLadder(t.pagesViews, pageVisitorSets, options.k ?? 5);

    // Sessions: a visitor's page views in time order (equal times in line order, as event ids are),
    // cut where more than 30 minutes pass; any other hit joins the session of the page view before
    // it when it comes at most 30 minutes after it, and no session otherwise.
    const sessions: Session[] = [];
    const unsessioned: GeneratedHit[] = [];
    const lastView = new Map<string, number>();
    for (const [v, unsorted] of visitorHits) {
      const ordered = [...unsorted].sort((a, b) => a.ts - b.ts || lineOf(a) - lineOf(b));
      let current: Session | null = null;
      let lastTs = Number.NEGATIVE_INFINITY;
      for (const h of ordered) {
        if (uaPageView(h)) {
          if (current === null || h.ts - lastTs > SESSION_GAP_MS) {
            current = { visitor: v, hits: [], views: [] };
            sessions.push(current);
          }
          current.hits.push(h);
          current.views.push(h);
          lastTs = h.ts;
        } else if (current !== null && h.ts - lastTs <= SESSION_GAP_MS) {
          current.hits.push(h);
        } else {
          unsessioned.push(h);
        }
      }
      if (current !== null) lastView.set(v, lastTs);
    }
    lastViews.set(day, lastView);
    sessionsOfDay.set(day, sessions);
    t.visitors = lastView.size;
    for (const session of sessions) {
      const views = session.views;
      t.sessions++;
      const channel = channelOf(views[0]!);
      const country = views[0]!.country;
      bump(t.channelSessions, channel);
      bump(t.countrySessions, country);
      if (views.length === 1) {
        t.bounces++;
        bump(t.channelBounces, channel);
        bump(t.countryBounces, country);
      }
      t.session_seconds += Math.floor((views[views.length - 1]!.ts - views[0]!.ts) / 1000);
    }

    // Goals and funnels: a pattern tested on one hit, with the truth's own bot and page-view verdicts.
    const test = (pattern: Parameters<typeof hitTest>[0], asPerson = false): Test => {
      const matches = hitTest(pattern);
      return memo(hits.length, (h) =>
        matches({
          method: h.method,
          path: h.truthPath ?? '',
          query: null,
          status: h.status,
          pageView: asPerson ? pageRequest(h) : !isBot(h) && uaPageView(h),
          bot: asPerson ? false : isBot(h),
        }),
      );
    };
    const goals = definitions.goals.map((g) => ({
      name: g.name,
      test: test(g.pattern),
      asPerson: test(g.pattern, true),
    }));
    const funnels = definitions.funnels.map((f) => ({
      name: f.name,
      steps: f.steps.map((s) => ({
        test: test(s.pattern),
        optional: s.optional,
        text: s.optional ? `[${s.pattern.text}]` : s.pattern.text,
      })),
    }));
    const k = options.k ?? 5;
    for (const goal of goals) {
      const rows = new Map<string, { row: TruthGoalRow; visitors: Set<string> }>();
      for (const session of sessions) {
        const matched = session.hits.filter(goal.test).length;
        if (matched === 0) continue;
        if (matched > 1) bump(t.shop.repeatedGoalHits, goal.name);
        const traffic = trafficOf(session.views[0]!);
        const key = [goal.name, traffic.channel, traffic.source, traffic.medium, traffic.campaign].join('|');
        let entry = rows.get(key);
        if (entry === undefined) {
          entry = {
            row: { goal: goal.name, ...traffic, conversions: 0, visitors: 0, page_views: 0 },
            visitors: new Set(),
          };
          rows.set(key, entry);
        }
        entry.row.conversions++;
        entry.row.page_views += session.views.length;
        entry.visitors.add(session.visitor);
      }
      // k-anonymity: a row of fewer than k visitors goes into its goal and channel's `(other)` row.
      const folded = new Map<string, { row: TruthGoalRow; visitors: Set<string> }>();
      for (const [key, entry] of rows) {
        if (entry.visitors.size >= k) {
          folded.set(key, entry);
          continue;
        }
        const { channel } = entry.row;
        const otherKey = [goal.name, channel, '(other)', '(other)', '(other)'].join('|');
        let other = folded.get(otherKey);
        if (other === undefined) {
          other = {
            row: {
              goal: goal.name,
              channel,
              source: '(other)',
              medium: '(other)',
              campaign: '(other)',
              conversions: 0,
              visitors: 0,
              page_views: 0,
            },
            visitors: new Set(),
          };
          folded.set(otherKey, other);
        }
        other.row.conversions += entry.row.conversions;
        other.row.page_views += entry.row.page_views;
        for (const v of entry.visitors) other.visitors.add(v);
      }
      for (const [key, entry] of folded) t.goals.set(key, { ...entry.row, visitors: entry.visitors.size });
      // What the goal must not count: opted-out visitors' and bots' hits, hits outside any session.
      for (const h of list) {
        if (!goal.asPerson(h)) continue;
        if (isBot(h)) bump(t.shop.botGoalHits, goal.name);
        else if (visitor(h) === null) bump(t.shop.optedOutGoalHits, goal.name);
      }
      for (const h of unsessioned) if (goal.test(h)) bump(t.shop.unsessionedGoalHits, goal.name);
    }
    for (const funnel of funnels) {
      const sessionsAt = funnel.steps.map(() => 0);
      const visitorsAt = funnel.steps.map(() => new Set<string>());
      for (const session of sessions) {
        const reach = reached(session.hits, funnel.steps);
        reach.forEach((at, i) => {
          if (at === null) return;
          sessionsAt[i]!++;
          visitorsAt[i]!.add(session.visitor);
        });
        if (funnel.steps.some((s, i) => reach[i] === null && session.hits.some(s.test)))
          bump(t.shop.funnelMisses, funnel.name);
      }
      funnel.steps.forEach((s, i) => {
        if (sessionsAt[i]! > 0)
          t.funnelSteps.push({
            funnel: funnel.name,
            step_number: i + 1,
            step: s.text,
            sessions: sessionsAt[i]!,
            visitors: visitorsAt[i]!.size,
          });
      });
    }
    const anyShopHit: Test = (h) =>
      goals.some((g) => g.test(h)) || funnels.some((f) => f.steps.some((s) => s.test(h)));
    shopTests.set(day, anyShopHit);
    out.set(day, t);
  }
  // Sessions never cross midnight: a visit that goes on past it is a new session the next day.
  for (const [day, t] of out) {
    const before = lastViews.get(new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10));
    if (before === undefined) continue;
    const anyShopHit = shopTests.get(day)!;
    for (const session of sessionsOfDay.get(day)!) {
      const last = before.get(session.visitor);
      if (last === undefined || session.views[0]!.ts - last > SESSION_GAP_MS) continue;
      t.shop.splitAtMidnight++;
      if (session.hits.some(anyShopHit)) t.shop.shopSplitAtMidnight++;
    }
  }
  return out;
}

/** The pages_daily rows: each path climbs its prefixes while its row has fewer than k visitors. */
function pagesLadder(
  views: ReadonlyMap<string, number>,
  visitors: ReadonlyMap<string, ReadonlySet<string>>,
  k: number,
): Map<string, { page_views: number; visitors: number }> {
  const depth = (path: string) => path.split('/').length - 1;
  const keyOf = new Map([...views.keys()].map((path) => [path, path]));
  const visitorsOf = () => {
    const sets = new Map<string, Set<string>>();
    for (const [path, key] of keyOf) {
      const set = sets.get(key) ?? sets.set(key, new Set()).get(key)!;
      for (const v of visitors.get(path) ?? []) set.add(v);
    }
    return sets;
  };
  for (const level of [3, 2, 1]) {
    const sets = visitorsOf();
    for (const [path, key] of keyOf) {
      if (sets.get(key)!.size >= k || depth(path) <= level) continue;
      keyOf.set(
        path,
        `${path
          .split('/')
          .slice(0, level + 1)
          .join('/')}/(other)`,
      );
    }
  }
  const sets = visitorsOf();
  const rows = new Map<string, { page_views: number; visitors: Set<string> }>();
  for (const [path, key] of keyOf) {
    const row = sets.get(key)!.size >= k ? key : '(other)';
    const entry = rows.get(row) ?? rows.set(row, { page_views: 0, visitors: new Set() }).get(row)!;
    entry.page_views += views.get(path)!;
    for (const v of visitors.get(path) ?? []) entry.visitors.add(v);
  }
  return new Map([...rows].map(([row, e]) => [row, { page_views: e.page_views, visitors: e.visitors.size }]));
}

/**
 * Where each funnel step is reached in a session's hits (null: not reached): step 1 at the first hit
 * that matches it, each later step at the first matching hit after the point the step before left
 * off. A step in brackets may be skipped: the step after it is looked for after the point before the
 * bracketed step, and the bracketed step counts when it matches after that point.
 */
function reached(
  hits: readonly GeneratedHit[],
  steps: ReadonlyArray<{ test: Test; optional: boolean }>,
): Array<number | null> {
  const reach: Array<number | null> = [];
  /** The hit after which the next step is looked for: -1 before the first, null when out of reach. */
  let after: number | null = -1;
  for (const step of steps) {
    const from: number | null = after;
    let at: number | null = null;
    if (from !== null) {
      for (let i: number = from + 1; i < hits.length; i++) {
        if (step.test(hits[i]!)) {
          at = i;
          break;
        }
      }
    }
    reach.push(at);
    after = step.optional ? from : at;
  }
  return reach;
}
