/**
 * Days computed by their SQL definitions (lib/aggregate/sql/) in DuckDB, over the day's events
 * files: the local engine for every day the run does not hold whole in memory (files of earlier
 * runs, a file given twice, `--aggregate sql`). DuckDB reads the files itself, so a day larger than
 * memory spills to disk instead of being held as objects.
 */
import type { FsStore } from '../store/fs-store.ts';
import type { TableDef } from '../tables/column.ts';
import { type DuckDbSession, openDuckDb } from '../tables/duckdb-session.ts';
import type { AggregateOptions } from './aggregate-options.ts';
import { AGGREGATE_TABLES } from './aggregate-tables.ts';
import type { DayAggregates } from './compute-day.ts';
import { aggregateWithDuckDb, defineEventsFiles } from './duckdb-aggregates.ts';

/**
 * DuckDB's buffer limit while a run computes days: the run's other memory is ≈ 250 MiB, and a
 * day of up to ≈ 1M events fits (larger days spill to the temporary directory).
 */
export const RUN_DUCKDB_MEMORY_LIMIT = '256MB';

export class SqlDays {
  private session: Promise<DuckDbSession> | null = null;
  /** Days run one at a time on the one connection (a run computes some in the background). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: FsStore) {}

  /** Every table (or those of `tables`) of `day` from the events files `keys` (all of the day's files). */
  compute(
    day: string,
    keys: readonly string[],
    options: AggregateOptions,
    computedAt: number,
    tables: readonly TableDef[] = AGGREGATE_TABLES,
  ): Promise<DayAggregates> {
    const run = this.queue.then(() => this.computeNow(day, keys, options, computedAt, tables));
    this.queue = run.catch(() => {});
    return run;
  }

  private async computeNow(
    day: string,
    keys: readonly string[],
    options: AggregateOptions,
    computedAt: number,
    tables: readonly TableDef[],
  ): Promise<DayAggregates> {
    if (keys.length === 0) return Object.fromEntries(tables.map((t) => [t.name, []]));
    this.session ??= openDuckDb({ memoryLimit: RUN_DUCKDB_MEMORY_LIMIT });
    const { connection } = await this.session;
    await defineEventsFiles(
      connection,
      keys.map((key) => this.store.pathOf(key)),
    );
    const rows = await aggregateWithDuckDb(connection, { days: [day], options, computedAt }, tables);
    // `dt` is the partition, not a column of the files the rows are written to.
    for (const list of Object.values(rows)) for (const row of list) delete row.dt;
    return rows;
  }

  async close(): Promise<void> {
    await this.queue;
    const session = this.session;
    this.session = null;
    if (session) (await session).close();
  }
}
