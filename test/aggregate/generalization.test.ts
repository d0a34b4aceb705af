/**
 * k-anonymity by generalization before suppression (pages_daily, not_found_daily, transitions_daily),
 * on a long-tail blog (thousands of posts under a few categories, most read by one or two visitors a
 * day) and on the real public log of ../shared/fixtures: every row but `(other)` has at least k
 * visitors, every page view, 404 and step is in exactly one row (totals equal traffic_daily and the
 * sessions; the folding tables sources_daily, technology_daily and countries_daily are checked the same way),
 * generalized rows are marked, and `(other)` keeps at most 10 % of page views at k = 5.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGeneralizedPath } from '../../lib/aggregate/path-ladder.ts';
import { runCommand } from '../../lib/cli/run-command.ts';
import { runConfig } from '../../lib/cli/run-config.ts';
import { Random } from '../../lib/generate/random.ts';
import type { RunSummary } from '../../lib/summary.ts';
import { fixture, readTable, sharedFixturesOrSkip, tempDir, writeLog } from '../helpers.ts';

const K = 5;
const UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

/** A blog: 8 categories × 300 posts (Zipf-like popularity), 1–4 page views per visitor, some 404s. */
function longTailBlog(days: number, visitorsPerDay: number): string[] {
  const random = new Random('long-tail-blog');
  const categories = ['linux', 'hadoop', 'java', 'puppet', 'photos', 'travel', 'talks', 'misc'];
  const lines: string[] = [];
  const month = ['Nov'];
  for (let day = 0; day < days; day++) {
    for (let v = 0; v < visitorsPerDay; v++) {
      const ip = `10.${day}.${v >> 8}.${v & 255}`;
      const views = random.int(1, 4);
      let second = random.int(0, 80_000);
      for (let i = 0; i < views; i++) {
        const category = categories[Math.min(categories.length - 1, Math.floor(random.exponential(2)))]!;
        const post = Math.min(299, Math.floor(random.exponential(60)));
        const year = 2008 + Math.min(8, Math.floor(random.exponential(3)));
        const shape = random.int(0, 9);
        // Paths of several shapes: by category, by year and month, talks with slides, top-level pages.
        const path =
          i === 0 && random.chance(0.1)
            ? '/'
            : shape < 5
              ? `/blog/${category}/post-${post}-about-${category}.html`
              : shape < 8
                ? `/${year}/${String(random.int(1, 12)).padStart(2, '0')}/${category}-notes-${post}.html`
                : shape < 9
                  ? `/presentations/${category}-talk-${Math.floor(post / 3)}/slides-${post % 7}.html`
                  : `/${category}-page-${post}.html`;
        const missing = random.chance(0.03);
        const t = new Date(Date.UTC(2026, 10, 1 + day, 0, 0, second));
        const clf = `${String(t.getUTCDate()).padStart(2, '0')}/${month[0]}/2026:${t.toISOString().slice(11, 19)} +0000`;
        lines.push(
          `${ip} - - [${clf}] "GET ${missing ? `/old${path}` : path} HTTP/1.1" ${missing ? 404 : 200} 1234 "-" "${UA}"`,
        );
        second += random.int(20, 600);
        if (second >= 86_399) break;
      }
    }
  }
  return lines;
}

async function run(log: string, site: string, k = K) {
  const dir = await tempDir();
  const out = join(dir, 'out');
  let stdout = '';
  const config = runConfig([log], {
    out,
    saltDir: join(dir, 's'),
    site,
    k: String(k),
    json: true,
    threads: '1',
  });
  expect(await runCommand(config, { stdout: (t) => (stdout += t), stderr: () => {} })).toBe(0);
  return { out, summary: JSON.parse(stdout) as RunSummary };
}

type Rows = Awaited<ReturnType<typeof readTable>>;
const dayOf = (r: Rows[number]) => /dt=(\d{4}-\d{2}-\d{2})/.exec(r._key)![1]!;
const sum = (rows: Rows, key: string) => rows.reduce((n, r) => n + Number(r[key]), 0);

/** Every invariant of the generalizing tables, day by day; returns the share of page views in `(other)`. */
async function checkInvariants(out: string): Promise<number> {
  const traffic = await readTable(out, 'aggregates/traffic_daily/');
  const pages = await readTable(out, 'aggregates/pages_daily/');
  const notFound = await readTable(out, 'aggregates/not_found_daily/');
  const transitions = await readTable(out, 'aggregates/transitions_daily/');
  const statuses = await readTable(out, 'aggregates/status_daily/');
  let pageViews = 0;
  let other = 0;
  for (const t of traffic) {
    const day = dayOf(t);
    const ofDay = (rows: Rows) => rows.filter((r) => dayOf(r) === day);
    // Every published row has k visitors; only (other) may have fewer.
    for (const [name, rows, key] of [
      ['pages_daily', ofDay(pages), 'path'],
      ['not_found_daily', ofDay(notFound), 'path'],
      ['transitions_daily', ofDay(transitions), 'from_path'],
    ] as const) {
      for (const r of rows)
        if (r[key] !== '(other)') expect(Number(r.visitors), `${name} ${day}`).toBeGreaterThanOrEqual(K);
      // Each key once: no two rows of a day could be subtracted.
      const keys = rows.map((r) => JSON.stringify([r.path, r.from_path, r.to_path]));
      expect(new Set(keys).size, `${name} ${day}`).toBe(keys.length);
    }
    // The folding tables too: rows ≥ k but their (other) rows, and every session and page view once.
    const sources = ofDay(await readTable(out, 'aggregates/sources_daily/'));
    for (const r of sources) if (r.source !== '(other)') expect(Number(r.visitors)).toBeGreaterThanOrEqual(K);
    expect(sum(sources, 'sessions')).toBe(Number(t.sessions));
    const technology = ofDay(await readTable(out, 'aggregates/technology_daily/'));
    for (const r of technology)
      if (r.browser !== '(other)') expect(Number(r.visitors)).toBeGreaterThanOrEqual(K);
    expect(sum(technology, 'page_views')).toBe(Number(t.page_views));
    const countries = ofDay(await readTable(out, 'aggregates/countries_daily/'));
    for (const r of countries)
      if (r.country !== '(other)') expect(Number(r.visitors)).toBeGreaterThanOrEqual(K);
    expect(new Set(countries.map((r) => r.country)).size).toBe(countries.length);
    expect(sum(countries, 'page_views')).toBe(Number(t.page_views));
    expect(sum(countries, 'sessions')).toBe(Number(t.sessions));
    expect(sum(countries, 'bounces')).toBe(Number(t.bounces));
    // Every page view, 404 and step in exactly one row.
    expect(sum(ofDay(pages), 'page_views')).toBe(Number(t.page_views));
    expect(sum(ofDay(notFound), 'hits')).toBe(
      sum(
        ofDay(statuses).filter((s) => Number(s.status) === 404),
        'hits',
      ),
    );
    // Steps: page views with a visitor minus sessions (each session of n views makes n − 1 steps).
    const withVisitor = Number(t.page_views) - Number(t.opt_out_page_views);
    expect(sum(ofDay(transitions), 'count')).toBe(withVisitor - Number(t.sessions));
    pageViews += Number(t.page_views);
    other += sum(
      ofDay(pages).filter((r) => r.path === '(other)'),
      'page_views',
    );
  }
  return other / pageViews;
}

/** The share of page views folding alone would put in `(other)`: paths with fewer than k visitors a day. */
async function foldedOnly(log: string, site: string): Promise<number> {
  const { out } = await run(log, site, 1);
  const pages = await readTable(out, 'aggregates/pages_daily/');
  return (
    sum(
      pages.filter((r) => Number(r.visitors) < K),
      'page_views',
    ) / sum(pages, 'page_views')
  );
}

describe('generalization before suppression', () => {
  it('on a long-tail blog: every row ≥ k, every event once, (other) at most 10 % of page views', async () => {
    const dir = await tempDir();
    const log = join(dir, 'blog.log');
    await writeLog(log, longTailBlog(2, 1_500));
    const { out, summary } = await run(log, 'blog.example');
    const pages = await readTable(out, 'aggregates/pages_daily/');
    expect(pages.some((r) => isGeneralizedPath(r.path))).toBe(true);
    const share = await checkInvariants(out);
    const before = await foldedOnly(log, 'blog.example');
    console.log(
      `long-tail blog: (other) holds ${(100 * share).toFixed(1)} % of page views at k = ${K} (folding alone: ${(100 * before).toFixed(1)} %)`,
    );
    expect(share).toBeLessThanOrEqual(0.1);
    expect(before).toBeGreaterThan(0.3);
    expect(summary.hidden.page_views_share).toBeCloseTo(share, 3);
  });

  it('on the real public log of ../shared/fixtures', async (ctx) => {
    if (!sharedFixturesOrSkip('generalization on a real log')) return ctx.skip();
    const { out } = await run(fixture('peer', 'hackers-access.log'), 'howto.basjes.nl');
    const share = await checkInvariants(out);
    const before = await foldedOnly(fixture('peer', 'hackers-access.log'), 'howto.basjes.nl');
    console.log(
      `hackers-access.log: (other) holds ${(100 * share).toFixed(1)} % of page views at k = ${K} (folding alone: ${(100 * before).toFixed(1)} %)`,
    );
    expect(share).toBeLessThanOrEqual(0.1);
  });
});
