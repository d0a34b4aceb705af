import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGGREGATE_TABLES } from '../../lib/aggregate/aggregate-tables.ts';
import type { RunSummary } from '../../lib/summary.ts';
import { type CliResult, readTable, runCli, tempDir, writeLog } from '../helpers.ts';

const SUMMARY_KEYS = [
  'days',
  'events',
  'files',
  'frozen_days',
  'hidden',
  'ignored',
  'lines',
  'malformed',
  'page_views',
  'parsed',
  'sql_days',
  'tables',
  'visitors',
];

function summaryOf(result: CliResult): RunSummary {
  return JSON.parse(result.stdout) as RunSummary;
}

describe('logveil run on a generated log', () => {
  let dir: string;
  let log: string;
  let first: CliResult;
  const runGenerated = () =>
    runCli([
      'run',
      log,
      '--out',
      join(dir, 'out'),
      '--salt-dir',
      join(dir, 'salts'),
      '--site',
      'example.com',
      '--json',
    ]);

  beforeAll(async () => {
    dir = await tempDir();
    log = join(dir, 'access.log');
    const gen = await runCli(['generate', '--lines', '5000', '--days', '2', '--seed', 'e2e', '-o', log]);
    expect(gen.code).toBe(0);
    first = await runGenerated();
  });

  it('exits 0 and prints exactly the summary shape of DESIGN §7', () => {
    expect(first.code).toBe(0);
    const s = summaryOf(first);
    expect(Object.keys(s).sort()).toEqual(SUMMARY_KEYS);
    expect(Object.keys(s.files[0]!).sort()).toEqual([
      'format',
      'ignored',
      'lines',
      'malformed',
      'parsed',
      'path',
    ]);
    expect(s.files[0]).toMatchObject({
      format: 'combined',
      lines: 5000,
      parsed: 5000,
      malformed: 0,
      ignored: 0,
    });
    expect(s.lines).toBe(s.parsed + s.malformed.total + s.ignored);
    expect(s.events).toBe(5000);
    expect(s.tables).toMatchObject({ events: 5000, traffic_daily: 2, status_daily: expect.any(Number) });
    // Every table of lib/ (the contract's nine at least) and the events.
    expect(Object.keys(s.tables).sort()).toEqual(['events', ...AGGREGATE_TABLES.map((t) => t.name)].sort());
    expect(Object.keys(s.tables)).toEqual(
      expect.arrayContaining([
        'events',
        'bots_daily',
        'not_found_daily',
        'pages_daily',
        'sources_daily',
        'status_daily',
        'technology_daily',
        'traffic_daily',
        'traffic_hourly',
        'transitions_daily',
      ]),
    );
    expect(s.days).toEqual(['2026-11-01', '2026-11-02']);
    expect(s.frozen_days).toEqual([]);
    // One file read once: every day held whole in memory, computed by the fast path.
    expect(s.sql_days).toEqual([]);
    expect(s.page_views).toBeGreaterThan(500);
    expect(s.visitors).toBeGreaterThan(50);
    expect(s.visitors).toBeLessThan(s.page_views);
  });

  it('tells what k-anonymity hid: the page views and 404 hits of the (other) rows it wrote', async () => {
    const s = summaryOf(first);
    const pages = await readTable(join(dir, 'out'), 'aggregates/pages_daily/');
    const notFound = await readTable(join(dir, 'out'), 'aggregates/not_found_daily/');
    const sum = (rows: typeof pages, key: string, other: boolean) =>
      rows.filter((r) => (r.path === '(other)') === other || !other).reduce((n, r) => n + Number(r[key]), 0);
    expect(s.hidden.k).toBe(5);
    expect(s.hidden.page_views).toBe(sum(pages, 'page_views', true));
    expect(s.hidden.page_views).toBeGreaterThan(0);
    expect(s.hidden.page_views_share).toBeCloseTo(
      sum(pages, 'page_views', true) / sum(pages, 'page_views', false),
      4,
    );
    expect(s.hidden.not_found_hits).toBe(sum(notFound, 'hits', true));
  });

  it('writes events that DuckDB reads with hive partitioning, partitions matching ts', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const glob = join(dir, 'out', 'events', '**', '*.parquet');
    const reader = await conn.runAndReadAll(
      `select count(*)::int as n, count(distinct event_id)::int as ids,
              sum(case when strftime(ts, '%Y-%m-%d') = dt::varchar and strftime(ts, '%H') = hour then 0 else 1 end)::int as misplaced,
              sum(case when is_page_view then 1 else 0 end)::int as pv
       from read_parquet('${glob}', hive_partitioning = true)`,
    );
    const [row] = reader.getRowObjectsJson();
    expect(row).toMatchObject({ n: 5000, ids: 5000, misplaced: 0 });
    // Behavioural bots lose their page views in the aggregates, never gain any.
    expect(Number(row!.pv)).toBeGreaterThanOrEqual(summaryOf(first).page_views);
    const traffic = await conn.runAndReadAll(
      `select sum(page_views)::int as pv, sum(visitors)::int as v from read_parquet('${join(dir, 'out', 'aggregates', 'traffic_daily', '**', '*.parquet')}', hive_partitioning = true)`,
    );
    expect(traffic.getRowObjectsJson()[0]).toEqual({
      pv: summaryOf(first).page_views,
      v: summaryOf(first).visitors,
    });
    conn.closeSync();
  });

  it('writes the schema DESIGN §4 names, with no partition column inside files', async () => {
    const rows = await readTable(join(dir, 'out'));
    const columns = Object.keys(rows[0]!).filter((k) => k !== '_key');
    expect(columns).toEqual([
      'event_id',
      'salt_id',
      'site',
      'ts',
      'visitor_id',
      'method',
      'path',
      'query',
      'status',
      'bytes',
      'duration_ms',
      'referrer_host',
      'referrer_path',
      'channel',
      'source',
      'medium',
      'campaign',
      'browser',
      'browser_version',
      'os',
      'device',
      'country',
      'is_bot',
      'bot_name',
      'is_page_view',
      'hosting_network',
    ]);
    expect(new Set(rows.map((r) => r.channel))).toEqual(
      new Set(['paid', 'email', 'search', 'social', 'campaign', 'referral', 'direct']),
    );
    expect(rows.some((r) => r.is_bot === true)).toBe(true);
    expect(
      rows.every((r) => typeof r.salt_id === 'string' && /^[0-9a-f]{8}$/.test(r.salt_id as string)),
    ).toBe(true);
  });

  it('overwrites its own files when the same source is processed again', async () => {
    const before = await readTable(join(dir, 'out'));
    const again = await runGenerated();
    expect(again.code).toBe(0);
    const after = await readTable(join(dir, 'out'));
    expect(after).toHaveLength(before.length);
    expect(new Set(after.map((r) => r._key))).toEqual(new Set(before.map((r) => r._key)));
    expect(after.map((r) => r.event_id).sort()).toEqual(before.map((r) => r.event_id).sort());
    // Same salts (reused) give the same visitor ids.
    expect(after.map((r) => `${r.event_id}:${r.visitor_id}`).sort()).toEqual(
      before.map((r) => `${r.event_id}:${r.visitor_id}`).sort(),
    );
  });

  it('names files after a hash of the source, never the path', async () => {
    const keys = (await readTable(join(dir, 'out'))).map((r) => r._key);
    for (const key of keys)
      expect(key).toMatch(/^events\/dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/[0-9a-f]{20}\.parquet$/);
  });
});

describe('logveil run with bad input', () => {
  const GOOD = (n: number, marker: string) =>
    Array.from(
      { length: n },
      (_, i) =>
        `203.0.113.${i % 250} - ${marker} [25/Nov/2026:10:${String(i % 60).padStart(2, '0')}:00 +0000] "GET /p${i} HTTP/1.1" 200 10 "-" "UA ${marker}"`,
    ).join('\n');

  it('names each broken file with its reason, processes the rest fully, exits 1 and echoes nothing raw', async () => {
    const dir = await tempDir();
    const inputs = join(dir, 'in');
    await mkdir(inputs);
    const secret = 'SECRETMARKER';
    await writeFile(join(inputs, 'a-good.log'), `${GOOD(200, `${secret}good`)}\n`);
    await writeFile(
      join(inputs, 'b-garbage.log'),
      Array.from({ length: 150 }, (_, i) => `${secret}garbage ${i} <<<>>>`).join('\n'),
    );
    const gz = gzipSync(Buffer.from(`${GOOD(300, `${secret}gz`)}\n`));
    await writeFile(join(inputs, 'c-truncated.log.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
    const binary = Buffer.alloc(10_000);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 131) % 256;
    await writeFile(join(inputs, 'd-binary.bin'), binary);
    await writeFile(join(inputs, 'e-empty.log'), '');
    const huge = `203.0.113.1 - - [25/Nov/2026:10:00:00 +0000] "GET /${secret}${'x'.repeat(1024 * 1024)} HTTP/1.1" 200 1 "-" "-"`;
    await writeFile(
      join(inputs, 'f-longline.log'),
      `${GOOD(5, `${secret}long`)}\n${huge}\n${GOOD(5, `${secret}long2`)}\n`,
    );
    const badUtf8 = Buffer.concat([
      Buffer.from(`203.0.113.7 - - [25/Nov/2026:11:00:00 +0000] "GET /caf`),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(` HTTP/1.1" 200 5 "-" "UA\xff${secret}utf"\n`, 'latin1'),
    ]);
    await writeFile(join(inputs, 'g-badutf8.log'), badUtf8);

    const result = await runCli([
      'run',
      inputs,
      join(dir, 'missing.log'),
      '--out',
      join(dir, 'out'),
      '--salt-dir',
      join(dir, 'salts'),
      '--json',
    ]);
    expect(result.code).toBe(1);
    const s = summaryOf(result);
    const byName = Object.fromEntries(s.files.map((f) => [f.path.split('/').pop()!, f]));
    expect(byName['a-good.log']).toMatchObject({ format: 'combined', lines: 200, parsed: 200, malformed: 0 });
    expect(byName['a-good.log']!.error).toBeUndefined();
    expect(byName['b-garbage.log']).toMatchObject({ error: 'format_mismatch', parsed: 0, malformed: 150 });
    expect(byName['c-truncated.log.gz']!.error).toBe('bad_gzip');
    expect(byName['c-truncated.log.gz']!.parsed).toBeLessThan(300);
    expect(byName['d-binary.bin']).toMatchObject({ error: 'binary', lines: 0 });
    expect(byName['e-empty.log']).toMatchObject({ warning: 'empty', lines: 0 });
    expect(byName['e-empty.log']!.error).toBeUndefined();
    expect(byName['f-longline.log']).toMatchObject({ lines: 11, parsed: 10, malformed: 1 });
    expect(byName['g-badutf8.log']).toMatchObject({ lines: 1, parsed: 1, malformed: 0 });
    expect(byName['missing.log']).toMatchObject({ error: 'unreadable', lines: 0 });
    expect(s.malformed.by_reason.too_long).toBe(1);
    expect(s.lines).toBe(s.parsed + s.malformed.total + s.ignored);
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stderr).toMatch(/b-garbage\.log.*malformed/);
    expect(result.stderr).toMatch(/c-truncated\.log\.gz.*gzip/);
    expect(result.stderr).toMatch(/d-binary\.bin.*binary/);
    expect(result.stderr).toMatch(/missing\.log/);
    const rows = await readTable(join(dir, 'out'));
    expect(rows.filter((r) => r.path === '/caf\uFFFD(\uFFFD')).toHaveLength(1);
  });

  it('reports a wrong --format as format_mismatch with exit 1', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'x.log'), `${GOOD(150, 'm')}\n`);
    const result = await runCli([
      'run',
      join(dir, 'x.log'),
      '--format',
      'vhost_combined',
      '--out',
      join(dir, 'out'),
      '--salt-dir',
      join(dir, 's'),
      '--json',
    ]);
    expect(result.code).toBe(1);
    expect(summaryOf(result).files[0]).toMatchObject({
      format: 'vhost_combined',
      error: 'format_mismatch',
      malformed: 150,
    });
  });

  it('does not call a short file with a few bad lines a mismatch', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'x.log'), `${GOOD(10, 'm')}\nnot a log line\n`);
    const result = await runCli([
      'run',
      join(dir, 'x.log'),
      '--out',
      join(dir, 'out'),
      '--salt-dir',
      join(dir, 's'),
      '--json',
    ]);
    expect(result.code).toBe(0);
    const s = summaryOf(result);
    expect(s).toMatchObject({ parsed: 10, malformed: { total: 1 } });
    expect(Object.values(s.malformed.by_reason)).toEqual([1]);
  });
});

describe('logveil command line', () => {
  it.each([
    [['run', 'x.log', '--format', 'nope']],
    [['run', 'x.log', '--tz', 'Mars/Olympus']],
    [['run', 'x.log', '--out', '/tmp/o', '--salt-dir', '/tmp/o/salts']],
    [['run', 'x.log', '--path-rule', 'no arrow']],
    [['run', 'x.log', '--aggregate', 'fast']],
    [['run', 'x.log', '--hosting-bots', 'maybe']],
    [['run']],
    [['frobnicate']],
  ])('exits 2 on a usage error: %j', async (args) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
  });

  it.each([
    [['--goal', 'Order'], '--goal[0]: a goal is written NAME=PATTERN'],
    [['--goal', 'Order=checkout/confirm'], 'the path "checkout/confirm" must start with /'],
    [['--goal', 'Added=POST /cart/add 3x'], '"3x" is not a status'],
    [['--goal', 'Plan=/signup?plan=pro'], 'allow it with --allow-param plan'],
    [['--goal', 'A=/a', '--goal', 'a=/b'], '--goal[1]: the name "a" is used twice'],
    [['--funnel', 'Buy=/products/**'], '--funnel[0]: funnel "Buy" has 1 step'],
    [['--funnel', 'Buy=/a/**/b > /c'], '** may only be the last segment'],
    [['--funnel', 'Buy=/a > [/c]'], 'the first and the last step cannot be optional'],
  ])('refuses a wrong goal or funnel with exit 2 and says what is wrong: %j', async (args, message) => {
    const dir = await tempDir();
    await writeLog(join(dir, 'x.log'), [
      '203.0.113.9 - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "UA"',
    ]);
    const out = join(dir, 'out');
    const result = await runCli([
      'run',
      join(dir, 'x.log'),
      '--out',
      out,
      '--salt-dir',
      join(dir, 's'),
      ...args,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    // Refused before anything is read or written.
    expect(existsSync(out)).toBe(false);
  });

  it('accepts a query parameter in a goal once it is kept', async () => {
    const dir = await tempDir();
    await writeLog(join(dir, 'x.log'), [
      '203.0.113.9 - - [25/Nov/2026:10:00:00 +0000] "GET /signup?plan=pro HTTP/1.1" 200 1 "-" "Mozilla/5.0 Firefox/120.0"',
    ]);
    const out = join(dir, 'out');
    const args = ['run', join(dir, 'x.log'), '--out', out, '--salt-dir', join(dir, 's'), '--k', '1'];
    const result = await runCli([...args, '--allow-param', 'plan', '--goal', 'Plan=/signup?plan=PRO']);
    expect(result.code).toBe(0);
    const rows = await readTable(out, 'aggregates/goals_daily/');
    expect(rows.map((r) => [r.goal, Number(r.conversions)])).toEqual([['Plan', 1]]);
  });

  it('prints help with exit 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('run');
    expect(result.stdout).toContain('generate');
  });

  it('reads stdin with --source-id, and the same id overwrites the same files', async () => {
    const dir = await tempDir();
    const input = '203.0.113.9 - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "UA"\n';
    const args = [
      'run',
      '-',
      '--source-id',
      'host1:/var/log/access.log',
      '--out',
      join(dir, 'out'),
      '--salt-dir',
      join(dir, 's'),
      '--json',
    ];
    expect((await runCli(args, { stdin: input })).code).toBe(0);
    expect((await runCli(args, { stdin: input })).code).toBe(0);
    expect(await readTable(join(dir, 'out'))).toHaveLength(1);
  });

  it('prints a readable summary without --json', async () => {
    const dir = await tempDir();
    const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0';
    await writeFile(
      join(dir, 'x.log'),
      `203.0.113.9 - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "${firefox}"\n`,
    );
    const result = await runCli([
      'run',
      join(dir, 'x.log'),
      '--out',
      join(dir, 'out'),
      '--salt-dir',
      join(dir, 's'),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/page views 1\s+visitors 1/);
    expect(result.stdout).not.toContain('203.0.113.9');
  });

  it('expires old events and salts', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'x.log'),
      '203.0.113.9 - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "UA"\n',
    );
    const out = join(dir, 'out');
    const salts = join(dir, 's');
    expect((await runCli(['run', join(dir, 'x.log'), '--out', out, '--salt-dir', salts])).code).toBe(0);
    const now = new Date(Date.now() + 31 * 86_400_000).toISOString();
    const result = await runCli(['expire', '--out', out, '--salt-dir', salts, '--now', now, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ removed: { events: 1, text: 0, aggregates: 0, salts: 1 } });
    expect(await readdir(out)).toEqual(['aggregates']);
    expect(await readdir(salts)).toEqual([]);
    expect((await runCli(['expire', '--out', out, '--events-days', '900'])).code).toBe(2);
  });

  it('generates the same log for the same seed, and gzip on request', async () => {
    const dir = await tempDir();
    const a = await runCli(['generate', '--lines', '300', '--seed', 's1']);
    const b = await runCli(['generate', '--lines', '300', '--seed', 's1']);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.trim().split('\n')).toHaveLength(300);
    await runCli(['generate', '--lines', '300', '--seed', 's1', '--gzip', '-o', join(dir, 'g.gz')]);
    const { gunzipSync } = await import('node:zlib');
    expect(gunzipSync(await readFile(join(dir, 'g.gz'))).toString()).toBe(a.stdout);
  });
});
