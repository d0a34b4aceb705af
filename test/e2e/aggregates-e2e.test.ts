import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGGREGATE_TABLES } from '../../lib/aggregate/aggregate-tables.ts';
import { readDaySources } from '../../lib/aggregate/day-sources.ts';
import { runQuery } from '../../lib/cli/query-command.ts';
import { runCommand } from '../../lib/cli/run-command.ts';
import { type RunFlags, runConfig } from '../../lib/cli/run-config.ts';
import { DEFAULT_HOST, generatedLines } from '../../lib/generate/generate-log.ts';
import { namedQueries } from '../../lib/queries/index.ts';
import { FsStore } from '../../lib/store/fs-store.ts';
import type { RunSummary } from '../../lib/summary.ts';
import { SHOP_FUNNELS, SHOP_GOALS } from '../aggregate/goal-definitions.ts';
import { readTable, tempDir } from '../helpers.ts';

const FOLDED = [
  'pages_daily',
  'sources_daily',
  'technology_daily',
  'transitions_daily',
  'not_found_daily',
  'goals_daily',
];
let dir: string;
let lines: string[];

async function run(
  inputs: string[],
  out: string,
  flags: RunFlags = {},
): Promise<{ code: number; summary: RunSummary }> {
  let stdout = '';
  const io = { stdout: (t: string) => (stdout += t), stderr: () => {} };
  const code = await runCommand(
    runConfig(inputs, {
      out,
      saltDir: join(dir, 'salts'),
      site: 'example.com',
      json: true,
      goal: SHOP_GOALS,
      funnel: SHOP_FUNNELS,
      ...flags,
    }),
    io,
  );
  return { code, summary: JSON.parse(stdout) as RunSummary };
}

/** Every aggregate row, `computed_at` left out, in a stable order. */
async function aggregates(out: string): Promise<Record<string, string[]>> {
  const result: Record<string, string[]> = {};
  for (const table of AGGREGATE_TABLES) {
    const rows = await readTable(out, `${table.prefix}/`);
    result[table.name] = rows.map(({ computed_at, ...r }) => JSON.stringify(r)).sort();
  }
  return result;
}

beforeAll(async () => {
  dir = await tempDir();
  lines = [
    ...generatedLines({
      lines: 12_000,
      seed: 'agg',
      format: 'combined',
      startMs: Date.parse('2026-11-01T00:00:00Z'),
      days: 2,
      gzip: false,
      output: null,
      host: DEFAULT_HOST,
    }),
  ];
  await writeFile(join(dir, 'whole.log'), `${lines.join('\n')}\n`);
  const half = Math.floor(lines.length / 2) + 123;
  await writeFile(join(dir, 'first.log'), `${lines.slice(0, half).join('\n')}\n`);
  await writeFile(join(dir, 'second.log'), `${lines.slice(half).join('\n')}\n`);
  expect((await run([join(dir, 'whole.log')], join(dir, 'whole'))).code).toBe(0);
});

describe('recomputation', () => {
  it('computes a day past the bound on events held in memory by the SQL, with the same rows, on one thread or two', async () => {
    const whole = await run([join(dir, 'whole.log')], join(dir, 'whole-again'));
    expect(whole.summary.sql_days).toEqual([]);
    for (const threads of ['1', '2']) {
      const out = join(dir, `bounded-${threads}`);
      // 6,000 events a day: a bound of 2,500 drops both days' columns part way through.
      const bounded = await run([join(dir, 'whole.log')], out, { threads, dayEventsInMemory: 2_500 });
      expect(bounded.code).toBe(0);
      expect(bounded.summary.sql_days).toEqual(['2026-11-01', '2026-11-02']);
      expect(await aggregates(out), `threads ${threads}`).toEqual(await aggregates(join(dir, 'whole')));
    }
  });

  it('computes a day past the bound while reading on, and again when late lines of it come', async () => {
    // Day 1 outgrows the bound and is computed by the SQL while day 2 is read; 40 of its lines
    // come again at the very end (late), so it is computed once more from all its files.
    const day1 = lines.filter((l) => l.includes('/Nov/2026:') && l.includes('[01/Nov'));
    const late = day1.slice(100, 140);
    expect(late).toHaveLength(40);
    const early = lines.filter((l) => !late.includes(l));
    await writeFile(join(dir, 'late.log'), `${[...early, ...late].join('\n')}\n`);
    for (const threads of ['1', '2']) {
      const out = join(dir, `late-${threads}`);
      const result = await run([join(dir, 'late.log')], out, { threads, dayEventsInMemory: 2_500 });
      expect(result.code).toBe(0);
      expect(result.summary.sql_days).toEqual(['2026-11-01', '2026-11-02']);
      expect(await aggregates(out), `threads ${threads}`).toEqual(await aggregates(join(dir, 'whole')));
    }
  });

  it('gives the same aggregates for two halves in two runs as for the whole', async () => {
    const out = join(dir, 'split');
    expect((await run([join(dir, 'first.log')], out)).code).toBe(0);
    expect((await run([join(dir, 'second.log')], out)).code).toBe(0);
    const split = await aggregates(out);
    const whole = await aggregates(join(dir, 'whole'));
    expect(split).toEqual(whole);
    expect(whole.traffic_daily).toHaveLength(2);
  });

  it('leaves identical rows on a rerun, computed_at aside', async () => {
    const before = await aggregates(join(dir, 'whole'));
    const computedBefore = (await readTable(join(dir, 'whole'), 'aggregates/traffic_daily/')).map(
      (r) => r.computed_at,
    );
    const { code } = await run([join(dir, 'whole.log')], join(dir, 'whole'), { now: '2026-11-20T00:00:00Z' });
    expect(code).toBe(0);
    expect(await aggregates(join(dir, 'whole'))).toEqual(before);
    const computedAfter = (await readTable(join(dir, 'whole'), 'aggregates/traffic_daily/')).map(
      (r) => r.computed_at,
    );
    expect(computedAfter).toEqual([Date.parse('2026-11-20T00:00:00Z'), Date.parse('2026-11-20T00:00:00Z')]);
    expect(computedAfter).not.toEqual(computedBefore);
  });

  it('counts a duplicated events file once', async () => {
    const out = join(dir, 'dup');
    await run([join(dir, 'whole.log')], out);
    const store = new FsStore(out);
    const keys: string[] = [];
    for await (const o of store.list('events/dt=2026-11-01/')) keys.push(o.key);
    const copy = keys[0]!.replace(/\.parquet$/, '-copy.parquet');
    await writeFile(store.pathOf(copy), await readFile(store.pathOf(keys[0]!)));
    await run([join(dir, 'whole.log')], out);
    expect(await aggregates(out)).toEqual(await aggregates(join(dir, 'whole')));
  });

  it('freezes a day whose events have expired, exits 3, and recomputes it with --force', async () => {
    const out = join(dir, 'frozen');
    await run([join(dir, 'first.log')], out);
    const sources = await readDaySources(new FsStore(out), '2026-11-01');
    expect(sources!.events.length).toBeGreaterThan(0);
    const trafficKey = join(out, 'aggregates', 'traffic_daily', 'dt=2026-11-01', 'part-00000.parquet');
    const before = await readFile(trafficKey);
    await rm(new FsStore(out).pathOf(sources!.events[0]!.key));
    const late = `203.0.113.77 - - [01/Nov/2026:23:59:00 +0000] "GET /late HTTP/1.1" 200 10 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"\n`;
    await writeFile(join(dir, 'late.log'), late);
    const frozen = await run([join(dir, 'late.log')], out);
    expect(frozen.code).toBe(3);
    expect(frozen.summary.frozen_days).toEqual(['2026-11-01']);
    expect((await readFile(trafficKey)).equals(before)).toBe(true);
    const forced = await run([join(dir, 'late.log')], out, { force: true });
    expect(forced.code).toBe(0);
    expect(forced.summary.frozen_days).toEqual([]);
    expect((await readFile(trafficKey)).equals(before)).toBe(false);
  });
});

describe('privacy and consistency of the tables', () => {
  it('has no folded-table row other than (other) with fewer than k visitors', async () => {
    for (const name of FOLDED) {
      const rows = await readTable(join(dir, 'whole'), `aggregates/${name}/`);
      expect(rows.length, name).toBeGreaterThan(0);
      for (const r of rows) {
        const folded = Object.values(r).includes('(other)');
        if (!folded) expect(Number(r.visitors), `${name} ${JSON.stringify(r)}`).toBeGreaterThanOrEqual(5);
      }
    }
  });

  it('adds up per day: pages and technology to page views, sources to page views minus opt-outs', async () => {
    const out = join(dir, 'whole');
    const byDay = async (table: string, column: string) => {
      const sums = new Map<string, number>();
      for (const r of await readTable(out, `aggregates/${table}/`)) {
        const day = /dt=([\d-]+)/.exec(r._key)![1]!;
        sums.set(day, (sums.get(day) ?? 0) + Number(r[column]));
      }
      return Object.fromEntries(sums);
    };
    const pageViews = await byDay('traffic_daily', 'page_views');
    expect(await byDay('pages_daily', 'page_views')).toEqual(pageViews);
    expect(await byDay('technology_daily', 'page_views')).toEqual(pageViews);
    const optOut = await byDay('traffic_daily', 'opt_out_page_views');
    expect(await byDay('sources_daily', 'page_views')).toEqual(
      Object.fromEntries(Object.entries(pageViews).map(([d, n]) => [d, n - optOut[d]!])),
    );
    expect(await byDay('traffic_hourly', 'hits')).toEqual(await byDay('traffic_daily', 'hits'));
    expect(await byDay('status_daily', 'hits')).toEqual(await byDay('traffic_daily', 'hits'));
    expect(await byDay('bots_daily', 'hits')).toEqual(await byDay('traffic_daily', 'bot_hits'));
  });

  it('publishes funnel steps of at least k visitors only, and each goal’s conversions once per session', async () => {
    const out = join(dir, 'whole');
    const steps = await readTable(out, 'aggregates/funnels_daily/');
    expect(steps.length).toBeGreaterThan(0);
    for (const r of steps) expect(Number(r.visitors), JSON.stringify(r)).toBeGreaterThanOrEqual(5);
    // A session converts once per goal: no goal has more conversions in a day than the day's sessions.
    const sessions = new Map<string, number>();
    for (const r of await readTable(out, 'aggregates/traffic_daily/'))
      sessions.set(/dt=([\d-]+)/.exec(r._key)![1]!, Number(r.sessions));
    const perGoal = new Map<string, number>();
    for (const r of await readTable(out, 'aggregates/goals_daily/')) {
      const id = `${/dt=([\d-]+)/.exec(r._key)![1]!} ${r.goal}`;
      perGoal.set(id, (perGoal.get(id) ?? 0) + Number(r.conversions));
    }
    expect(perGoal.size).toBeGreaterThan(0);
    for (const [id, n] of perGoal) expect(n, id).toBeLessThanOrEqual(sessions.get(id.slice(0, 10))!);
  });
});

describe('named queries', () => {
  it('every named query runs and returns the expected top rows', async () => {
    const out = join(dir, 'whole');
    const pages = await readTable(out, 'aggregates/pages_daily/');
    const views = new Map<string, number>();
    for (const r of pages)
      if (r.path !== '(other)')
        views.set(String(r.path), (views.get(String(r.path)) ?? 0) + Number(r.page_views));
    const topPage = [...views].sort((a, b) => b[1] - a[1])[0]!;
    const traffic = await readTable(out, 'aggregates/traffic_daily/');
    const results: Record<string, Record<string, unknown>[]> = {};
    for (const q of namedQueries()) {
      const r = await runQuery(out, q.sql);
      results[q.name] = r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
      expect(results[q.name]!.length, q.name).toBeGreaterThan(0);
    }
    expect(Object.keys(results).sort()).toEqual(
      [
        'bot_share',
        'campaigns',
        'channels_and_sources',
        'conversions_by_channel',
        'countries',
        'entry_exit_pages',
        'funnel',
        'hourly_capacity',
        'navigation_from_top_pages',
        'not_found',
        'top_pages',
      ].sort(),
    );
    expect(results.top_pages![0]).toMatchObject({
      site: 'example.com',
      path: topPage[0],
      page_views: topPage[1],
    });
    expect(results.entry_exit_pages![0]!.path).toBe('/');
    expect(results.navigation_from_top_pages![0]!.from_path).toBe(topPage[0]);
    expect(results.channels_and_sources![0]).toMatchObject({ channel: 'direct', source: '(direct)' });
    expect(new Set(results.campaigns!.map((r) => r.campaign))).toEqual(
      new Set(['november', 'launch', 'brand']),
    );
    expect(results.hourly_capacity).toHaveLength(24);
    const status = await readTable(out, 'aggregates/status_daily/');
    const notFoundHits = status.filter((r) => r.status === 404).reduce((n, r) => n + Number(r.hits), 0);
    expect(results.not_found!.reduce((n, r) => n + Number(r.hits), 0)).toBe(notFoundHits);
    for (const r of results.not_found!)
      expect(String(r.path)).toMatch(/^\(other\)$|wp-login|\.env|old-pricing|draft|xmlrpc|admin/);
    expect(results.bot_share!.map((r) => r.hits)).toEqual(
      traffic.sort((a, b) => (a._key < b._key ? -1 : 1)).map((r) => r.hits),
    );
  });

  it('runs on a directory with no tables yet', async () => {
    const empty = await tempDir();
    for (const q of namedQueries()) expect((await runQuery(empty, q.sql)).rows, q.name).toEqual([]);
  });
});

describe('salt epochs', () => {
  it('shows salt_epochs 2 and warns when one day was processed under two salts', async () => {
    const out = join(dir, 'epochs');
    const line = (ip: string) =>
      `${ip} - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 10 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"\n`;
    await writeFile(join(dir, 'a.log'), line('203.0.113.1'));
    await writeFile(join(dir, 'b.log'), line('203.0.113.2'));
    let stderr = '';
    const io = { stdout: () => {}, stderr: (t: string) => (stderr += t) };
    await runCommand(runConfig([join(dir, 'a.log')], { out, saltDir: join(dir, 'salts-1'), json: true }), io);
    expect(
      await runCommand(
        runConfig([join(dir, 'b.log')], { out, saltDir: join(dir, 'salts-2'), json: true }),
        io,
      ),
    ).toBe(0);
    const [traffic] = await readTable(out, 'aggregates/traffic_daily/');
    expect(traffic).toMatchObject({ salt_epochs: 2, visitors: 2 });
    expect(stderr).toMatch(/2026-11-25 default: events under 2 salts/);
  });
});
