/**
 * The TypeScript fast path (`compute-day.ts`, days held whole in memory) gives exactly the rows the
 * SQL definitions of the tables (lib/aggregate/sql/, run by DuckDB) give for the same days — table
 * by table, on generated, hostile and real logs: the same input run with `--aggregate auto` and with
 * `--aggregate sql`. (`computed_at` aside; row order is the writer's.)
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_AGGREGATE_OPTIONS } from '../../lib/aggregate/aggregate-options.ts';
import { AGGREGATE_TABLES } from '../../lib/aggregate/aggregate-tables.ts';
import { runCommand } from '../../lib/cli/run-command.ts';
import { type RunFlags, runConfig } from '../../lib/cli/run-config.ts';
import type { RunSummary } from '../../lib/summary.ts';
import { fixture, generatedLog, readTable, sharedFixturesOrSkip, tempDir, writeLog } from '../helpers.ts';
import { SHOP_FUNNELS, SHOP_GOALS } from './goal-definitions.ts';

type Row = Record<string, unknown>;

function canonical(rows: readonly Row[]): string[] {
  return rows
    .map((r) => {
      const { computed_at, ...rest } = r as Row & { computed_at?: unknown };
      const entries = Object.entries(rest)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : typeof v === 'boolean' ? Number(v) : v]);
      return JSON.stringify(Object.fromEntries(entries.sort(([a], [b]) => (String(a) < String(b) ? -1 : 1))));
    })
    .sort();
}

async function run(inputs: string[], flags: RunFlags, k: number, engine: 'auto' | 'sql') {
  const dir = await tempDir();
  const out = join(dir, 'out');
  let stdout = '';
  const io = { stdout: (t: string) => (stdout += t), stderr: () => {} };
  await runCommand(
    runConfig(inputs, {
      out,
      saltDir: join(dir, 'salts'),
      now: '2026-12-01T00:00:00Z',
      json: true,
      threads: '1',
      k: String(k),
      aggregate: engine,
      goal: SHOP_GOALS,
      funnel: SHOP_FUNNELS,
      ...flags,
    }),
    io,
  );
  return { out, summary: JSON.parse(stdout) as RunSummary };
}

/**
 * Runs logveil over `inputs` twice — the fast path where it applies, then the SQL for every day — and
 * compares every table; returns the rows compared. `sqlDays`: the days the first run must have left
 * to the SQL (by default none: the fast path is what is being compared; `some`: not all of them —
 * a real log's late lines reopen a day already computed, which then has files beside memory).
 */
async function compare(
  inputs: string[],
  flags: RunFlags = {},
  k = DEFAULT_AGGREGATE_OPTIONS.k,
  sqlDays: string[] | 'some' = [],
): Promise<number> {
  const fast = await run(inputs, flags, k, 'auto');
  const sql = await run(inputs, flags, k, 'sql');
  expect(fast.summary.events).toBeGreaterThan(0);
  if (sqlDays === 'some') expect(fast.summary.sql_days.length).toBeLessThan(fast.summary.days.length);
  else expect(fast.summary.sql_days).toEqual(sqlDays);
  expect(sql.summary.sql_days).toEqual(sql.summary.days);
  expect(sql.summary.days).toEqual(fast.summary.days);
  let rows = 0;
  for (const table of AGGREGATE_TABLES) {
    const withDay = async (out: string) =>
      (await readTable(out, `${table.prefix}/`)).map(({ _key, ...r }) => ({
        ...r,
        dt: /dt=(\d{4}-\d{2}-\d{2})/.exec(_key)![1],
      }));
    const fastRows = await withDay(fast.out);
    expect([table.name, canonical(fastRows)]).toEqual([table.name, canonical(await withDay(sql.out))]);
    rows += fastRows.length;
  }
  // Both engines' rows are written in one order: the files are the same, byte for byte.
  const files = async (out: string) => {
    const found = new Map<string, string>();
    for (const entry of (await readdir(join(out, 'aggregates'), { recursive: true })).map(String).sort())
      if (entry.endsWith('.parquet'))
        found.set(entry, (await readFile(join(out, 'aggregates', entry))).toString('hex'));
    return found;
  };
  expect(await files(sql.out)).toEqual(await files(fast.out));
  return rows;
}

describe('aggregate SQL equals the TypeScript aggregation', () => {
  it('on a generated shop log over three days', async () => {
    const dir = await tempDir();
    const log = join(dir, 'access.log');
    await writeLog(log, generatedLog({ lines: 20_000, seed: 'sql-1', days: 3 }));
    expect(await compare([log], { site: 'example.com' })).toBeGreaterThan(100);
  });

  it('on a day of more than 10,000 visitors (exact counts, where a sketch would have taken over)', async () => {
    const dir = await tempDir();
    const lines: string[] = [];
    const start = Date.parse('2026-11-05T00:00:00Z');
    for (let i = 0; i < 24_000; i++) {
      const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
      const time = new Date(start + i * 3_000).toISOString();
      lines.push(
        JSON.stringify({
          time,
          ip,
          url: `/p${i % 40}`,
          status: 200,
          user_agent: 'Mozilla/5.0 Firefox/120.0',
        }),
      );
    }
    const log = join(dir, 'many.log');
    await writeLog(log, lines);
    const fast = await run([log], { format: 'json', site: 'many.example' }, 5, 'auto');
    expect(fast.summary.visitors).toBeGreaterThan(20_000);
    await compare([log], { format: 'json', site: 'many.example' }, 5);
  });

  it('with k = 1 and k = 50 (nothing folded, most folded)', async () => {
    const dir = await tempDir();
    const log = join(dir, 'access.log');
    await writeLog(log, generatedLog({ lines: 6_000, seed: 'sql-k' }));
    await compare([log], { site: 'example.com' }, 1);
    await compare([log], { site: 'example.com' }, 50);
  });

  it('on hostile shapes: behaviour bots, exact 30-minute gaps, equal times, opt-outs, duplicates, several sites', async () => {
    const dir = await tempDir();
    const lines: string[] = [];
    const t = (s: number) => new Date(Date.parse('2026-11-03T00:00:00Z') + s * 1000).toISOString();
    const hit = (s: number, ip: string, path: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        time: t(s),
        ip,
        url: path,
        status: 200,
        user_agent: 'Mozilla/5.0 Firefox/120.0',
        host: 'a.example',
        ...extra,
      });
    // Exactly 30:00 apart (same session), then 30:01 (new session).
    lines.push(hit(0, '192.0.2.1', '/a'), hit(1800, '192.0.2.1', '/b'), hit(3601, '192.0.2.1', '/c'));
    // Ties: equal times, order by event id.
    for (let i = 0; i < 6; i++) lines.push(hit(5000, '192.0.2.2', `/t${i % 3}`));
    // A robots.txt fetcher and a visitor with 61 page views in a minute.
    lines.push(hit(100, '192.0.2.3', '/robots.txt'), hit(101, '192.0.2.3', '/a'));
    for (let i = 0; i < 61; i++) lines.push(hit(7200 + (i % 50), '192.0.2.4', `/p${i % 7}`));
    // Opted out (GPC), a 404, a 503, a declared bot, a static asset, a POST, another site, midnight.
    lines.push(hit(200, '192.0.2.5', '/a', { gpc: '1' }), hit(201, '192.0.2.5', '/b', { gpc: '1' }));
    lines.push(
      hit(300, '192.0.2.6', '/missing', { status: 404 }),
      hit(301, '192.0.2.6', '/x', { status: 503 }),
    );
    lines.push(
      hit(400, '192.0.2.7', '/a', { user_agent: 'Googlebot/2.1 (+http://www.google.com/bot.html)' }),
    );
    lines.push(hit(500, '192.0.2.8', '/style.css'), hit(501, '192.0.2.8', '/form', { method: 'POST' }));
    lines.push(
      hit(600, '192.0.2.9', '/a', { host: 'b.example' }),
      hit(86_399, '192.0.2.9', '/late', { host: 'b.example' }),
    );
    lines.push(hit(86_400, '192.0.2.9', '/early', { host: 'b.example' }));
    // Genuine keys spelled like the fold row, seen by more visitors than k: they share the fold row.
    const otherCampaign = 'utm_source=(other)&utm_medium=(other)&utm_campaign=(other)';
    for (let i = 0; i < 3; i++) lines.push(hit(900 + i, `192.0.2.${20 + i}`, `/c?${otherCampaign}`));
    lines.push(hit(950, '192.0.2.30', '/c?utm_source=lone&utm_medium=(other)&utm_campaign=(other)'));
    // Campaign and search traffic in first and later page views.
    lines.push(hit(700, '192.0.2.10', '/a?utm_source=news&utm_medium=email&utm_campaign=spring'));
    lines.push(hit(701, '192.0.2.10', '/b', { referrer: 'https://www.google.com/' }));
    const log = join(dir, 'click.log');
    await writeLog(log, lines);
    // The same file twice: every event id twice (deduplicated).
    const copy = join(dir, 'copy.log');
    await writeLog(copy, lines);
    await compare([log], { format: 'json' }, 1);
    await compare([log], { format: 'json' }, 2);
    // The same file twice: the ids repeat, so the SQL computes every day in both runs.
    await compare([log, copy], { format: 'json' }, 1, ['2026-11-03', '2026-11-04']);
  });

  it('on goal and funnel shapes: other hits in and out of sessions, reloads, steps out of order, skipped steps, opt-outs, midnight', async () => {
    const dir = await tempDir();
    const lines: string[] = [];
    const t = (s: number) => new Date(Date.parse('2026-11-03T00:00:00Z') + s * 1000).toISOString();
    const hit = (s: number, ip: string, path: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        time: t(s),
        ip,
        url: path,
        status: 200,
        user_agent: 'Mozilla/5.0 Firefox/120.0',
        ...extra,
      });
    const post = (s: number, ip: string) => hit(s, ip, '/cart/add', { method: 'POST', status: 302 });
    // The whole purchase, with a form post, reloads and the optional steps.
    const whole = (s: number, ip: string) => [
      hit(s, ip, '/products/a'),
      post(s + 5, ip),
      hit(s + 6, ip, '/cart'),
      hit(s + 7, ip, '/cart'),
      hit(s + 20, ip, '/checkout'),
      hit(s + 30, ip, '/checkout/shipping'),
      hit(s + 40, ip, '/checkout/confirm'),
      hit(s + 41, ip, '/checkout/confirm'),
    ];
    for (let i = 0; i < 4; i++) lines.push(...whole(1000 + i * 100, `192.0.2.${10 + i}`));
    // Out of order: confirmation and checkout before the product page.
    lines.push(hit(2000, '192.0.2.20', '/checkout/confirm'), hit(2001, '192.0.2.20', '/checkout'));
    lines.push(hit(2002, '192.0.2.20', '/products/b'), hit(2003, '192.0.2.20', '/cart'));
    // A form post before any page view, and one more than 30 minutes after the last: no session.
    lines.push(
      post(2990, '192.0.2.21'),
      hit(3000, '192.0.2.21', '/products/a'),
      post(3000 + 1801, '192.0.2.21'),
    );
    // A post exactly 30 minutes after the page view: still in the session.
    lines.push(hit(3100, '192.0.2.22', '/products/a'), post(3100 + 1800, '192.0.2.22'));
    lines.push(hit(3100 + 1801, '192.0.2.22', '/cart'));
    // Equal times: the post and the page view ordered by event id.
    lines.push(
      hit(4000, '192.0.2.23', '/products/c'),
      post(4000, '192.0.2.23'),
      hit(4000, '192.0.2.23', '/cart'),
    );
    // Opted out: never converts. A declared bot: never converts.
    lines.push(...whole(5000, '192.0.2.24').map((l) => l.replace('"ip"', '"gpc":"1","ip"')));
    lines.push(...whole(6000, '192.0.2.25').map((l) => l.replace('Firefox/120.0', 'Googlebot/2.1')));
    // Across midnight: product and cart before, checkout and confirmation after.
    lines.push(hit(86_390, '192.0.2.26', '/products/a'), hit(86_395, '192.0.2.26', '/cart'));
    lines.push(hit(86_405, '192.0.2.26', '/checkout'), hit(86_410, '192.0.2.26', '/checkout/confirm'));
    // A skipped optional step; a 404 of a goal path; the goal with a query parameter.
    lines.push(
      hit(7000, '192.0.2.27', '/products/a'),
      post(7001, '192.0.2.27'),
      hit(7002, '192.0.2.27', '/checkout'),
    );
    lines.push(
      hit(7003, '192.0.2.27', '/checkout/confirm'),
      hit(7004, '192.0.2.28', '/checkout/confirm', { status: 404 }),
    );
    lines.push(
      hit(7005, '192.0.2.29', '/?utm_source=n&utm_medium=Email'),
      hit(7006, '192.0.2.29', '/pricing'),
    );
    const log = join(dir, 'shop.log');
    await writeLog(log, lines);
    for (const k of [1, 2, 5]) await compare([log], { format: 'json' }, k);
  });

  it('on the real public logs of ../shared/fixtures', async (ctx) => {
    if (!sharedFixturesOrSkip('real logs for the SQL equivalence')) return ctx.skip();
    const real = fixture('peer', 'hackers-access.log');
    expect(existsSync(real)).toBe(true);
    expect(await compare([real], { site: 'howto.basjes.nl' }, 5, 'some')).toBeGreaterThan(50);
    await compare([fixture('peer', 'matomo')], { site: 'matomo.example' }, 1, 'some');
  });
});
