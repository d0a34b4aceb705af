/**
 * The aggregate function's Athena path (lib/aws/athena-aggregates.ts) against a stand-in that runs each
 * UNLOAD's SELECT in DuckDB over the fake bucket's events: the published tables equal the ones the
 * local run computed; queries, polling, failures, time limits, retries and batches behave as
 * documented; the function never reads an events object itself.
 */
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { resetRuntime } from '../../functions/runtime.ts';
import { type AggregateOptions, DEFAULT_AGGREGATE_OPTIONS } from '../../lib/aggregate/aggregate-options.ts';
import { AGGREGATE_TABLES } from '../../lib/aggregate/aggregate-tables.ts';
import { readDaySources } from '../../lib/aggregate/day-sources.ts';
import {
  type AthenaAggregation,
  athenaEnvironment,
  batchDays,
  recomputeDaysInAthena,
} from '../../lib/aws/athena-aggregates.ts';
import { AthenaQueryError, type QueryClock } from '../../lib/aws/athena-query.ts';
import { S3Store } from '../../lib/aws/s3-store.ts';
import { runCommand } from '../../lib/cli/run-command.ts';
import { runConfig } from '../../lib/cli/run-config.ts';
import { FsStore } from '../../lib/store/fs-store.ts';
import { readParquetRows } from '../../lib/tables/parquet-reader.ts';
import { SHOP_DEFINITIONS, SHOP_FUNNELS, SHOP_GOALS } from '../aggregate/goal-definitions.ts';
import { generatedLog, readTable, tempDir, writeLog } from '../helpers.ts';
import { lambdaContext } from '../ingest/lambda-context.ts';
import { athenaStandin, fakeBuckets } from './athena-standin.ts';
import { fakeS3 } from './fake-s3.ts';

const DAYS = ['2026-11-01', '2026-11-02'];
const COMPUTED_AT = Date.parse('2026-11-03T01:30:00Z');
/** With goals and funnels, so that every table has a query. */
const OPTIONS: AggregateOptions = { ...DEFAULT_AGGREGATE_OPTIONS, ...SHOP_DEFINITIONS };
let local: string;

/** A local run's events and aggregates of two generated days: the events go to the bucket, the aggregates are the truth. */
beforeAll(async () => {
  const dir = await tempDir();
  const log = join(dir, 'access.log');
  await writeLog(log, generatedLog({ lines: 5_000, seed: 'athena', days: 2 }));
  local = join(dir, 'out');
  const quiet = { stdout: () => {}, stderr: () => {} };
  await runCommand(
    runConfig([log], {
      out: local,
      saltDir: join(dir, 'salts'),
      site: 'example.com',
      threads: '1',
      goal: SHOP_GOALS,
      funnel: SHOP_FUNNELS,
    }),
    quiet,
  );
});

let s3: ReturnType<typeof fakeS3>;
let standin: Awaited<ReturnType<typeof athenaStandin>> | null = null;
afterEach(() => {
  standin?.close();
  standin = null;
  s3?.mock.restore();
});

async function bucketWithEvents(): Promise<ReturnType<typeof fakeS3>> {
  const fake = fakeS3();
  const store = new FsStore(local);
  for await (const o of store.list('events/')) fake.put('analytics', o.key, (await store.getObject(o.key))!);
  return fake;
}

function clock(overrides: Partial<QueryClock> = {}): QueryClock & { slept: number[] } {
  const slept: number[] = [];
  let t = 0;
  return {
    deadline: Number.POSITIVE_INFINITY,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
    slept,
    ...overrides,
  };
}

function deps(client: AthenaAggregation['athena'], c: QueryClock = clock()): AthenaAggregation {
  return {
    athena: client,
    s3: s3.client,
    store: new S3Store(s3.client, 'analytics'),
    analyticsBucket: 'analytics',
    resultsBucket: 'results',
    stagingPrefix: 'aggregate/staging/',
    target: { workgroup: 'logveil-aggregate', database: 'logveil_events' },
    clock: c,
  };
}

type Row = Record<string, unknown>;
function canonical(rows: readonly Row[]): string[] {
  return rows
    .map(({ computed_at, _key, ...r }) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(r)
            .map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])
            .sort(),
        ),
      ),
    )
    .sort();
}

/** Every row the bucket publishes for a table and day (all files of the folder). */
async function published(table: string, day: string): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [key, object] of s3.objects('analytics')) {
    if (!key.startsWith(`aggregates/${table}/dt=${day}/`)) continue;
    rows.push(...(await readParquetRows(object.body)));
  }
  return rows;
}

describe('aggregates in Athena', () => {
  it('publishes every table of every day as the local run computed it, reading no events itself', async () => {
    s3 = await bucketWithEvents();
    standin = await athenaStandin(fakeBuckets(s3), 'analytics');
    const result = await recomputeDaysInAthena(deps(standin.client), DAYS, OPTIONS, COMPUTED_AT, false);
    expect(result).toMatchObject({ computed: DAYS, frozen: [] });
    // The stand-in reports 1 MB scanned per query: one query per table.
    expect(result.scannedBytes).toBe(AGGREGATE_TABLES.length * 1_000_000);
    for (const table of AGGREGATE_TABLES) {
      for (const day of DAYS) {
        const truth = (await readTable(local, `${table.prefix}/dt=${day}/`)) as Row[];
        expect([table.name, day, canonical(await published(table.name, day))]).toEqual([
          table.name,
          day,
          canonical(truth),
        ]);
      }
    }
    const traffic = await published('traffic_daily', DAYS[0]!);
    expect(Number((traffic[0]!.computed_at as Date).valueOf?.() ?? traffic[0]!.computed_at)).toBeGreaterThan(
      0,
    );
    // Listing events is all the function does with them.
    const reads = s3.mock.commandCalls(GetObjectCommand).map((c) => String(c.args[0].input.Key));
    expect(reads.filter((k) => k.startsWith('events/'))).toEqual([]);
    // Staged files are gone once published; _sources lists the day's events objects.
    expect([...s3.objects('results').keys()].filter((k) => k.startsWith('aggregate/staging/'))).toEqual([]);
    const sources = await readDaySources(new S3Store(s3.client, 'analytics'), DAYS[0]!);
    expect(sources!.events.length).toBeGreaterThan(0);
  });

  it('runs one UNLOAD per table in the function’s workgroup, over the events database, for exactly the days', async () => {
    s3 = await bucketWithEvents();
    standin = await athenaStandin(fakeBuckets(s3), 'analytics');
    await recomputeDaysInAthena(deps(standin.client), ['2026-11-02'], OPTIONS, COMPUTED_AT, false);
    expect(standin.queries).toHaveLength(AGGREGATE_TABLES.length);
    for (const [i, q] of standin.queries.entries()) {
      expect(q.workgroup).toBe('logveil-aggregate');
      expect(q.database).toBe('logveil_events');
      expect(q.sql).toMatch(/^UNLOAD \(SELECT /);
      expect(q.sql).toContain(
        `/${AGGREGATE_TABLES[i]!.name}/'\nWITH (format = 'PARQUET', compression = 'SNAPPY', partitioned_by = ARRAY['dt'])`,
      );
      expect(q.sql).toContain("WHERE dt IN ('2026-11-02')");
    }
  });

  it('without goals or funnels runs no query for their tables, and removes a day’s old rows of them', async () => {
    s3 = await bucketWithEvents();
    standin = await athenaStandin(fakeBuckets(s3), 'analytics');
    await recomputeDaysInAthena(deps(standin.client), ['2026-11-02'], OPTIONS, COMPUTED_AT, false);
    expect((await published('goals_daily', '2026-11-02')).length).toBeGreaterThan(0);
    const before = standin.queries.length;
    await recomputeDaysInAthena(
      deps(standin.client),
      ['2026-11-02'],
      DEFAULT_AGGREGATE_OPTIONS,
      COMPUTED_AT,
      false,
    );
    const queried = standin.queries.slice(before).map((q) => /\/(\w+)\/'\nWITH/.exec(q.sql)![1]);
    expect(queried).toEqual(
      AGGREGATE_TABLES.map((t) => t.name).filter((n) => n !== 'goals_daily' && n !== 'funnels_daily'),
    );
    expect(await published('goals_daily', '2026-11-02')).toEqual([]);
    expect(await published('funnels_daily', '2026-11-02')).toEqual([]);
    expect((await published('pages_daily', '2026-11-02')).length).toBeGreaterThan(0);
  });

  it('polls with growing waits until the query is done', async () => {
    s3 = await bucketWithEvents();
    standin = await athenaStandin(fakeBuckets(s3), 'analytics', {
      onStart: (q) => {
        q.pending = ['QUEUED', 'QUEUED', 'RUNNING', 'RUNNING', 'RUNNING'];
      },
    });
    const c = clock();
    await recomputeDaysInAthena(deps(standin.client, c), ['2026-11-01'], OPTIONS, COMPUTED_AT, false);
    const first = c.slept.slice(0, 5);
    expect(first).toEqual([...first].sort((a, b) => a - b));
    expect(first[4]!).toBeGreaterThan(first[0]!);
    expect(Math.max(...c.slept)).toBeLessThanOrEqual(5_000);
  });

  it('a failed query publishes nothing: the old tables stay, every file the batch wrote is deleted', async () => {
    s3 = await bucketWithEvents();
    s3.put('analytics', 'aggregates/pages_daily/dt=2026-11-01/old.parquet', 'old');
    standin = await athenaStandin(fakeBuckets(s3), 'analytics', {
      onStart: (q, i) => {
        if (i !== 3) return;
        q.final = 'FAILED';
        s3.put('results', 'aggregate/staging/orphan/dt=2026-11-01/part', 'half');
        s3.put(
          'results',
          'manifests/failed-manifest.csv',
          's3://results/aggregate/staging/orphan/dt=2026-11-01/part\n',
        );
        q.manifest = 's3://results/manifests/failed-manifest.csv';
      },
    });
    await expect(
      recomputeDaysInAthena(deps(standin.client), DAYS, OPTIONS, COMPUTED_AT, false),
    ).rejects.toThrow(AthenaQueryError);
    expect([...s3.objects('analytics').keys()].filter((k) => k.startsWith('aggregates/'))).toEqual([
      'aggregates/pages_daily/dt=2026-11-01/old.parquet',
    ]);
    expect([...s3.objects('results').keys()].filter((k) => k.startsWith('aggregate/'))).toEqual([]);
  });

  it('stops a query that outlasts the function’s time and fails', async () => {
    s3 = await bucketWithEvents();
    standin = await athenaStandin(fakeBuckets(s3), 'analytics', {
      onStart: (q) => {
        q.pending = Array.from({ length: 100 }, () => 'RUNNING' as const);
      },
    });
    await expect(
      recomputeDaysInAthena(
        deps(standin.client, clock({ deadline: 20_000 })),
        DAYS,
        OPTIONS,
        COMPUTED_AT,
        false,
      ),
    ).rejects.toThrow(/time ran out/);
    expect(standin.stopped).toEqual(['q1']);
  });

  it('waits and starts again when Athena has too many active queries', async () => {
    s3 = await bucketWithEvents();
    let refused = 0;
    standin = await athenaStandin(fakeBuckets(s3), 'analytics', {
      onStart: () => {
        if (refused++ < 2)
          throw Object.assign(new Error('Too many queries'), { name: 'TooManyRequestsException' });
      },
    });
    const c = clock();
    const result = await recomputeDaysInAthena(
      deps(standin.client, c),
      ['2026-11-01'],
      OPTIONS,
      COMPUTED_AT,
      false,
    );
    expect(result.computed).toEqual(['2026-11-01']);
    expect(standin.queries).toHaveLength(AGGREGATE_TABLES.length);
  });

  it('a retried run gives the same tables and leaves no file of the earlier one', async () => {
    s3 = await bucketWithEvents();
    standin = await athenaStandin(fakeBuckets(s3), 'analytics');
    await recomputeDaysInAthena(deps(standin.client), DAYS, OPTIONS, COMPUTED_AT, false);
    const first = await published('pages_daily', DAYS[1]!);
    const keys = [...s3.objects('analytics').keys()].filter((k) => k.startsWith('aggregates/pages_daily/'));
    await recomputeDaysInAthena(deps(standin.client), DAYS, OPTIONS, COMPUTED_AT, false);
    expect(canonical(await published('pages_daily', DAYS[1]!))).toEqual(canonical(first));
    const again = [...s3.objects('analytics').keys()].filter((k) => k.startsWith('aggregates/pages_daily/'));
    expect(again.length).toBe(keys.length);
    expect(again.some((k) => keys.includes(k))).toBe(false);
  });

  it('leaves frozen days alone, and splits more than 100 days into UNLOADs of at most 100 partitions', async () => {
    s3 = await bucketWithEvents();
    const store = new S3Store(s3.client, 'analytics');
    await store.putObject(
      'aggregates/_sources/dt=2026-11-01.json',
      JSON.stringify({
        day: '2026-11-01',
        computed_at: '',
        events: [{ key: 'events/dt=2026-11-01/hour=00/gone.parquet', size: 1 }],
      }),
    );
    standin = await athenaStandin(fakeBuckets(s3), 'analytics');
    const days = Array.from({ length: 150 }, (_, i) =>
      new Date(Date.parse('2026-06-01T00:00:00Z') + i * 86_400_000).toISOString().slice(0, 10),
    );
    const result = await recomputeDaysInAthena(
      deps(standin.client),
      [...days, '2026-11-01'],
      OPTIONS,
      COMPUTED_AT,
      false,
    );
    expect(result.frozen).toEqual(['2026-11-01']);
    expect(result.computed).toHaveLength(150);
    expect(standin.queries).toHaveLength(2 * AGGREGATE_TABLES.length);
    const daysIn = (sql: string) => /WHERE dt IN \(([^)]*)\)/.exec(sql)![1]!.match(/'/g)!.length / 2;
    expect(standin.queries.map((q) => daysIn(q.sql))).toEqual([
      ...AGGREGATE_TABLES.map(() => 100),
      ...AGGREGATE_TABLES.map(() => 50),
    ]);
    expect(standin.queries.some((q) => q.sql.includes("'2026-11-01'"))).toBe(false);
  });
});

describe('batchDays', () => {
  const days = (n: number, bytes: number) =>
    Array.from({ length: n }, (_, i) => ({ day: `2026-01-${String(i + 1).padStart(2, '0')}`, bytes }));

  it('keeps at most 100 days and under the bytes-scanned limit per query, counting every read of the events', () => {
    expect(batchDays(days(150, 1)).map((b) => b.length)).toEqual([100, 50]);
    // 2 reads per query at most: 100 GB allows 50 GB of events per batch.
    expect(batchDays(days(5, 20 * 1024 ** 3)).map((b) => b.length)).toEqual([2, 2, 1]);
    // A day larger than the budget is a batch of its own, never dropped.
    expect(batchDays(days(2, 80 * 1024 ** 3)).map((b) => b.length)).toEqual([1, 1]);
    expect(batchDays([])).toEqual([]);
  });
});

describe('athenaEnvironment', () => {
  it('is all or nothing', () => {
    expect(athenaEnvironment({})).toBeNull();
    expect(() => athenaEnvironment({ ATHENA_WORKGROUP: 'w' })).toThrow(
      /ATHENA_EVENTS_DATABASE, ATHENA_RESULTS_BUCKET/,
    );
    expect(
      athenaEnvironment({ ATHENA_WORKGROUP: 'w', ATHENA_EVENTS_DATABASE: 'd', ATHENA_RESULTS_BUCKET: 'r' }),
    ).toEqual({
      target: { workgroup: 'w', database: 'd' },
      resultsBucket: 'r',
      stagingPrefix: 'aggregate/staging/',
    });
  });
});

/** The aggregate function's environment (the fake S3's buckets), with these Athena settings. */
function functionEnv(athena: Record<string, string>): void {
  for (const [k, v] of Object.entries({
    ANALYTICS_BUCKET: 'analytics',
    SALTS_BUCKET: 'salts',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'y',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...athena,
  }))
    vi.stubEnv(k, v);
}

describe('the aggregate function with Athena configured', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetRuntime();
  });

  it('issues the queries, publishes the day, clears its marker, and reads no events itself', async () => {
    s3 = await bucketWithEvents();
    standin = await athenaStandin(fakeBuckets(s3), 'analytics');
    functionEnv({
      ATHENA_WORKGROUP: 'logveil-aggregate',
      ATHENA_EVENTS_DATABASE: 'logveil_events',
      ATHENA_RESULTS_BUCKET: 'results',
      GOALS: JSON.stringify(SHOP_GOALS),
      FUNNELS: JSON.stringify(SHOP_FUNNELS),
    });
    resetRuntime();
    s3.put('analytics', 'aggregates/_pending/dt=2026-11-02', '');
    const { handler } = await import('../../functions/aggregate.ts');
    const result = await handler({ dt: '2026-11-02' }, lambdaContext());
    expect(result.computed).toEqual(['2026-11-02']);
    expect(standin.queries).toHaveLength(AGGREGATE_TABLES.length);
    for (const table of ['pages_daily', 'goals_daily', 'funnels_daily']) {
      const truth = (await readTable(local, `aggregates/${table}/dt=2026-11-02/`)) as Row[];
      expect(truth.length, table).toBeGreaterThan(0);
      expect(canonical(await published(table, '2026-11-02'))).toEqual(canonical(truth));
    }
    expect(s3.objects('analytics').has('aggregates/_pending/dt=2026-11-02')).toBe(false);
    const reads = s3.mock.commandCalls(GetObjectCommand).map((c) => String(c.args[0].input.Key));
    expect(reads.filter((k) => k.startsWith('events/'))).toEqual([]);
  });
});

describe('the aggregate function without Athena configured', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    resetRuntime();
  });

  it('refuses to run instead of computing days itself', async () => {
    s3 = await bucketWithEvents();
    functionEnv({ ATHENA_WORKGROUP: '', ATHENA_EVENTS_DATABASE: '', ATHENA_RESULTS_BUCKET: '' });
    resetRuntime();
    const { handler } = await import('../../functions/aggregate.ts');
    await expect(handler({ dt: '2026-11-02' }, lambdaContext())).rejects.toThrow(
      /ATHENA_WORKGROUP.*must be set/,
    );
    const reads = s3.mock.commandCalls(GetObjectCommand).map((c) => String(c.args[0].input.Key));
    expect(reads.filter((k) => k.startsWith('events/'))).toEqual([]);
    expect(
      [...s3.objects('analytics').keys()].filter((k) => k.startsWith('aggregates/traffic_daily/')),
    ).toEqual([]);
  });
});
