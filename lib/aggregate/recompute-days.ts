/**
 * Recomputes the aggregates of whole days from every events object of the day (both write paths),
 * duplicates of an event_id counted once, and writes all tables at their fixed keys, so two runs over
 * two halves equal one run over the whole. Frozen days are reported and left alone unless forced.
 */
import type { Store } from '../store/store.ts';
import type { TableDef } from '../tables/column.ts';
import { writeTableFile } from '../tables/write-table-file.ts';
import type { AggregateOptions } from './aggregate-options.ts';
import { AGGREGATE_TABLES, aggregateKey } from './aggregate-tables.ts';
import { type AggregateRow, computeTable, type DayAggregates } from './compute-day.ts';
import { expiredSources, listDayEvents, readDaySources, writeDaySources } from './day-sources.ts';
import type { DayTable } from './day-table.ts';
import { canonicalRows } from './row-order.ts';
import type { SqlDays } from './sql-days.ts';

export interface RecomputeResult {
  readonly computed: string[];
  readonly frozen: string[];
  /** The computed days that the SQL computed (the others: the in-memory fast path). */
  readonly bySql: string[];
  /** Rows written per table, over all computed days. */
  readonly rows: Record<string, number>;
  /** traffic_daily rows of the computed days. */
  readonly traffic: AggregateRow[];
  /** Top pages and sources per computed day and site, for the terminal summary. */
  readonly highlights: Array<{
    day: string;
    pages: AggregateRow[];
    sources: AggregateRow[];
    notFound: AggregateRow[];
    goals: AggregateRow[];
    funnels: AggregateRow[];
  }>;
}

/** Events of a day already in memory (this run wrote them). */
export interface DayMemory {
  /** The events column by column, in time then id order: computed from directly when alone. */
  table(): DayTable;
  /** Keys of the events files whose every row is in `table()`. */
  readonly keys: ReadonlySet<string>;
  /**
   * No two events in memory share an id: each source was opened once, and ids are the source key
   * plus the line number. Without it the day goes to the SQL, which de-duplicates.
   */
  readonly uniqueIds: boolean;
}

/** How days are computed: the SQL in DuckDB, with the in-memory fast path unless `sqlOnly`. */
export interface DayEngines {
  readonly sql: SqlDays;
  /** `--aggregate sql`: every day by the SQL, none by the fast path. */
  readonly sqlOnly?: boolean;
}

/**
 * The fast path's tables, and every table it does not compute from its SQL: a new table needs only
 * its SQL file and its definition (aggregate-tables.ts); teaching it to the fast path is optional.
 */
export async function withSqlForTheRest(
  fast: DayAggregates,
  sql: (missing: readonly TableDef[]) => Promise<DayAggregates>,
  tables: readonly TableDef[] = AGGREGATE_TABLES,
): Promise<DayAggregates> {
  const missing = tables.filter((table) => fast[table.name] === undefined);
  return missing.length === 0 ? fast : { ...fast, ...(await sql(missing)) };
}

export function emptyResult(): RecomputeResult {
  const result: RecomputeResult = {
    computed: [],
    frozen: [],
    bySql: [],
    rows: {},
    traffic: [],
    highlights: [],
  };
  for (const table of AGGREGATE_TABLES) result.rows[table.name] = 0;
  return result;
}

export function mergeResults(into: RecomputeResult, from: RecomputeResult): void {
  into.computed.push(...from.computed);
  into.frozen.push(...from.frozen);
  into.bySql.push(...from.bySql);
  for (const [name, n] of Object.entries(from.rows)) into.rows[name] = (into.rows[name] ?? 0) + n;
  into.traffic.push(...from.traffic);
  into.highlights.push(...from.highlights);
}

export async function recomputeDays(
  store: Store,
  days: Iterable<string>,
  options: AggregateOptions,
  computedAt: number,
  force: boolean,
  engines: DayEngines,
  memory: (day: string) => DayMemory | undefined = () => undefined,
): Promise<RecomputeResult> {
  const result = emptyResult();
  for (const day of [...new Set(days)].sort()) {
    const objects = await listDayEvents(store, day);
    const expired = expiredSources(await readDaySources(store, day), objects);
    if (expired.length > 0 && !force) {
      result.frozen.push(day);
      continue;
    }
    const known = memory(day);
    const keys = objects.map((o) => o.key);
    // The day is this run's events alone, each once: the fast path over the columns in memory
    // (proven equal to the SQL, test/aggregate/sql-equals-js.test.ts). Otherwise the SQL over the
    // day's files, which hold every event of the day (the caller waits until this run's are written).
    const fast = !engines.sqlOnly && known?.uniqueIds === true && keys.every((key) => known.keys.has(key));
    const computed = fast
      ? await withSqlForTheRest(computeTable(known!.table(), options, computedAt), (missing) =>
          engines.sql.compute(day, keys, options, computedAt, missing),
        )
      : await engines.sql.compute(day, keys, options, computedAt);
    const aggregates: Record<string, AggregateRow[]> = {};
    for (const table of AGGREGATE_TABLES) {
      aggregates[table.name] = canonicalRows(table, computed[table.name] ?? []);
      result.rows[table.name]! += aggregates[table.name]!.length;
    }
    // The day's tables are written side by side: each is small, and one by one the thread mostly
    // waited on the disk. The day's sources record follows them, once every table is in place.
    await Promise.all(
      AGGREGATE_TABLES.map((table) =>
        writeTableFile(store, aggregateKey(table, day), table, aggregates[table.name]!),
      ),
    );
    await writeDaySources(store, day, objects, computedAt);
    result.computed.push(day);
    if (!fast) result.bySql.push(day);
    result.traffic.push(...(aggregates.traffic_daily ?? []).map((r) => ({ ...r, day })));
    result.highlights.push({
      day,
      pages: aggregates.pages_daily ?? [],
      sources: aggregates.sources_daily ?? [],
      notFound: aggregates.not_found_daily ?? [],
      goals: aggregates.goals_daily ?? [],
      funnels: aggregates.funnels_daily ?? [],
    });
  }
  return result;
}
