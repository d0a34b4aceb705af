/**
 * The numbers a report shows, computed from aggregate-table rows only (never from events), so the
 * report can show nothing the tables do not hold. Sums over days: `visitors` then counts
 * visitor-days, because visitor ids change every day by design.
 */
import { OTHER } from '../aggregate/group-counter.ts';
import { type HiddenShare, hiddenShare } from '../aggregate/hidden-share.ts';
import { isGeneralizedPath } from '../aggregate/path-ladder.ts';
import type { PlainRow } from '../tables/parquet-reader.ts';
import { type FunnelSummary, funnelsOf, type GoalsModel, goalsOf } from './conversions.ts';
import { groupRows, n, type Row } from './group-rows.ts';
import type { TableRows } from './load-aggregates.ts';
import { daysBetween, type ReportRange } from './report-range.ts';

export interface Headline {
  readonly pageViews: number;
  readonly visitors: number;
  readonly sessions: number;
  /** Bounces / sessions, 0–1; null without sessions. */
  readonly bounceRate: number | null;
  /** Mean seconds from first to last page view of a session; null without sessions. */
  readonly avgSessionSeconds: number | null;
  readonly hits: number;
  readonly botHits: number;
  readonly bytes: number;
  readonly optOutPageViews: number;
  /** Days in the period that have a traffic_daily row. */
  readonly daysWithData: number;
}

export interface SeriesPoint {
  /** `YYYY-MM-DD` or `YYYY-MM-DD HH:00` (UTC). */
  readonly label: string;
  readonly pageViews: number;
  readonly visitors: number;
  readonly hits: number;
  readonly bytes: number;
  readonly peakRpm: number;
  readonly errors5xx: number;
}

export type { Row };
export { groupRows };

export interface NavigationEntry {
  readonly path: string;
  readonly pageViews: number;
  readonly cameFrom: Row[];
  readonly wentTo: Row[];
}

export interface ReportModel {
  readonly site: string | null;
  readonly sites: readonly string[];
  readonly range: ReportRange;
  readonly headline: Headline;
  /** Null when the previous period holds no data. */
  readonly previous: Headline | null;
  readonly series: SeriesPoint[];
  readonly pages: Row[];
  readonly channels: Row[];
  readonly sources: Row[];
  readonly campaigns: Row[];
  readonly browsers: Row[];
  readonly systems: Row[];
  readonly devices: Row[];
  /** Per country of the client address (`(unknown)`, `(other)` included), with bounce_rate. */
  readonly countries: Row[];
  readonly navigation: NavigationEntry[];
  readonly capacity: { readonly peakRpm: number; readonly errors5xx: number; readonly busiest: Row[] };
  readonly statuses: Row[];
  readonly notFound: Row[];
  readonly bots: Row[];
  /** Page views and 404 hits of the period that k-anonymity counts in `(other)` rows. */
  readonly hidden: HiddenShare;
  /** goals_daily against the sessions of the period, and against the previous period. */
  readonly goals: GoalsModel;
  /** funnels_daily summed per funnel and step. */
  readonly funnels: FunnelSummary[];
}

export const TOP_ROWS = 50;
export const NAVIGATION_PAGES = 5;
const NAVIGATION_LINKS = 8;

export function headlineOf(traffic: readonly PlainRow[]): Headline {
  let pageViews = 0;
  let visitors = 0;
  let sessions = 0;
  let bounces = 0;
  let seconds = 0;
  let hits = 0;
  let botHits = 0;
  let bytes = 0;
  let optOut = 0;
  const days = new Set<string>();
  for (const r of traffic) {
    pageViews += n(r.page_views);
    visitors += n(r.visitors);
    sessions += n(r.sessions);
    bounces += n(r.bounces);
    seconds += n(r.session_seconds);
    hits += n(r.hits);
    botHits += n(r.bot_hits);
    bytes += n(r.bytes);
    optOut += n(r.opt_out_page_views);
    days.add(String(r.day));
  }
  return {
    pageViews,
    visitors,
    sessions,
    bounceRate: sessions > 0 ? bounces / sessions : null,
    avgSessionSeconds: sessions > 0 ? seconds / sessions : null,
    hits,
    botHits,
    bytes,
    optOutPageViews: optOut,
    daysWithData: days.size,
  };
}

function seriesOf(range: ReportRange, tables: TableRows): SeriesPoint[] {
  const hourly = tables.traffic_hourly ?? [];
  const byLabel = new Map<
    string,
    { pv: number; v: number; hits: number; bytes: number; rpm: number; e5: number }
  >();
  const labelOf = (day: string, hour: number) =>
    range.granularity === 'hour' ? `${day} ${String(hour).padStart(2, '0')}:00` : day;
  const labels =
    range.granularity === 'hour'
      ? daysBetween(range.from, range.to).flatMap((d) => Array.from({ length: 24 }, (_, h) => labelOf(d, h)))
      : [...range.days];
  for (const label of labels) byLabel.set(label, { pv: 0, v: 0, hits: 0, bytes: 0, rpm: 0, e5: 0 });
  for (const r of hourly) {
    const p = byLabel.get(labelOf(String(r.day), n(r.hour)));
    if (!p) continue;
    p.hits += n(r.hits);
    p.bytes += n(r.bytes);
    p.rpm = Math.max(p.rpm, n(r.peak_rpm));
    p.e5 += n(r.errors_5xx);
    if (range.granularity === 'hour') {
      p.pv += n(r.page_views);
      p.v += n(r.visitors);
    }
  }
  if (range.granularity === 'day') {
    // Daily visitors come from traffic_daily: summing hourly visitors would count a visitor once per hour.
    for (const r of tables.traffic_daily ?? []) {
      const p = byLabel.get(String(r.day));
      if (!p) continue;
      p.pv += n(r.page_views);
      p.v += n(r.visitors);
    }
  }
  return labels.map((label) => {
    const p = byLabel.get(label)!;
    return {
      label,
      pageViews: p.pv,
      visitors: p.v,
      hits: p.hits,
      bytes: p.bytes,
      peakRpm: p.rpm,
      errors5xx: p.e5,
    };
  });
}

function withRate(rows: Row[], num: string, den: string, as: string): Row[] {
  for (const r of rows) r[as] = n(r[den]) > 0 ? n(r[num]) / n(r[den]) : 0;
  return rows;
}

function navigationOf(pages: Row[], transitions: readonly PlainRow[], siteKey: string[]): NavigationEntry[] {
  // `(other)` and generalized rows (`/blog/(other)`) are not pages one can come from or go to.
  const top = pages.filter((p) => p.path !== OTHER && !isGeneralizedPath(p.path)).slice(0, NAVIGATION_PAGES);
  return top.map((page) => {
    const sameSite = (r: PlainRow) => siteKey.length === 0 || r.site === page.site;
    const cameFrom = groupRows(
      transitions.filter((t) => sameSite(t) && t.to_path === page.path),
      ['from_path'],
      ['count', 'visitors'],
      'count',
    ).map((r) => ({ path: r.from_path!, count: r.count!, visitors: r.visitors! }));
    const wentTo = groupRows(
      transitions.filter((t) => sameSite(t) && t.from_path === page.path),
      ['to_path'],
      ['count', 'visitors'],
      'count',
    ).map((r) => ({ path: r.to_path!, count: r.count!, visitors: r.visitors! }));
    // Sessions that started or ended here are the other half of "where from" and "where next".
    if (n(page.entries) > 0) cameFrom.push({ path: '(entrance)', count: page.entries!, visitors: '' });
    if (n(page.exits) > 0) wentTo.push({ path: '(exit)', count: page.exits!, visitors: '' });
    const byCount = (a: Row, b: Row) => n(b.count) - n(a.count);
    return {
      path: String(page.path),
      pageViews: n(page.page_views),
      cameFrom: cameFrom.sort(byCount).slice(0, NAVIGATION_LINKS),
      wentTo: wentTo.sort(byCount).slice(0, NAVIGATION_LINKS),
    };
  });
}

/**
 * A sources_daily row that names a utm_campaign, as the `campaigns` query selects them. A fold row
 * (`(other)`) is not one: k-anonymity keeps only its channel, every channel also holds untagged
 * sessions, so nothing says the folded rows carried a campaign at all.
 */
export function isNamedCampaign(row: PlainRow): boolean {
  return row.campaign !== '(none)' && row.campaign !== OTHER;
}

/**
 * countries_daily summed per country (and site). Page views count under their own hit's country and
 * sessions under their first page view's: a country can have page views and no session, and then no
 * bounce rate ('' rather than 0%).
 */
function countriesOf(countries: readonly PlainRow[], siteKey: string[]): Row[] {
  const rows = withRate(
    groupRows(
      countries,
      [...siteKey, 'country'],
      ['page_views', 'visitors', 'sessions', 'bounces'],
      'page_views',
    ),
    'bounces',
    'sessions',
    'bounce_rate',
  );
  for (const r of rows) if (n(r.sessions) === 0) r.bounce_rate = '';
  return rows;
}

export function buildReportModel(
  range: ReportRange,
  site: string | null,
  sites: readonly string[],
  tables: TableRows,
  previous: TableRows,
): ReportModel {
  const rows = (name: string) => tables[name] ?? [];
  const previousTraffic = previous.traffic_daily ?? [];
  // With several sites in one report, every breakdown keeps the site apart.
  const siteKey = site === null && sites.length > 1 ? ['site'] : [];
  const pages = withRate(
    groupRows(
      rows('pages_daily'),
      [...siteKey, 'path'],
      ['page_views', 'visitors', 'entries', 'exits'],
      'page_views',
    ),
    'exits',
    'page_views',
    'exit_rate',
  );
  const sourcesMeasures = ['sessions', 'visitors', 'page_views', 'bounces'];
  const sourceRows = rows('sources_daily');
  const bounce = (list: Row[]) => withRate(list, 'bounces', 'sessions', 'bounce_rate');
  const hourly = rows('traffic_hourly');
  const busiest = groupRows(
    hourly,
    [...siteKey, 'day', 'hour'],
    ['hits', 'bytes', 'peak_rpm', 'errors_5xx', 'page_views'],
    'peak_rpm',
  ).slice(0, 10);
  const statuses = groupRows(rows('status_daily'), ['status'], ['hits'], 'hits');
  const totalHits = statuses.reduce((s, r) => s + n(r.hits), 0);
  for (const s of statuses) s.share = totalHits > 0 ? n(s.hits) / totalHits : 0;
  return {
    site,
    sites,
    range,
    headline: headlineOf(rows('traffic_daily')),
    previous: previousTraffic.length > 0 ? headlineOf(previousTraffic) : null,
    series: seriesOf(range, tables),
    pages: pages.slice(0, TOP_ROWS),
    channels: bounce(groupRows(sourceRows, ['channel'], sourcesMeasures, 'sessions')),
    sources: bounce(
      groupRows(sourceRows, [...siteKey, 'source', 'medium'], sourcesMeasures, 'sessions'),
    ).slice(0, TOP_ROWS),
    campaigns: bounce(
      groupRows(
        sourceRows.filter(isNamedCampaign),
        [...siteKey, 'campaign', 'source', 'medium'],
        sourcesMeasures,
        'sessions',
      ),
    ).slice(0, TOP_ROWS),
    browsers: groupRows(rows('technology_daily'), ['browser'], ['page_views', 'visitors'], 'page_views'),
    systems: groupRows(rows('technology_daily'), ['os'], ['page_views', 'visitors'], 'page_views'),
    devices: groupRows(rows('technology_daily'), ['device'], ['page_views', 'visitors'], 'page_views'),
    countries: countriesOf(rows('countries_daily'), siteKey),
    navigation: navigationOf(pages, rows('transitions_daily'), siteKey),
    capacity: {
      peakRpm: hourly.reduce((m, r) => Math.max(m, n(r.peak_rpm)), 0),
      errors5xx: hourly.reduce((s, r) => s + n(r.errors_5xx), 0),
      busiest,
    },
    statuses,
    notFound: groupRows(rows('not_found_daily'), [...siteKey, 'path'], ['hits', 'visitors'], 'hits').slice(
      0,
      TOP_ROWS,
    ),
    bots: groupRows(rows('bots_daily'), ['bot_name'], ['hits', 'bytes'], 'hits').slice(0, TOP_ROWS),
    hidden: hiddenShare(rows('pages_daily'), rows('not_found_daily')),
    goals: goalsOf(tables, previous, siteKey.length > 0),
    funnels: funnelsOf(rows('funnels_daily'), siteKey.length > 0),
  };
}
