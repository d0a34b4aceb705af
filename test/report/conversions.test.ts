/**
 * The Goals and Funnels sections: their numbers are the sums of goals_daily and funnels_daily over
 * the period (rates against traffic_daily and sources_daily sessions), changes compare with the
 * previous period only when it has goal data, and empty tables or left-out steps are said as such.
 */
import { describe, expect, it } from 'vitest';
import { countChange, funnelsOf, goalsOf, rateChange } from '../../lib/report/conversions.ts';
import { renderReport } from '../../lib/report/render-report.ts';
import { buildReportModel } from '../../lib/report/report-model.ts';
import { resolveRange } from '../../lib/report/report-range.ts';
import type { PlainRow } from '../../lib/tables/parquet-reader.ts';
import { tableCells } from './report-cells.ts';

const range = resolveRange({ from: '2026-11-03', to: '2026-11-04' }, []);

const traffic = (day: string, sessions: number, site = 'a'): PlainRow => ({
  day,
  site,
  hits: sessions * 4,
  bot_hits: 0,
  bytes: 0,
  page_views: sessions * 2,
  opt_out_page_views: 0,
  visitors: sessions,
  sessions,
  bounces: 0,
  session_seconds: 0,
});

const source = (day: string, channel: string, sessions: number, site = 'a'): PlainRow => ({
  day,
  site,
  channel,
  source: channel === 'direct' ? '(direct)' : `${channel}.example`,
  medium: '(none)',
  campaign: '(none)',
  sessions,
  visitors: sessions,
  page_views: sessions,
  bounces: 0,
});

const goal = (
  day: string,
  name: string,
  channel: string,
  conversions: number,
  extra: Partial<Record<'source' | 'medium' | 'campaign' | 'site', string>> = {},
): PlainRow => ({
  day,
  site: 'a',
  goal: name,
  channel,
  source: channel === 'direct' ? '(direct)' : `${channel}.example`,
  medium: '(none)',
  campaign: '(none)',
  conversions,
  visitors: conversions - 1,
  page_views: conversions * 3,
  ...extra,
});

const step = (
  day: string,
  funnel: string,
  stepNumber: number,
  text: string,
  sessions: number,
  site = 'a',
): PlainRow => ({ day, site, funnel, step_number: stepNumber, step: text, sessions, visitors: sessions - 1 });

const tables = {
  traffic_daily: [traffic('2026-11-03', 600), traffic('2026-11-04', 400)],
  sources_daily: [
    source('2026-11-03', 'direct', 300),
    source('2026-11-04', 'direct', 200),
    source('2026-11-03', 'search', 300),
    source('2026-11-04', 'search', 200),
  ],
  goals_daily: [
    goal('2026-11-03', 'Order', 'direct', 30),
    goal('2026-11-04', 'Order', 'direct', 20),
    goal('2026-11-03', 'Order', 'search', 12),
    // A fold row: sources seen by fewer than k visitors, channel kept.
    goal('2026-11-04', 'Order', 'search', 3, { source: '(other)', medium: '(other)', campaign: '(other)' }),
    goal('2026-11-03', 'Order', 'search', 6, { source: 'news', medium: 'email', campaign: 'winter' }),
    goal('2026-11-04', 'Signup', 'direct', 9),
  ],
  funnels_daily: [
    step('2026-11-03', 'Buy', 1, '/products/**', 300),
    step('2026-11-04', 'Buy', 1, '/products/**', 200),
    step('2026-11-03', 'Buy', 2, '[/pricing]', 40),
    step('2026-11-04', 'Buy', 2, '[/pricing]', 30),
    step('2026-11-03', 'Buy', 3, '/cart', 120),
    step('2026-11-04', 'Buy', 3, '/cart', 80),
    step('2026-11-03', 'Buy', 4, '/checkout/confirm', 50),
    // 2026-11-04: fewer than k visitors reached step 4, the table left it out.
  ],
};

const previous = {
  traffic_daily: [traffic('2026-11-01', 500), traffic('2026-11-02', 500)],
  goals_daily: [goal('2026-11-01', 'Order', 'direct', 40), goal('2026-11-02', 'Refund', 'direct', 7)],
};

/** The `data-*` attributes of every element matching `tag[attr]` in the page. */
function attributes(page: string, selector: RegExp): Array<Record<string, string>> {
  return [...page.matchAll(selector)].map((m) =>
    Object.fromEntries([...m[0].matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

/** The markup of one section of the page. */
function section(page: string, id: string): string {
  const match = new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`).exec(page);
  expect(match, `section ${id}`).not.toBeNull();
  return match![1]!;
}

/** The markup of one funnel's block (its chart and its table). */
function funnelBlock(page: string, funnel: string): string {
  const match = new RegExp(`<div class="funnel" data-funnel="${funnel}"[\\s\\S]*?</table>`).exec(page);
  expect(match, `funnel ${funnel}`).not.toBeNull();
  return match![0]!;
}

describe('goals', () => {
  it('sums goals_daily over the period; the rate is against the sessions of traffic_daily', () => {
    const g = goalsOf(tables, previous, false);
    expect(g.goals.map((s) => [s.goal, s.conversions, s.visitors, s.pageViews, s.sessions])).toEqual([
      ['Order', 71, 66, 213, 1000],
      ['Signup', 9, 8, 27, 1000],
      // In the previous period only: it still shows, with nothing now.
      ['Refund', 0, 0, 0, 1000],
    ]);
    expect(g.goals[0]!.rate).toBeCloseTo(71 / 1000, 12);
    // Every conversion of a goal is in exactly one channel row, fold rows included.
    for (const s of g.goals)
      expect(
        g.byChannel.filter((r) => r.goal === s.goal).reduce((sum, r) => sum + Number(r.conversions), 0),
      ).toBe(s.conversions);
  });

  it('breaks conversions down by channel against that channel’s sessions of sources_daily', () => {
    const g = goalsOf(tables, {}, false);
    expect(g.byChannel).toEqual([
      {
        goal: 'Order',
        channel: 'direct',
        conversions: 50,
        visitors: 48,
        page_views: 150,
        sessions: 500,
        rate: 0.1,
      },
      {
        goal: 'Order',
        channel: 'search',
        conversions: 21,
        visitors: 18,
        page_views: 63,
        sessions: 500,
        rate: 0.042,
      },
      {
        goal: 'Signup',
        channel: 'direct',
        conversions: 9,
        visitors: 8,
        page_views: 27,
        sessions: 500,
        rate: 0.018,
      },
    ]);
  });

  it('lists named campaigns only; (other) fold rows are counted apart, per goal', () => {
    const g = goalsOf(tables, {}, false);
    expect(g.byCampaign).toEqual([
      {
        goal: 'Order',
        campaign: 'winter',
        source: 'news',
        medium: 'email',
        conversions: 6,
        visitors: 5,
        page_views: 18,
      },
    ]);
    expect(g.folded).toEqual([{ goal: 'Order', conversions: 3, visitors: 2 }]);
    const page = renderReport(buildReportModel(range, 'a', ['a'], tables, {}));
    expect(tableCells(page, 'goal_campaigns')).toEqual([
      ['Order', 'winter', 'news', 'email', '6', '5', '18'],
    ]);
    expect(page).toMatch(
      /data-metric="goal_conversions_other" data-value="3">3 conversions are counted in “\(other\)” rows \(Order: 3\)/,
    );
  });

  it('compares with the previous period: conversions in percent, the rate in percentage points', () => {
    const g = goalsOf(tables, previous, false);
    const order = g.goals[0]!;
    expect(order.previous).toEqual({ conversions: 40, sessions: 1000, rate: 0.04 });
    expect(order.conversionsChange).toBeCloseTo(((71 - 40) / 40) * 100, 9);
    expect(order.rateChange).toBeCloseTo((0.071 - 0.04) * 100, 9);
    // No conversions before: no percent change to show, the rate still compares.
    const signup = g.goals[1]!;
    expect(signup.previous).toEqual({ conversions: 0, sessions: 1000, rate: 0 });
    expect(signup.conversionsChange).toBeNull();
    expect(signup.rateChange).toBeCloseTo(0.9, 9);
    expect(g.goals[2]!.conversionsChange).toBe(-100);
    expect(g.previousMissing).toBeNull();

    const page = renderReport(buildReportModel(range, 'a', ['a'], tables, previous));
    const rows = tableCells(page, 'goals');
    // Goal, conversions, change, rate, rate change, visitors, page views.
    expect(rows).toEqual([
      ['Order', '71', '+77.5%', '7.1%', '+3.1 pts', '66', '213'],
      ['Signup', '9', 'new (previous period: 0)', '0.9%', '+0.9 pts', '8', '27'],
      ['Refund', '0', '−100.0%', '0.0%', '−0.7 pts', '0', '0'],
    ]);
    expect(page).toContain('data-change="77.50"');
    expect(page).toContain('title="previous period: 40 conversions of 1,000 sessions (4.0%)"');
    expect(page).toContain('Changes compare with 2026-11-01 – 2026-11-02');
  });

  it('shows no change when the previous period has no data, or no goal data, and says so', () => {
    for (const [before, why, text] of [
      [{}, 'no-traffic', 'No data for the previous period (2026-11-01 – 2026-11-02): no change to show.'],
      [{ traffic_daily: previous.traffic_daily }, 'no-goals', 'No goal conversions in the previous period'],
    ] as const) {
      const model = buildReportModel(range, 'a', ['a'], tables, before);
      expect(model.goals.previousMissing).toBe(why);
      for (const s of model.goals.goals) {
        expect(s.previous).toBeNull();
        expect([s.conversionsChange, s.rateChange]).toEqual([null, null]);
      }
      const page = renderReport(model);
      expect(page).toContain(`data-metric="goals_previous" data-value="${why}">${text}`);
      expect(section(page, 'goals')).not.toContain('data-change=');
      expect(tableCells(page, 'goals')[0]).toEqual(['Order', '71', '7.1%', '66', '213']);
    }
  });

  it('keeps the sites apart, each goal against its own site’s sessions', () => {
    const two = {
      traffic_daily: [traffic('2026-11-03', 100, 'a'), traffic('2026-11-03', 400, 'b')],
      sources_daily: [source('2026-11-03', 'direct', 100, 'a'), source('2026-11-03', 'direct', 400, 'b')],
      goals_daily: [
        goal('2026-11-03', 'Order', 'direct', 10, { site: 'a' }),
        goal('2026-11-03', 'Order', 'direct', 20, { site: 'b' }),
      ],
    };
    const g = goalsOf(two, {}, true);
    expect(g.goals.map((s) => [s.site, s.goal, s.conversions, s.rate])).toEqual([
      ['b', 'Order', 20, 0.05],
      ['a', 'Order', 10, 0.1],
    ]);
    expect(g.byChannel.map((r) => [r.site, r.rate])).toEqual([
      ['b', 0.05],
      ['a', 0.1],
    ]);
  });

  it('change helpers: none without a previous value, percentage points for rates', () => {
    expect(countChange(15, 10)).toBe(50);
    expect(countChange(15, 0)).toBeNull();
    expect(countChange(15, null)).toBeNull();
    expect(rateChange(0.3, 0.25)).toBeCloseTo(5, 12);
    expect(rateChange(null, 0.25)).toBeNull();
    expect(rateChange(0.3, undefined)).toBeNull();
  });
});

describe('funnels', () => {
  it('sums each step over the days; drop-off after a skippable step counts from the step before it', () => {
    const [buy] = funnelsOf(tables.funnels_daily, false);
    expect(buy).toMatchObject({ site: null, funnel: 'Buy', days: 2, continuesHidden: false });
    expect(
      buy!.steps.map((s) => [
        s.stepNumber,
        s.step,
        s.optional,
        s.sessions,
        s.visitors,
        s.dropFrom,
        s.dropped,
      ]),
    ).toEqual([
      [1, '/products/**', false, 500, 498, null, null],
      [2, '[/pricing]', true, 70, 68, null, null],
      [3, '/cart', false, 200, 198, 1, 300],
      [4, '/checkout/confirm', false, 50, 49, 3, 150],
    ]);
    expect(buy!.steps[2]!.dropRate).toBeCloseTo(300 / 500, 12);
    expect(buy!.steps[3]!.dropRate).toBeCloseTo(150 / 200, 12);
    expect(buy!.steps[1]!.shareOfFirst).toBeCloseTo(70 / 500, 12);
    // Step 4 had no row on 2026-11-04: one of the two days is not in its sum.
    expect(buy!.steps.map((s) => s.daysLeftOut)).toEqual([0, 0, 0, 1]);
  });

  it('shows a step left out on every day as “fewer than k visitors”, and a funnel that goes on past a skippable step', () => {
    const rows = [
      step('2026-11-03', 'Trial', 1, '/products/**', 90),
      // Step 2 ([/pricing]) was reached by fewer than k visitors: no row. Step 3 was not.
      step('2026-11-03', 'Trial', 3, '/signup', 12),
      step('2026-11-03', 'Late', 1, '/docs', 40),
      step('2026-11-03', 'Late', 2, '[/docs/faq]', 9),
      // Step 3, which may not be skipped, was left out: the rows end at a skippable step.
    ];
    const [late, trial] = funnelsOf(rows, false);
    expect(
      trial!.steps.map((s) => [s.stepNumber, s.step, s.optional, s.sessions, s.dropFrom, s.dropped]),
    ).toEqual([
      [1, '/products/**', false, 90, null, null],
      [2, null, true, null, null, null],
      [3, '/signup', false, 12, 1, 78],
    ]);
    expect(late!.continuesHidden).toBe(true);

    const page = renderReport(
      buildReportModel(range, 'a', ['a'], { traffic_daily: tables.traffic_daily, funnels_daily: rows }, {}),
    );
    const bars = attributes(page, /<g class="fstep"[^>]*>/g);
    expect(bars.map((b) => [b['data-step'], b['data-sessions'], b['data-dropped']])).toEqual([
      // Late: its third step is known to exist, and was left out.
      ['1', '40', ''],
      ['2', '9', ''],
      ['3', '', ''],
      // Trial.
      ['1', '90', ''],
      ['2', '', ''],
      ['3', '12', '78'],
    ]);
    expect(page).toContain('2. (a step that may be skipped)');
    expect(page).toContain('3. (a later step)');
    expect(page.match(/>fewer than k visitors</g)).toHaveLength(2);
    expect(page).toContain('▼ 78 dropped (86.7%) since step 1');
    expect(page).toContain('2. [/docs/faq] — may be skipped');
    expect(tableCells(funnelBlock(page, 'Trial'), 'funnel_steps')).toEqual([
      ['1', '/products/**', '90', '89', '100.0%', '', '', ''],
      [
        '2',
        '(a step that may be skipped)',
        '',
        '',
        '',
        '',
        '',
        'fewer than k visitors (left out); may be skipped',
      ],
      ['3', '/signup', '12', '11', '13.3%', '78', '86.7%', 'drop-off since step 1'],
    ]);
    expect(page).toMatch(
      /<svg viewBox="0 0 480 \d+" role="img" aria-label="Funnel “Late”: sessions per step/,
    );
  });

  it('draws one chart per funnel with the sums of the table, and notes a step counted on fewer days', () => {
    const page = renderReport(buildReportModel(range, 'a', ['a'], tables, {}));
    const bars = attributes(page, /<g class="fstep"[^>]*>/g);
    expect(bars.map((b) => [b['data-step'], Number(b['data-sessions'])])).toEqual([
      ['1', 500],
      ['2', 70],
      ['3', 200],
      ['4', 50],
    ]);
    expect(page).toContain('50 sessions · on 1 of 2 days');
    expect(page).toContain('left out on 1 of 2 days (fewer than k visitors): those days not counted');
    expect(page.match(/<figure class="chart funnel">/g)).toHaveLength(1);
    expect(page).toContain('<a href="#goals">Goals</a><a href="#funnels">Funnels</a>');
  });

  it('keeps sites apart when the report covers several', () => {
    const rows = [step('2026-11-03', 'Buy', 1, '/p', 10, 'a'), step('2026-11-03', 'Buy', 1, '/p', 30, 'b')];
    expect(funnelsOf(rows, true).map((f) => [f.site, f.funnel, f.steps[0]!.sessions])).toEqual([
      ['a', 'Buy', 10],
      ['b', 'Buy', 30],
    ]);
    expect(funnelsOf(rows, false).map((f) => [f.site, f.steps[0]!.sessions])).toEqual([[null, 40]]);
  });
});

describe('without goals or funnels', () => {
  it('says how to configure them, with empty tables or tables from before goals existed', () => {
    const empty = { ...tables, goals_daily: [], funnels_daily: [] };
    const { goals_daily: _g, funnels_daily: _f, ...older } = tables;
    for (const t of [empty, older]) {
      const model = buildReportModel(range, 'a', ['a'], t, previous);
      expect(model.goals.goals).toEqual([]);
      expect(model.goals.byChannel).toEqual([]);
      expect(model.funnels).toEqual([]);
      const page = renderReport(model);
      expect(page).toContain('<section id="goals"><h2>Goals</h2><p class="empty" data-table="goals">No goal');
      expect(page).toContain('logveil run --goal &#39;Order=/checkout/confirm&#39;');
      expect(page).toContain(
        '<section id="funnels"><h2>Funnels</h2><p class="empty" data-table="funnels">No funnel',
      );
      expect(page).toContain('--funnel &#39;Purchase=/products/** &gt; /cart &gt; /checkout/confirm&#39;');
      expect(page).not.toContain('<table class="sortable" data-table="goal_channels">');
    }
  });
});

describe('escaping', () => {
  it('escapes goal names, funnel names and steps everywhere they are shown', () => {
    const hostile = '/x/<i&b>"\'';
    const t = {
      traffic_daily: tables.traffic_daily,
      sources_daily: tables.sources_daily,
      goals_daily: [
        goal('2026-11-03', '<b>Order</b>', 'direct', 10, { campaign: '<img src=x>', medium: 'x' }),
      ],
      funnels_daily: [
        step('2026-11-03', '<s>F</s>', 1, hostile, 30),
        step('2026-11-03', '<s>F</s>', 2, `[${hostile}]`, 20),
        step('2026-11-03', '<s>F</s>', 3, hostile, 10),
      ],
    };
    const page = renderReport(buildReportModel(range, 'a', ['a'], t, {}));
    expect(page).not.toMatch(/<b>|<s>|<i&|<img/);
    expect(page).toContain('&lt;b&gt;Order&lt;/b&gt;');
    expect(page).toContain('&lt;img src=x&gt;');
    expect(page).toContain('data-funnel="&lt;s&gt;F&lt;/s&gt;"');
    expect(page).toContain('1. /x/&lt;i&amp;b&gt;&quot;&#39;</text>');
    expect(page).toContain('aria-label="Funnel “&lt;s&gt;F&lt;/s&gt;”');
  });
});
