/**
 * Days computed by the SQL in DuckDB (sql-days.ts), and a table the fast path does not compute taken
 * from its SQL: a new table needs only its SQL file and its definition.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AGGREGATE_OPTIONS } from '../../lib/aggregate/aggregate-options.ts';
import { AGGREGATE_TABLES } from '../../lib/aggregate/aggregate-tables.ts';
import type { DayAggregates } from '../../lib/aggregate/compute-day.ts';
import { listDayEvents } from '../../lib/aggregate/day-sources.ts';
import { withSqlForTheRest } from '../../lib/aggregate/recompute-days.ts';
import { canonicalRows } from '../../lib/aggregate/row-order.ts';
import { SqlDays } from '../../lib/aggregate/sql-days.ts';
import { runCommand } from '../../lib/cli/run-command.ts';
import { runConfig } from '../../lib/cli/run-config.ts';
import { FsStore } from '../../lib/store/fs-store.ts';
import type { TableDef } from '../../lib/tables/column.ts';
import { generatedLog, tempDir, writeLog } from '../helpers.ts';

const DAY = '2026-11-01';
let store: FsStore;
let sql: SqlDays;
let keys: string[];

beforeAll(async () => {
  const dir = await tempDir();
  await writeLog(join(dir, 'a.log'), generatedLog({ lines: 3_000, seed: 'sql-days' }));
  const quiet = { stdout: () => {}, stderr: () => {} };
  const config = runConfig([join(dir, 'a.log')], {
    out: join(dir, 'out'),
    saltDir: join(dir, 's'),
    site: 'example.com',
  });
  expect(await runCommand(config, quiet)).toBe(0);
  store = new FsStore(join(dir, 'out'));
  sql = new SqlDays(store);
  keys = (await listDayEvents(store, DAY)).map((o) => o.key);
  expect(keys.length).toBeGreaterThan(0);
});
afterAll(() => sql.close());

describe('SqlDays', () => {
  it('computes every table of a day, without the dt partition in the rows', async () => {
    const tables = await sql.compute(DAY, keys, DEFAULT_AGGREGATE_OPTIONS, 0);
    expect(Object.keys(tables).sort()).toEqual(AGGREGATE_TABLES.map((t) => t.name).sort());
    expect(tables.traffic_daily).toHaveLength(1);
    expect(tables.traffic_daily![0]).not.toHaveProperty('dt');
    expect(Number(tables.traffic_daily![0]!.hits)).toBe(3_000);
  });

  it('computes only the tables asked for, and empty tables for a day without files', async () => {
    const some = AGGREGATE_TABLES.filter((t) => t.name === 'bots_daily');
    expect(Object.keys(await sql.compute(DAY, keys, DEFAULT_AGGREGATE_OPTIONS, 0, some))).toEqual([
      'bots_daily',
    ]);
    expect(await sql.compute(DAY, [], DEFAULT_AGGREGATE_OPTIONS, 0, some)).toEqual({ bots_daily: [] });
  });
});

describe('withSqlForTheRest', () => {
  it('takes the tables the fast path left out from their SQL, and only those', async () => {
    const all = await sql.compute(DAY, keys, DEFAULT_AGGREGATE_OPTIONS, 0);
    const { pages_daily, bots_daily, ...fast } = all;
    let asked: string[] = [];
    const filled = await withSqlForTheRest(fast as DayAggregates, (missing: readonly TableDef[]) => {
      asked = missing.map((t) => t.name);
      return sql.compute(DAY, keys, DEFAULT_AGGREGATE_OPTIONS, 0, missing);
    });
    expect(asked.sort()).toEqual(['bots_daily', 'pages_daily']);
    // Rows as written (the SQL's row order is DuckDB's, not fixed).
    const written = (tables: DayAggregates) =>
      AGGREGATE_TABLES.map((t) => [t.name, canonicalRows(t, tables[t.name] ?? [])]);
    expect(written(filled)).toEqual(written(all));
    expect(pages_daily!.length).toBeGreaterThan(0);
    expect(bots_daily!.length).toBeGreaterThan(0);
    // Nothing left out: the SQL is not run at all.
    await withSqlForTheRest(all, () => {
      throw new Error('the SQL was run');
    });
  });
});
