/**
 * The HTML report, end to end: a real run over generated traffic (plus hostile paths and sources) with
 * goals and funnels, `logveil report`, then the page opened in headless Chromium. Every section is
 * checked, the headline cards against DuckDB sums over the same tables, goals and funnels against
 * the named queries, hostile strings must show as text, and the page must not request anything.
 * Screenshots (light and dark) land in test-results/.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../lib/cli/query-command.ts';
import { namedQueries } from '../../lib/queries/index.ts';
import { formatCount, formatDuration, formatPercent } from '../../lib/report/render-report.ts';
import { generatedLog, REPO_ROOT, runCli, tempDir, writeLog } from '../helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const SECTIONS = [
  'headline',
  'over-time',
  'pages',
  'sources',
  'campaigns',
  'goals',
  'funnels',
  'technology',
  'countries',
  'navigation',
  'capacity',
  'status',
  'bots',
];
const SCRIPT_PATH = '/search/<script>window.__pwned=1</script>';
const IMG_SOURCE = '<img src=x onerror=window.__pwned=2>';
const SVG_404 = '/nope/<svg onload=window.__pwned=3>';
/** A funnel step whose pattern is markup: `>` ends a step, so no closing bracket. */
const HOSTILE_STEP = '/x/<i&b';
// Over pages the generated site has plenty of (the generator's shop is still growing): every goal
// converts, and every step but Rare's second has k visitors or more on every day.
const GOALS = ['Home=/', 'Pricing=/pricing', 'Product=/products/*'];
const FUNNELS = [
  'Trial=/ > [/products/**] > /**',
  // Nobody visits its step 2: left out on every day, so step 3 follows a gap.
  'Rare=/products/** > [/nowhere/at-all] > /**',
  `Hostile=/search/** > ${HOSTILE_STEP}`,
];
const PERIOD = "dt between '2026-11-03' and '2026-11-04'";
const PREVIOUS = "dt between '2026-11-01' and '2026-11-02'";
const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

/** Seven visitors (above k = 5) so the hostile rows survive k-anonymity and reach the tables. */
function hostileLines(): string[] {
  const lines: string[] = [];
  for (let i = 1; i <= 7; i++) {
    const ip = `198.51.100.${i}`;
    const t = `04/Nov/2026:10:0${i}:00 +0000`;
    lines.push(
      `${ip} - - [${t}] "GET /search/%3Cscript%3Ewindow.__pwned=1%3C/script%3E?utm_source=%3Cimg%20src=x%20onerror=window.__pwned=2%3E&utm_campaign=%22%3E%3Cb%3Ebold HTTP/1.1" 200 512 "-" "${UA}"`,
      `${ip} - - [${t.replace(':0', ':3')}] "GET /nope/%3Csvg%20onload=window.__pwned=3%3E HTTP/1.1" 404 128 "-" "${UA}"`,
      // Right after the search: the Hostile funnel's second step, in the same session.
      `${ip} - - [${t.replace(':00 ', ':30 ')}] "GET /x/%3Ci&b HTTP/1.1" 200 512 "-" "${UA}"`,
    );
  }
  return lines;
}

const describeBrowser = existsSync(CHROMIUM) || IN_CI ? describe : describe.skip;

describeBrowser('logveil report in headless Chromium', () => {
  let dir: string;
  let out: string;
  let reportFile: string;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`CI=true but ${CHROMIUM} is missing: .ci/run installs Debian's chromium package`);
    }
    dir = await tempDir();
    out = join(dir, 'out');
    const log = join(dir, 'site.log');
    await writeLog(log, [...generatedLog({ lines: 16_000, seed: 'report', days: 4 }), ...hostileLines()]);
    const run = await runCli([
      'run',
      log,
      '--out',
      out,
      '--salt-dir',
      join(dir, 'salts'),
      '--json',
      ...GOALS.flatMap((g) => ['--goal', g]),
      ...FUNNELS.flatMap((f) => ['--funnel', f]),
    ]);
    expect(run.code).toBe(0);
    reportFile = join(dir, 'report.html');
    const report = await runCli([
      'report',
      '--out',
      out,
      '--from',
      '2026-11-03',
      '--to',
      '2026-11-04',
      '-o',
      reportFile,
    ]);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    expect(report.stdout).toContain(reportFile);

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      colorScheme: 'light',
    });
    page = await context.newPage();
    const documentUrl = pathToFileURL(reportFile).href;
    // Any request but the document itself is a failure: record it and never let it through.
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url === documentUrl) return route.continue();
      requests.push(url);
      return route.abort();
    });
    page.on('request', (r) => {
      if (r.url() !== documentUrl && !requests.includes(r.url())) requests.push(r.url());
    });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(documentUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('has every section, each with content', async () => {
    for (const id of SECTIONS) {
      const section = page.locator(`section#${id}`);
      await expect(section.count()).resolves.toBe(1);
      expect((await section.locator('h2').textContent())?.length).toBeGreaterThan(0);
      const filled = await section.locator('table tbody tr, svg polyline, .card').count();
      expect(filled, `section ${id} is empty`).toBeGreaterThan(0);
    }
    // Two days: the series is hourly, 48 points per line.
    const points = await page.locator('#over-time polyline').first().getAttribute('points');
    expect(points?.trim().split(' ')).toHaveLength(48);
    for (const table of [
      'pages',
      'channels',
      'sources',
      'campaigns',
      'browsers',
      'systems',
      'devices',
      'countries',
      'goals',
      'goal_channels',
      'goal_campaigns',
      'funnel_steps',
      'busiest',
      'statuses',
      'not_found',
      'bots',
    ]) {
      expect(await page.locator(`table[data-table="${table}"] tbody tr`).count(), table).toBeGreaterThan(0);
    }
    // In the order of the page and its navigation.
    expect(await page.locator('main > section').evaluateAll((s) => s.map((e) => e.id))).toEqual(SECTIONS);
    expect(await page.locator('nav a').evaluateAll((a) => a.map((e) => e.getAttribute('href')))).toEqual(
      SECTIONS.map((id) => `#${id}`),
    );
    expect(await page.locator('#navigation h3').count()).toBeGreaterThan(0);
    expect(await page.locator('#navigation table[data-table="went_to"] tbody tr').count()).toBeGreaterThan(0);
  });

  it('shows headline numbers equal to the aggregate tables, with the change against the previous period', async () => {
    const sums = async (from: string, to: string) => {
      const result = await runQuery(
        out,
        `select sum(page_views), sum(visitors), sum(sessions), sum(bounces), sum(session_seconds), sum(hits), sum(bot_hits)
         from traffic_daily where dt between '${from}' and '${to}'`,
      );
      const [pv, v, s, b, ss, h, bh] = result.rows[0]!.map(Number) as number[];
      return { pv: pv!, v: v!, s: s!, b: b!, ss: ss!, h: h!, bh: bh! };
    };
    const now = await sums('2026-11-03', '2026-11-04');
    const before = await sums('2026-11-01', '2026-11-02');
    expect(now.pv).toBeGreaterThan(1000);
    const card = (metric: string) => page.locator(`.card[data-metric="${metric}"]`);
    const expected: Array<[string, number, string]> = [
      ['page_views', now.pv, formatCount(now.pv)],
      ['visitors', now.v, formatCount(now.v)],
      ['sessions', now.s, formatCount(now.s)],
      ['bounce_rate', now.b / now.s, formatPercent(now.b / now.s)],
      ['avg_session_seconds', now.ss / now.s, formatDuration(now.ss / now.s)],
      ['hits', now.h, formatCount(now.h)],
    ];
    for (const [metric, value, shown] of expected) {
      expect(Number(await card(metric).getAttribute('data-value')), metric).toBeCloseTo(value, 9);
      expect(await card(metric).locator('.value').textContent(), metric).toBe(shown);
    }
    const change = async (metric: string) =>
      Number(await card(metric).locator('.change').getAttribute('data-change'));
    expect(await change('page_views')).toBeCloseTo(((now.pv - before.pv) / before.pv) * 100, 1);
    expect(await change('visitors')).toBeCloseTo(((now.v - before.v) / before.v) * 100, 1);
    expect(await change('bounce_rate')).toBeCloseTo((now.b / now.s - before.b / before.s) * 100, 1);
    expect(Number(await card('bot_share').getAttribute('data-value'))).toBeCloseTo(now.bh / now.h, 9);
  });

  it('shows goals equal to goals_daily: conversions, rate against the sessions, change, channels, campaigns', async () => {
    const rows = async (sql: string) => (await runQuery(out, sql)).rows;
    const sessions = async (where: string) =>
      Number((await rows(`select sum(sessions) from traffic_daily where ${where}`))[0]![0]);
    const conversions = async (where: string) =>
      new Map(
        (
          await rows(
            `select goal, sum(conversions), sum(visitors), sum(page_views) from goals_daily where ${where} group by goal`,
          )
        ).map((r) => [String(r[0]), r.slice(1).map(Number)]),
      );
    const [now, before, s, sBefore] = [
      await conversions(PERIOD),
      await conversions(PREVIOUS),
      await sessions(PERIOD),
      await sessions(PREVIOUS),
    ];
    expect([...now.keys()].sort()).toEqual(['Home', 'Pricing', 'Product']);
    const cells = (table: string) =>
      page
        .locator(`table[data-table="${table}"] tbody tr`)
        .evaluateAll((trs) =>
          trs.map((tr) =>
            [...tr.querySelectorAll('td:not(.barcell)')].map(
              (td) => td.getAttribute('data-v') ?? td.textContent,
            ),
          ),
        );
    // Goal, conversions, change, conversion rate, rate change, visitors, page views.
    const goals = await cells('goals');
    expect(goals.map((r) => r[0]).sort()).toEqual([...now.keys()].sort());
    for (const [goal, c, change, rate, rateChange, v, pv] of goals) {
      const [conv, visitors, views] = now.get(goal!)!;
      const [convBefore] = before.get(goal!)!;
      expect([Number(c), Number(v), Number(pv)], goal!).toEqual([conv, visitors, views]);
      expect(Number(rate), goal!).toBeCloseTo(conv! / s, 9);
      expect(Number(change), goal!).toBeCloseTo(((conv! - convBefore!) / convBefore!) * 100, 6);
      expect(Number(rateChange), goal!).toBeCloseTo((conv! / s - convBefore! / sBefore) * 100, 6);
    }
    const shownRate = page.locator('table[data-table="goals"] tbody tr', {
      has: page.locator('td.text', { hasText: /^Product$/ }),
    });
    await expect(shownRate.locator('td.num').nth(2).textContent()).resolves.toBe(
      formatPercent(now.get('Product')![0]! / s),
    );

    // By channel: the named query conversions_by_channel summed over the days of the period, the rate
    // against the channel's sessions of the period (sources_daily).
    const named = (name: string) => namedQueries().find((q) => q.name === name)!.sql;
    const channels = await rows(
      `select goal, channel, sum(conversions), sum(visitors), sum(page_views)
       from (${named('conversions_by_channel')}\n) q where ${PERIOD} group by goal, channel`,
    );
    const channelSessions = new Map(
      (await rows(`select channel, sum(sessions) from sources_daily where ${PERIOD} group by channel`)).map(
        (r) => [String(r[0]), Number(r[1])],
      ),
    );
    const shownChannels = await cells('goal_channels');
    expect(shownChannels).toHaveLength(channels.length);
    const byChannel = new Map(
      shownChannels.map(([goal, channel, ...v]) => [`${goal} ${channel}`, v.map(Number)]),
    );
    for (const [goal, channel, conv, visitors, views] of channels) {
      const key = `${goal} ${channel}`;
      const [shownConv, shownSessions, shownRate, shownVisitors, shownViews] = byChannel.get(key)!;
      const sessionsOfChannel = channelSessions.get(String(channel))!;
      expect([shownConv, shownSessions, shownVisitors, shownViews], key).toEqual([
        Number(conv),
        sessionsOfChannel,
        Number(visitors),
        Number(views),
      ]);
      expect(shownRate, key).toBeCloseTo(Number(conv) / sessionsOfChannel, 9);
    }
    // A goal's conversions by channel add up to its total.
    for (const [goal, [conv]] of now)
      expect(channels.filter((r) => r[0] === goal).reduce((sum, r) => sum + Number(r[2]), 0)).toBe(conv);

    // By campaign: the named campaigns of goals_daily, as they are.
    const campaigns = await rows(
      `select goal, campaign, source, medium, sum(conversions) from goals_daily
       where ${PERIOD} and campaign not in ('(none)', '(other)') group by all`,
    );
    expect(campaigns.length).toBeGreaterThan(0);
    const shownCampaigns = (await cells('goal_campaigns')).map((r) => `${r.slice(0, 4).join(' ')} ${r[4]}`);
    expect(shownCampaigns.sort()).toEqual(campaigns.map((r) => r.map(String).join(' ')).sort());
  });

  it('draws each funnel with the sessions and drop-offs of funnels_daily, a left-out step as such', async () => {
    const sql = namedQueries().find((q) => q.name === 'funnel')!.sql;
    const period = sql.replace('FROM funnels_daily', `FROM (SELECT * FROM funnels_daily WHERE ${PERIOD}) p`);
    expect(period).not.toBe(sql);
    const result = await runQuery(out, period);
    const col = (name: string) => result.columns.indexOf(name);
    const expected = new Map<string, Map<number, { sessions: number; dropped: string }>>();
    for (const r of result.rows) {
      const steps = expected.get(String(r[col('funnel')])) ?? new Map();
      steps.set(Number(r[col('step_number')]), {
        sessions: Number(r[col('sessions')]),
        dropped: r[col('dropped')] === null ? '' : String(Number(r[col('dropped')])),
      });
      expected.set(String(r[col('funnel')]), steps);
    }
    expect([...expected.keys()].sort()).toEqual(['Hostile', 'Rare', 'Trial']);
    for (const [funnel, steps] of expected) {
      const bars = await page.locator(`div.funnel[data-funnel="${funnel}"] svg g.fstep`).evaluateAll((gs) =>
        gs.map((g) => ({
          step: Number(g.getAttribute('data-step')),
          sessions: g.getAttribute('data-sessions'),
          dropped: g.getAttribute('data-dropped'),
          text: g.querySelector('text.fvalue')?.textContent ?? '',
        })),
      );
      expect(bars.length, funnel).toBeGreaterThanOrEqual(steps.size);
      for (const bar of bars) {
        const step = steps.get(bar.step);
        if (step === undefined) {
          // Not in the table: left out for k-anonymity on every day.
          expect([bar.sessions, bar.text], `${funnel} ${bar.step}`).toEqual(['', 'fewer than k visitors']);
          continue;
        }
        expect([Number(bar.sessions), bar.dropped], `${funnel} ${bar.step}`).toEqual([
          step.sessions,
          step.dropped,
        ]);
        expect(bar.text).toMatch(new RegExp(`^${formatCount(step.sessions)} sessions`));
      }
    }
    // Rare: nobody took step 2; step 3 drops from step 1.
    const rare = expected.get('Rare')!;
    expect([...rare.keys()]).toEqual([1, 3]);
    expect(rare.get(3)!.dropped).toBe(String(rare.get(1)!.sessions - rare.get(3)!.sessions));
    const rareBars = page.locator('div.funnel[data-funnel="Rare"] svg g.fstep');
    expect(await rareBars.count()).toBe(3);
    await expect(rareBars.nth(1).getAttribute('data-sessions')).resolves.toBe('');
    // Trial: the step that may be skipped is marked in the chart.
    await expect(
      page.locator('div.funnel[data-funnel="Trial"] text.flabel').nth(1).textContent(),
    ).resolves.toBe('2. [/products/**] — may be skipped');
    await expect(
      page.locator('div.funnel[data-funnel="Trial"] svg').getAttribute('aria-label'),
    ).resolves.toMatch(/^Funnel “Trial”: sessions per step/);
  });

  it('shows countries with the sums of countries_daily, flag and English name, and hosting networks as bots', async () => {
    const result = await runQuery(
      out,
      `select country, sum(page_views), sum(visitors), sum(sessions), sum(bounces)
       from countries_daily where dt between '2026-11-03' and '2026-11-04' group by country`,
    );
    const expected = new Map(result.rows.map((r) => [String(r[0]), r.slice(1).map(Number)]));
    // The generated traffic has German and American visitors, an unplaced address block
    // (2001:db8::/32, and the hostile lines' 198.51.100.0/24) and a tail of rare countries.
    for (const country of ['DE', 'US', '(unknown)', '(other)'])
      expect(expected.has(country), country).toBe(true);
    const shown = await page
      .locator('table[data-table="countries"] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) =>
          [...tr.querySelectorAll('td:not(.barcell)')].map(
            (td) => td.getAttribute('data-v') ?? td.textContent,
          ),
        ),
      );
    expect(shown).toHaveLength(expected.size);
    const byCode = new Map<string, number[]>();
    const cellOf = new Map<string, string>();
    for (const [cell, ...values] of shown) {
      // `🇩🇪 Germany DE`: the code ends the cell; `(unknown)` and `(other)` are the whole cell.
      const code = /\b([A-Z]{2})$/.exec(cell!)?.[1] ?? cell!;
      byCode.set(code, values.map(Number));
      cellOf.set(code, cell!);
    }
    for (const [country, [pv, v, s, b]] of expected) {
      const [shownPv, shownV, shownS, shownRate] = byCode.get(country) ?? [];
      expect([shownPv, shownV, shownS], country).toEqual([pv, v, s]);
      expect(shownRate, country).toBeCloseTo(b! / s!, 9);
    }
    // Sorted by page views, most first.
    const views = shown.map((r) => Number(r[1]));
    expect(views).toEqual([...views].sort((a, b) => b - a));
    expect(cellOf.get('DE')).toBe('🇩🇪 Germany DE');
    expect(cellOf.get('US')).toBe('🇺🇸 United States US');
    expect(cellOf.get('(unknown)')).toBe('(unknown)');
    expect(cellOf.get('(other)')).toBe('(other)');
    await expect(page.locator('#countries p.muted').textContent()).resolves.toMatch(
      /address itself is never stored.*fewer than k visitors.*counted as bots \(see Bots\)/,
    );

    // Headless browsers on the generator's cloud blocks are bots named (hosting network).
    const bots = await runQuery(
      out,
      `select sum(hits) from bots_daily where dt between '2026-11-03' and '2026-11-04' and bot_name = '(hosting network)'`,
    );
    const hostingHits = Number(bots.rows[0]![0]);
    expect(hostingHits).toBeGreaterThan(0);
    const hostingRow = page.locator('table[data-table="bots"] tbody tr', {
      has: page.locator('td.text', { hasText: '(hosting network)' }),
    });
    expect(Number(await hostingRow.locator('td.num').first().getAttribute('data-v'))).toBe(hostingHits);
  });

  it('shows hostile paths and sources as text and runs none of them', async () => {
    const cells = await page.locator('td.text').allTextContents();
    expect(cells).toContain(SCRIPT_PATH);
    expect(cells).toContain(IMG_SOURCE);
    expect(cells).toContain(SVG_404);
    expect(cells).toContain('"><b>bold');
    expect(cells).toContain(HOSTILE_STEP);
    expect(await page.locator('div.funnel[data-funnel="Hostile"] text.flabel').nth(1).textContent()).toBe(
      `2. ${HOSTILE_STEP}`,
    );
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    // Only the report's own script, no injected elements anywhere.
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img, b, i, svg[onload]').count()).toBe(0);
    const html = await readFile(reportFile, 'utf8');
    expect(html).not.toContain('<script>window');
    expect(html).not.toContain('<img');
  });

  it('makes no network request and breaks no content-security rule', () => {
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('sorts a table when its header is clicked', async () => {
    const values = async () =>
      (await page
        .locator('table[data-table="pages"] tbody tr td:nth-child(2)')
        .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-v'))))) as number[];
    const initial = await values();
    expect(initial).toEqual([...initial].sort((a, b) => b - a));
    const header = page.locator('table[data-table="pages"] thead th button', { hasText: 'Page views' });
    await header.click();
    expect(await values()).toEqual([...initial].sort((a, b) => b - a));
    await header.click();
    expect(await values()).toEqual([...initial].sort((a, b) => a - b));
  });

  it('reads in light and dark mode and saves screenshots', async () => {
    const results = join(REPO_ROOT, 'test-results');
    await mkdir(results, { recursive: true });
    const backgrounds: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      backgrounds.push(String(await page.evaluate('getComputedStyle(document.body).backgroundColor')));
      const file = join(results, `report-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      expect((await stat(file)).size).toBeGreaterThan(20_000);
    }
    expect(backgrounds[0]).not.toBe(backgrounds[1]);
  });
});
