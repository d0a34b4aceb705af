import { describe, expect, it } from 'vitest';
import { renderReport } from '../../lib/report/render-report.ts';
import { buildReportModel, groupRows, headlineOf } from '../../lib/report/report-model.ts';
import { resolveRange } from '../../lib/report/report-range.ts';
import type { PlainRow } from '../../lib/tables/parquet-reader.ts';

const traffic = (
  day: string,
  site: string,
  pv: number,
  v: number,
  s: number,
  b: number,
  ss: number,
): PlainRow => ({
  day,
  site,
  hits: pv * 3,
  bot_hits: pv,
  bytes: pv * 1000,
  page_views: pv,
  opt_out_page_views: 1,
  visitors: v,
  sessions: s,
  bounces: b,
  session_seconds: ss,
});

describe('headlineOf', () => {
  it('sums the days and derives bounce rate and average session from the sums', () => {
    const h = headlineOf([
      traffic('2026-11-01', 'a', 100, 40, 50, 20, 3000),
      traffic('2026-11-02', 'a', 60, 30, 30, 15, 900),
    ]);
    expect(h.pageViews).toBe(160);
    expect(h.visitors).toBe(70);
    expect(h.sessions).toBe(80);
    expect(h.bounceRate).toBeCloseTo(35 / 80, 12);
    expect(h.avgSessionSeconds).toBeCloseTo(3900 / 80, 12);
    expect(h.daysWithData).toBe(2);
  });

  it('has no rates without sessions', () => {
    const h = headlineOf([traffic('2026-11-01', 'a', 0, 0, 0, 0, 0)]);
    expect(h.bounceRate).toBeNull();
    expect(h.avgSessionSeconds).toBeNull();
  });
});

describe('groupRows', () => {
  it('sums measures per key, largest first, ties in key order', () => {
    const rows: PlainRow[] = [
      { path: '/b', page_views: 2 },
      { path: '/a', page_views: 2 },
      { path: '/c', page_views: 1 },
      { path: '/c', page_views: 4 },
    ];
    expect(groupRows(rows, ['path'], ['page_views'], 'page_views')).toEqual([
      { path: '/c', page_views: 5 },
      { path: '/a', page_views: 2 },
      { path: '/b', page_views: 2 },
    ]);
  });
});

describe('buildReportModel', () => {
  const range = resolveRange({ from: '2026-11-01', to: '2026-11-02' }, []);
  const tables = {
    traffic_daily: [traffic('2026-11-01', 'a', 10, 5, 6, 2, 60), traffic('2026-11-02', 'b', 20, 8, 9, 3, 90)],
    traffic_hourly: [
      {
        day: '2026-11-01',
        site: 'a',
        hour: 5,
        hits: 7,
        bytes: 70,
        page_views: 4,
        visitors: 3,
        peak_rpm: 2,
        errors_5xx: 1,
      },
      {
        day: '2026-11-01',
        site: 'b',
        hour: 5,
        hits: 3,
        bytes: 30,
        page_views: 2,
        visitors: 2,
        peak_rpm: 5,
        errors_5xx: 0,
      },
    ],
    pages_daily: [
      { day: '2026-11-01', site: 'a', path: '/x', page_views: 6, visitors: 5, entries: 3, exits: 2 },
      { day: '2026-11-02', site: 'b', path: '/x', page_views: 9, visitors: 7, entries: 4, exits: 5 },
      { day: '2026-11-02', site: 'b', path: '(other)', page_views: 99, visitors: 50, entries: 1, exits: 1 },
    ],
    sources_daily: [
      {
        day: '2026-11-01',
        site: 'a',
        channel: 'search',
        source: 'google.com',
        medium: 'organic',
        campaign: '(none)',
        sessions: 4,
        visitors: 4,
        page_views: 6,
        bounces: 1,
      },
      {
        day: '2026-11-02',
        site: 'a',
        channel: 'campaign',
        source: 'news',
        medium: 'email',
        campaign: 'winter',
        sessions: 2,
        visitors: 2,
        page_views: 3,
        bounces: 2,
      },
    ],
    transitions_daily: [
      { day: '2026-11-02', site: 'b', from_path: '/x', to_path: '/y', count: 4, visitors: 4 },
      { day: '2026-11-02', site: 'a', from_path: '/x', to_path: '/z', count: 9, visitors: 9 },
    ],
  };

  it('tells how many page views of the period are hidden in (other) rows', () => {
    const model = buildReportModel(range, null, ['a', 'b'], tables, []);
    expect(model.hidden).toMatchObject({ pageViews: 114, pageViewsHidden: 99 });
    const page = renderReport(model);
    expect(page).toMatch(/data-metric="hidden_page_views" data-value="0\.868/);
    expect(page).toContain('logveil run --k');
  });

  it('keeps sites apart when it covers several, and hourly series add the sites up', () => {
    const model = buildReportModel(range, null, ['b', 'a'], tables, []);
    expect(model.pages.map((p) => [p.site, p.path, p.page_views])).toEqual([
      ['b', '(other)', 99],
      ['b', '/x', 9],
      ['a', '/x', 6],
    ]);
    expect(model.series).toHaveLength(48);
    const five = model.series.find((p) => p.label === '2026-11-01 05:00')!;
    expect([five.hits, five.pageViews, five.peakRpm, five.errors5xx]).toEqual([10, 6, 5, 1]);
    expect(model.capacity.peakRpm).toBe(5);
    expect(model.previous).toBeNull();
  });

  it('follows the top real pages (not the folded row) with entries and exits as ways in and out', () => {
    const model = buildReportModel(
      range,
      'b',
      ['b'],
      {
        ...tables,
        pages_daily: tables.pages_daily.filter((r) => r.site === 'b'),
        transitions_daily: tables.transitions_daily.filter((r) => r.site === 'b'),
      },
      [],
    );
    expect(model.navigation.map((n) => n.path)).toEqual(['/x']);
    const x = model.navigation[0]!;
    expect(x.wentTo).toEqual([
      { path: '(exit)', count: 5, visitors: '' },
      { path: '/y', count: 4, visitors: 4 },
    ]);
    expect(x.cameFrom).toEqual([{ path: '(entrance)', count: 4, visitors: '' }]);
    expect(model.pages[1]!.exit_rate).toBeCloseTo(5 / 9, 12);
  });

  it('lists campaigns apart from untagged traffic and compares with the previous period', () => {
    const model = buildReportModel(range, 'a', ['a'], tables, [traffic('2026-10-31', 'a', 5, 2, 2, 1, 10)]);
    expect(model.campaigns.map((c) => c.campaign)).toEqual(['winter']);
    expect(model.channels.map((c) => [c.channel, c.bounce_rate])).toEqual([
      ['search', 0.25],
      ['campaign', 1],
    ]);
    expect(model.previous?.pageViews).toBe(5);
  });

  it('lists only named campaigns: fold rows of sources_daily are not a campaign (as the campaigns query)', () => {
    // k-anonymity folds rare search/referral/social rows into (other) source, medium and campaign per
    // channel: nothing in such a row says it held a utm_campaign, so it is no campaign.
    const fold = (channel: string, sessions: number): PlainRow => ({
      day: '2026-11-01',
      site: 'a',
      channel,
      source: '(other)',
      medium: '(other)',
      campaign: '(other)',
      sessions,
      visitors: sessions,
      page_views: sessions,
      bounces: 0,
    });
    const model = buildReportModel(
      range,
      'a',
      ['a'],
      { ...tables, sources_daily: [...tables.sources_daily, fold('referral', 272), fold('campaign', 3)] },
      [],
    );
    expect(model.campaigns.map((c) => [c.campaign, c.source, c.medium, c.sessions])).toEqual([
      ['winter', 'news', 'email', 2],
    ]);
    // The folded sessions still count where they are real: in their channel and as a folded source.
    expect(model.channels.find((c) => c.channel === 'referral')?.sessions).toBe(272);
    expect(model.sources.some((s) => s.source === '(other)')).toBe(true);
  });

  it('takes daily visitors from traffic_daily in daily series, not the sum of hours', () => {
    const long = resolveRange({ from: '2026-11-01', to: '2026-11-07' }, []);
    const model = buildReportModel(long, 'a', ['a'], tables, []);
    expect(model.series).toHaveLength(7);
    expect(model.series[0]).toMatchObject({ label: '2026-11-01', pageViews: 10, visitors: 5, hits: 10 });
  });
});
