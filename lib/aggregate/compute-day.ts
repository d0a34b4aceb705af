/**
 * Computes every aggregate table for one UTC day from all of that day's events (deduplicated by
 * event_id), with the definitions of DESIGN §4. Pure: same events and options, same rows
 * (`computed_at` aside).
 */
import type { AggregateOptions } from './aggregate-options.ts';
import { behaviouralBots } from './behaviour-bots.ts';
import type { DayEvent } from './day-event.ts';
import { DistinctCounter } from './distinct-counter.ts';
import { type Group, GroupCounter } from './group-counter.ts';
import { sessionSeconds, sessionsOf } from './sessions.ts';

export type AggregateRow = Record<string, string | number>;
export type DayAggregates = Record<string, AggregateRow[]>;

export const BEHAVIOUR_BOT = '(behaviour)';

const HOUR_MS = 3_600_000;
const HOUR_KEYS = Array.from({ length: 24 }, (_, h) => String(h));

/** The UTC hour of an epoch-ms time, without a Date per event. */
function utcHour(ts: number): number {
  return ((Math.floor(ts / HOUR_MS) % 24) + 24) % 24;
}

/** The order a day's events are computed in: time, then event_id. */
function byTimeThenId(a: DayEvent, b: DayEvent): number {
  return a.ts - b.ts || (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0);
}

/** Keeps the first event of each event_id: redelivered or re-ingested lines count once. */
export function dedupe(events: readonly DayEvent[]): DayEvent[] {
  const seen = new Set<string>();
  const out: DayEvent[] = [];
  for (const e of events) {
    if (seen.has(e.event_id)) continue;
    seen.add(e.event_id);
    out.push(e);
  }
  return out;
}

function rowsOf(
  groups: Group[],
  site: string,
  keyNames: string[],
  sumNames: string[],
  visitors: string | null,
): AggregateRow[] {
  return groups.map((g) => {
    const row: AggregateRow = { site };
    keyNames.forEach((name, i) => {
      row[name] = g.keys[i]!;
    });
    sumNames.forEach((name, i) => {
      row[name] = g.sums[i]!;
    });
    if (visitors) row[visitors] = g.visitors.size;
    return row;
  });
}

function computeSite(
  site: string,
  events: DayEvent[],
  options: AggregateOptions,
  computedAt: number,
): DayAggregates {
  const bots = behaviouralBots(events, options);
  const isBot = (e: DayEvent) => e.is_bot || (e.visitor_id !== null && bots.has(e.visitor_id));
  const isPageView = (e: DayEvent) => e.is_page_view && !(e.visitor_id !== null && bots.has(e.visitor_id));

  let hits = 0;
  let botHits = 0;
  let bytes = 0;
  let pageViews = 0;
  let optOutPageViews = 0;
  const visitors = new DistinctCounter();
  const salts = new Set<string>();
  const hourly = new GroupCounter(4); // hits, bytes, page_views, errors_5xx
  const minuteHits = new Map<number, number>();
  const pages = new GroupCounter(3); // page_views, entries, exits
  const technology = new GroupCounter(1);
  const status = new GroupCounter(1);
  const notFound = new GroupCounter(1);
  const botNames = new GroupCounter(2);
  const counted: DayEvent[] = [];

  for (const e of events) {
    hits++;
    bytes += e.bytes;
    salts.add(e.salt_id);
    const hour = utcHour(e.ts);
    const bot = isBot(e);
    const pv = isPageView(e);
    const minute = Math.floor(e.ts / 60_000);
    minuteHits.set(minute, (minuteHits.get(minute) ?? 0) + 1);
    // Groups updated in place (no key or sums arrays per event): this loop runs once per event.
    const h = hourly.one(HOUR_KEYS[hour]!);
    h.sums[0]! += 1;
    h.sums[1]! += e.bytes;
    if (pv) h.sums[2]! += 1;
    if (e.status >= 500 && e.status <= 599) h.sums[3]! += 1;
    if (pv && e.visitor_id !== null) h.visitors.add(e.visitor_id);
    status.one(String(e.status)).sums[0]! += 1;
    if (e.status === 404) {
      const g = notFound.one(e.path);
      g.sums[0]! += 1;
      if (!bot && e.visitor_id !== null) g.visitors.add(e.visitor_id);
    }
    if (bot) {
      botHits++;
      const g = botNames.one(e.is_bot ? (e.bot_name ?? '(other)') : BEHAVIOUR_BOT);
      g.sums[0]! += 1;
      g.sums[1]! += e.bytes;
    }
    if (!pv) continue;
    pageViews++;
    if (e.visitor_id === null) optOutPageViews++;
    else {
      visitors.add(e.visitor_id);
      counted.push(e);
    }
    const page = pages.one(e.path);
    page.sums[0]! += 1;
    if (e.visitor_id !== null) page.visitors.add(e.visitor_id);
    const tech = technology.three(e.browser, e.os, e.device);
    tech.sums[0]! += 1;
    if (e.visitor_id !== null) tech.visitors.add(e.visitor_id);
  }

  const sessions = sessionsOf(counted, options.sessionGapSeconds);
  const sources = new GroupCounter(3); // sessions, page_views, bounces
  const transitions = new GroupCounter(1);
  let bounces = 0;
  let seconds = 0;
  for (const s of sessions) {
    const views = s.pageViews;
    const first = views[0]!;
    const bounce = views.length === 1 ? 1 : 0;
    bounces += bounce;
    seconds += sessionSeconds(s);
    pages.one(first.path).sums[1]! += 1;
    pages.one(views[views.length - 1]!.path).sums[2]! += 1;
    sources.add(
      [first.channel, first.source, first.medium, first.campaign],
      [1, views.length, bounce],
      s.visitor,
    );
    for (let i = 1; i < views.length; i++) {
      const step = transitions.two(views[i - 1]!.path, views[i]!.path);
      step.sums[0]! += 1;
      step.visitors.add(s.visitor);
    }
  }

  const hourRows = hourly.all().map((g) => {
    const hour = Number(g.keys[0]);
    let peak = 0;
    for (const [minute, n] of minuteHits) {
      if (Math.floor(minute / 60) % 24 === hour && n > peak) peak = n;
    }
    return {
      site,
      hour,
      hits: g.sums[0]!,
      bytes: g.sums[1]!,
      page_views: g.sums[2]!,
      visitors: g.visitors.size,
      peak_rpm: peak,
      errors_5xx: g.sums[3]!,
    };
  });

  const k = options.k;
  return {
    traffic_daily: [
      {
        site,
        hits,
        bot_hits: botHits,
        bytes,
        page_views: pageViews,
        opt_out_page_views: optOutPageViews,
        visitors: visitors.size,
        sessions: sessions.length,
        bounces,
        session_seconds: seconds,
        salt_epochs: salts.size,
        computed_at: computedAt,
      },
    ],
    traffic_hourly: hourRows,
    pages_daily: rowsOf(pages.folded(k), site, ['path'], ['page_views', 'entries', 'exits'], 'visitors'),
    sources_daily: rowsOf(
      sources.folded(k, (i) => i === 0),
      site,
      ['channel', 'source', 'medium', 'campaign'],
      ['sessions', 'page_views', 'bounces'],
      'visitors',
    ),
    technology_daily: rowsOf(
      technology.folded(k),
      site,
      ['browser', 'os', 'device'],
      ['page_views'],
      'visitors',
    ),
    transitions_daily: rowsOf(transitions.folded(k), site, ['from_path', 'to_path'], ['count'], 'visitors'),
    status_daily: status.all().map((g) => ({ site, status: Number(g.keys[0]), hits: g.sums[0]! })),
    not_found_daily: rowsOf(notFound.folded(k), site, ['path'], ['hits'], 'visitors'),
    bots_daily: rowsOf(botNames.all(), site, ['bot_name'], ['hits', 'bytes'], null),
  };
}

/**
 * Sort order of every table — site, then hour or status ascending, else the biggest count first, then
 * the keys — so reruns write identical files.
 */
function sortRows(rows: AggregateRow[]): AggregateRow[] {
  const metric = (r: AggregateRow) => Number(r.sessions ?? r.page_views ?? r.count ?? r.hits ?? 0);
  const order = (r: AggregateRow) => Number(r.hour ?? r.status ?? -1);
  return rows.sort((a, b) => {
    if (a.site !== b.site) return String(a.site) < String(b.site) ? -1 : 1;
    const o = order(a) - order(b);
    if (o !== 0) return o;
    const m = metric(b) - metric(a);
    if (m !== 0) return m;
    const ka = JSON.stringify(a);
    const kb = JSON.stringify(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

export function computeDay(
  events: readonly DayEvent[],
  options: AggregateOptions,
  computedAt: number,
  /** The caller knows no two events share an id: skip the de-duplication set. */
  idsUnique = false,
  /**
   * The events are already in time then id order (DayColumns.toEvents): skip the sort. With
   * `idsUnique` too, event ids are not read at all.
   */
  inOrder = false,
): DayAggregates {
  const bySite = new Map<string, DayEvent[]>();
  for (const e of idsUnique ? events : dedupe(events)) {
    const list = bySite.get(e.site);
    if (list) list.push(e);
    else bySite.set(e.site, [e]);
  }
  const result: DayAggregates = {};
  for (const [site, siteEvents] of [...bySite].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (!inOrder) siteEvents.sort(byTimeThenId);
    for (const [table, rows] of Object.entries(computeSite(site, siteEvents, options, computedAt))) {
      const list = result[table] ?? [];
      list.push(...rows);
      result[table] = list;
    }
  }
  for (const rows of Object.values(result)) sortRows(rows);
  return result;
}
