/**
 * Computes every aggregate table for one UTC day from all of that day's events (deduplicated by
 * event_id), with the definitions of docs/tables.md. Pure: same events and options, same rows
 * (`computed_at` aside).
 */
import { UNNAMED_BOT } from '../privacy/user-agent.ts';
import type { AggregateOptions } from './aggregate-options.ts';
import { behaviouralBots } from './behaviour-bots.ts';
import { tableOfEvents } from './day-columns.ts';
import type { DayEvent } from './day-event.ts';
import {
  BOT_NAME,
  BROWSER,
  CAMPAIGN,
  CHANNEL,
  COUNTRY,
  type DayTable,
  DEVICE,
  HOSTING_NETWORK_FLAG,
  IS_BOT_FLAG,
  IS_PAGE_VIEW_FLAG,
  MEDIUM,
  NULL_CODE,
  OS,
  PATH,
  SALT,
  SITE,
  SOURCE,
  VISITOR,
} from './day-table.ts';
import { DistinctCounter } from './distinct-counter.ts';
import { GoalCounts } from './goal-counts.ts';
import { type Group, GroupCounter } from './group-counter.ts';
import { PATH_LEVELS, pathAtLevel } from './path-ladder.ts';
import { sessionSeconds, sessionsOf } from './sessions.ts';

export type AggregateRow = Record<string, string | number>;
export type DayAggregates = Record<string, AggregateRow[]>;

export const BEHAVIOUR_BOT = '(behaviour)';
export const HOSTING_NETWORK_BOT = '(hosting network)';

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

const onePath = (keys: string[], level: number) => [pathAtLevel(keys[0]!, level)];
const bothPaths = (keys: string[], level: number) => [
  pathAtLevel(keys[0]!, level),
  pathAtLevel(keys[1]!, level),
];

function computeSite(
  site: string,
  table: DayTable,
  rows: readonly number[],
  options: AggregateOptions,
  computedAt: number,
): DayAggregates {
  const { ts, status: statusOf, bytes: bytesOf, flags, strings } = table;
  const codes = table.codes;
  const column = (index: number) => codes[index]!;
  const saltOf = column(SALT);
  const visitorOf = column(VISITOR);
  const pathOf = column(PATH);
  const channelOf = column(CHANNEL);
  const sourceOf = column(SOURCE);
  const mediumOf = column(MEDIUM);
  const campaignOf = column(CAMPAIGN);
  const browserOf = column(BROWSER);
  const osOf = column(OS);
  const deviceOf = column(DEVICE);
  const botNameOf = column(BOT_NAME);
  const countryOf = column(COUNTRY);
  const bots = behaviouralBots(table, rows, options);
  const hostingFlag = options.hostingBots ? HOSTING_NETWORK_FLAG : 0;
  const str = (code: number) => (code === NULL_CODE ? null : strings[code]!);

  let hits = 0;
  let botHits = 0;
  let bytes = 0;
  let pageViews = 0;
  let optOutPageViews = 0;
  const visitors = new DistinctCounter();
  const salts = new Set<number>();
  const hourly = new GroupCounter(4); // hits, bytes, page_views, errors_5xx
  const minuteHits = new Map<number, number>();
  const pages = new GroupCounter(3); // page_views, entries, exits
  const technology = new GroupCounter(1);
  const status = new GroupCounter(1);
  const notFound = new GroupCounter(1);
  const botNames = new GroupCounter(2);
  const countries = new GroupCounter(3); // page_views, sessions, bounces
  const goalCounts = new GoalCounts(table, options);
  const otherGoalHits = goalCounts.testsOtherHits;
  /** Page views with a visitor id, and the other hits a goal or funnel step matches: the sessions' hits. */
  const counted: number[] = [];
  const others = new Set<number>();

  for (const r of rows) {
    const visitorCode = visitorOf![r]!;
    const visitor = str(visitorCode);
    const flagged = flags[r]!;
    const isBot = (flagged & IS_BOT_FLAG) !== 0;
    const hostingBot = !isBot && (flagged & hostingFlag) !== 0;
    const behaviourBot = visitorCode !== NULL_CODE && bots.has(visitorCode);
    const bot = isBot || hostingBot || behaviourBot;
    const pv = (flagged & IS_PAGE_VIEW_FLAG) !== 0 && !hostingBot && !behaviourBot;
    const t = ts[r]!;
    const b = bytesOf[r]!;
    const code = statusOf[r]!;
    const path = strings[pathOf![r]!]!;
    hits++;
    bytes += b;
    salts.add(saltOf[r]!);
    const hour = utcHour(t);
    const minute = Math.floor(t / 60_000);
    minuteHits.set(minute, (minuteHits.get(minute) ?? 0) + 1);
    // Groups updated in place (no key or sums arrays per event): this loop runs once per event.
    const h = hourly.one(HOUR_KEYS[hour]!);
    h.sums[0]! += 1;
    h.sums[1]! += b;
    if (pv) h.sums[2]! += 1;
    if (code >= 500 && code <= 599) h.sums[3]! += 1;
    if (pv && visitor !== null) h.visitors.add(visitor);
    status.one(String(code)).sums[0]! += 1;
    if (code === 404) {
      const g = notFound.one(path);
      g.sums[0]! += 1;
      if (!bot && visitor !== null) g.visitors.add(visitor);
    }
    if (bot) {
      botHits++;
      const g = botNames.one(
        isBot ? (str(botNameOf![r]!) ?? UNNAMED_BOT) : hostingBot ? HOSTING_NETWORK_BOT : BEHAVIOUR_BOT,
      );
      g.sums[0]! += 1;
      g.sums[1]! += b;
    }
    if (!pv) {
      if (otherGoalHits && !bot && visitor !== null && goalCounts.matchesOtherHit(r)) {
        counted.push(r);
        others.add(r);
      }
      continue;
    }
    pageViews++;
    if (visitor === null) optOutPageViews++;
    else {
      visitors.add(visitor);
      counted.push(r);
    }
    const page = pages.one(path);
    page.sums[0]! += 1;
    if (visitor !== null) page.visitors.add(visitor);
    const tech = technology.three(strings[browserOf![r]!]!, strings[osOf![r]!]!, strings[deviceOf![r]!]!);
    tech.sums[0]! += 1;
    if (visitor !== null) tech.visitors.add(visitor);
    const country = countries.one(strings[countryOf![r]!]!);
    country.sums[0]! += 1;
    if (visitor !== null) country.visitors.add(visitor);
  }

  const sessions = sessionsOf(table, counted, options.sessionGapSeconds, others);
  const sources = new GroupCounter(3); // sessions, page_views, bounces
  const transitions = new GroupCounter(1);
  let bounces = 0;
  let seconds = 0;
  for (const s of sessions) {
    const views = s.pageViews;
    const first = views[0]!;
    const bounce = views.length === 1 ? 1 : 0;
    bounces += bounce;
    seconds += sessionSeconds(table, s);
    pages.one(strings[pathOf![first]!]!).sums[1]! += 1;
    pages.one(strings[pathOf![views[views.length - 1]!]!]!).sums[2]! += 1;
    const country = countries.one(strings[countryOf![first]!]!);
    country.sums[1]! += 1;
    country.sums[2]! += bounce;
    sources.add(
      [
        strings[channelOf![first]!]!,
        strings[sourceOf![first]!]!,
        strings[mediumOf![first]!]!,
        strings[campaignOf![first]!]!,
      ],
      [1, views.length, bounce],
      s.visitor,
    );
    for (let i = 1; i < views.length; i++) {
      const step = transitions.two(strings[pathOf![views[i - 1]!]!]!, strings[pathOf![views[i]!]!]!);
      step.sums[0]! += 1;
      step.visitors.add(s.visitor);
    }
  }

  const goalRows = goalCounts.rows(site, sessions, others, (s) => {
    const first = s.pageViews[0]!;
    return [
      strings[channelOf![first]!]!,
      strings[sourceOf![first]!]!,
      strings[mediumOf![first]!]!,
      strings[campaignOf![first]!]!,
    ];
  });

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
    pages_daily: rowsOf(
      pages.generalized(k, PATH_LEVELS, onePath),
      site,
      ['path'],
      ['page_views', 'entries', 'exits'],
      'visitors',
    ),
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
    transitions_daily: rowsOf(
      transitions.generalized(k, PATH_LEVELS, bothPaths),
      site,
      ['from_path', 'to_path'],
      ['count'],
      'visitors',
    ),
    status_daily: status.all().map((g) => ({ site, status: Number(g.keys[0]), hits: g.sums[0]! })),
    not_found_daily: rowsOf(
      notFound.generalized(k, PATH_LEVELS, onePath),
      site,
      ['path'],
      ['hits'],
      'visitors',
    ),
    bots_daily: rowsOf(botNames.all(), site, ['bot_name'], ['hits', 'bytes'], null),
    countries_daily: rowsOf(
      countries.folded(k),
      site,
      ['country'],
      ['page_views', 'sessions', 'bounces'],
      'visitors',
    ),
    goals_daily: goalRows.goals,
    funnels_daily: goalRows.funnels,
  };
}

/**
 * The aggregates of a day's events, de-duplicated by event_id (skipped when the caller knows no two
 * share an id) and taken in time then id order.
 */
export function computeDay(
  events: readonly DayEvent[],
  options: AggregateOptions,
  computedAt: number,
  idsUnique = false,
): DayAggregates {
  const list = idsUnique ? [...events] : dedupe(events);
  return computeTable(tableOfEvents(list.sort(byTimeThenId)), options, computedAt);
}

/** The aggregates of a day's events held column by column, already de-duplicated. */
export function computeTable(table: DayTable, options: AggregateOptions, computedAt: number): DayAggregates {
  const siteOf = table.codes[SITE]!;
  const order = table.order;
  const bySite = new Map<number, number[]>();
  for (let k = 0; k < table.length; k++) {
    const r = order === null ? k : order[k]!;
    const list = bySite.get(siteOf[r]!);
    if (list) list.push(r);
    else bySite.set(siteOf[r]!, [r]);
  }
  const sites = [...bySite].map(([code, rows]) => ({ site: table.strings[code]!, rows }));
  const result: DayAggregates = {};
  for (const { site, rows } of sites.sort((a, b) => (a.site < b.site ? -1 : 1))) {
    for (const [name, tableRows] of Object.entries(computeSite(site, table, rows, options, computedAt))) {
      const list = result[name] ?? [];
      list.push(...tableRows);
      result[name] = list;
    }
  }
  // Rows come in group order; recompute-days.ts writes them in the one order of row-order.ts.
  return result;
}
