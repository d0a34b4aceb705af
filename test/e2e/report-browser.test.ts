/**
 * The HTML report, end to end: a real run over generated traffic (plus hostile paths and sources),
 * `logveil report`, then the page opened in headless Chromium. Every section is checked, the headline
 * cards against DuckDB sums over the same tables, hostile strings must show as text, and the page must
 * not request anything. Screenshots (light and dark) land in test-results/.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../lib/cli/query-command.ts';
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
    const run = await runCli(['run', log, '--out', out, '--salt-dir', join(dir, 'salts'), '--json']);
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
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    // Only the report's own script, no injected elements anywhere.
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img, b, svg[onload]').count()).toBe(0);
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
