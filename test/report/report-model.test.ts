import { describe, expect, it } from 'vitest';
import { countryName, flagOf, renderReport } from '../../lib/report/render-report.ts';
import { buildReportModel, groupRows, headlineOf } from '../../lib/report/report-model.ts';
import { resolveRange } from '../../lib/report/report-range.ts';
import type { PlainRow } from '../../lib/tables/parquet-reader.ts';
import { tableCells } from './report-cells.ts';

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

const country = (
  day: string,
  site: string,
  code: string,
  pv: number,
  v: number,
  s: number,
  b: number,
): PlainRow => ({ day, site, country: code, page_views: pv, visitors: v, sessions: s, bounces: b });

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
    countries_daily: [
      country('2026-11-01', 'a', 'DE', 5, 3, 2, 1),
      country('2026-11-02', 'a', 'DE', 4, 2, 3, 0),
      // Page views under their own hit's country, sessions under the first page view's: none here.
      country('2026-11-01', 'a', '(unknown)', 1, 1, 0, 0),
      country('2026-11-02', 'b', 'DE', 7, 5, 4, 2),
      country('2026-11-02', 'b', '(other)', 3, 2, 1, 1),
      country('2026-11-01', 'b', 'US', 2, 2, 2, 2),
    ],
    bots_daily: [
      { day: '2026-11-01', site: 'a', bot_name: 'Googlebot', hits: 5, bytes: 500 },
      { day: '2026-11-01', site: 'a', bot_name: '(hosting network)', hits: 8, bytes: 800 },
      { day: '2026-11-02', site: 'b', bot_name: '(hosting network)', hits: 4, bytes: 400 },
    ],
  };

  it('tells how many page views of the period are hidden in (other) rows', () => {
    const model = buildReportModel(range, null, ['a', 'b'], tables, {});
    expect(model.hidden).toMatchObject({ pageViews: 114, pageViewsHidden: 99 });
    const page = renderReport(model);
    expect(page).toMatch(/data-metric="hidden_page_views" data-value="0\.868/);
    expect(page).toContain('logveil run --k');
  });

  it('keeps sites apart when it covers several, and hourly series add the sites up', () => {
    const model = buildReportModel(range, null, ['b', 'a'], tables, {});
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
      {},
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
    const model = buildReportModel(range, 'a', ['a'], tables, {
      traffic_daily: [traffic('2026-10-31', 'a', 5, 2, 2, 1, 10)],
    });
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
      {},
    );
    expect(model.campaigns.map((c) => [c.campaign, c.source, c.medium, c.sessions])).toEqual([
      ['winter', 'news', 'email', 2],
    ]);
    // The folded sessions still count where they are real: in their channel and as a folded source.
    expect(model.channels.find((c) => c.channel === 'referral')?.sessions).toBe(272);
    expect(model.sources.some((s) => s.source === '(other)')).toBe(true);
  });

  it('sums countries_daily per country, a country without sessions has no bounce rate', () => {
    // As loadAggregates gives them for one site: its rows only.
    const countries_daily = tables.countries_daily.filter((r) => r.site === 'a');
    const model = buildReportModel(range, 'a', ['a'], { ...tables, countries_daily }, {});
    expect(model.countries).toEqual([
      { country: 'DE', page_views: 9, visitors: 5, sessions: 5, bounces: 1, bounce_rate: 0.2 },
      { country: '(unknown)', page_views: 1, visitors: 1, sessions: 0, bounces: 0, bounce_rate: '' },
    ]);
  });

  it('keeps the sites of the countries apart when it covers several, and loses no row', () => {
    const model = buildReportModel(range, null, ['b', 'a'], tables, {});
    expect(model.countries.map((c) => [c.site, c.country, c.page_views, c.visitors, c.sessions])).toEqual([
      ['a', 'DE', 9, 5, 5],
      ['b', 'DE', 7, 5, 4],
      ['b', '(other)', 3, 2, 1],
      ['b', 'US', 2, 2, 2],
      ['a', '(unknown)', 1, 1, 0],
    ]);
    for (const measure of ['page_views', 'visitors', 'sessions', 'bounces'])
      expect(
        model.countries.reduce((sum, c) => sum + Number(c[measure]), 0),
        measure,
      ).toBe(tables.countries_daily.reduce((sum, r) => sum + Number(r[measure]), 0));
  });

  it('renders countries after technology with flag, English name and code; (unknown) and (other) as words', () => {
    const page = renderReport(buildReportModel(range, null, ['b', 'a'], tables, {}));
    const order = ['technology', 'countries', 'navigation'].map((id) => page.indexOf(`<section id="${id}">`));
    expect(order[0]).toBeGreaterThan(0);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(page).toContain('<a href="#countries">Countries</a>');
    const rows = tableCells(page, 'countries');
    // Site, country, page views, visitors, sessions, bounce rate.
    expect(rows).toEqual([
      ['a', '🇩🇪 Germany DE', '9', '5', '5', '20.0%'],
      ['b', '🇩🇪 Germany DE', '7', '5', '4', '50.0%'],
      ['b', '(other)', '3', '2', '1', '100.0%'],
      ['b', '🇺🇸 United States US', '2', '2', '2', '100.0%'],
      ['a', '(unknown)', '1', '1', '0', ''],
    ]);
    expect(page).toContain(
      '<td class="text"><span aria-hidden="true">🇩🇪</span> Germany <span class="muted">DE</span></td>',
    );
    expect(page).toContain('<td class="text">(other)</td>');
    expect(page).toContain('<td class="text">(unknown)</td>');
    expect(page).toMatch(
      /never stored.*fewer than k visitors on a day.*“\(other\)”.*hosting and cloud networks are counted as bots/,
    );
    // The bots table names the browsers from hosting networks.
    expect(tableCells(page, 'bots')).toContainEqual(['(hosting network)', '12', '1.2 KiB']);
  });

  it('says when the tables of the period have no countries (computed before countries_daily)', () => {
    const { countries_daily: _, ...older } = tables;
    const model = buildReportModel(range, 'a', ['a'], older, {});
    expect(model.countries).toEqual([]);
    expect(renderReport(model)).toMatch(/<p class="empty" data-table="countries">No country rows/);
  });

  it('takes daily visitors from traffic_daily in daily series, not the sum of hours', () => {
    const long = resolveRange({ from: '2026-11-01', to: '2026-11-07' }, []);
    const model = buildReportModel(long, 'a', ['a'], tables, {});
    expect(model.series).toHaveLength(7);
    expect(model.series[0]).toMatchObject({ label: '2026-11-01', pageViews: 10, visitors: 5, hits: 10 });
  });
});

describe('country cells', () => {
  it('draws the flag from the code as regional indicator symbols, and none for anything else', () => {
    expect(flagOf('DE')).toBe('\u{1F1E9}\u{1F1EA}');
    expect(flagOf('DE')).toBe('🇩🇪');
    expect(flagOf('US')).toBe('🇺🇸');
    for (const notACode of ['(unknown)', '(other)', 'de', 'DEU', '', 'D1']) expect(flagOf(notACode)).toBe('');
  });

  it('names the country in English beside flag and code, and escapes what is not a code', () => {
    expect(countryName('DE').text).toBe(
      '<span aria-hidden="true">🇩🇪</span> Germany <span class="muted">DE</span>',
    );
    expect(countryName('JP').text).toContain(' Japan ');
    expect(countryName('(unknown)').text).toBe('(unknown)');
    expect(countryName('(other)').text).toBe('(other)');
    expect(countryName('<b>x</b>').text).toBe('&lt;b&gt;x&lt;/b&gt;');
    // A well-formed code no country has: flag and code, no made-up name.
    expect(countryName('AA').text).toBe('<span aria-hidden="true">🇦🇦</span> AA');
  });
});
