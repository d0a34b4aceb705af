/**
 * Recomputes the aggregates of whole days: reads every events object of the day (both write paths),
 * deduplicates by event_id, computes all tables and writes them at their fixed keys, so two runs over
 * two halves equal one run over the whole. Frozen days are reported and left alone unless forced.
 */
import type { Store } from '../store/store.ts';
import { readParquetRows } from '../tables/parquet-reader.ts';
import { writeTableFile } from '../tables/write-table-file.ts';
import type { AggregateOptions } from './aggregate-options.ts';
import { AGGREGATE_TABLES, aggregateKey } from './aggregate-tables.ts';
import { type AggregateRow, computeDay, computeTable } from './compute-day.ts';
import { DAY_EVENT_COLUMNS, type DayEvent } from './day-event.ts';
import { expiredSources, listDayEvents, readDaySources, writeDaySources } from './day-sources.ts';
import type { DayTable } from './day-table.ts';

export interface RecomputeResult {
  readonly computed: string[];
  readonly frozen: string[];
  /** Rows written per table, over all computed days. */
  readonly rows: Record<string, number>;
  /** traffic_daily rows of the computed days. */
  readonly traffic: AggregateRow[];
  /** Top pages and sources per computed day and site, for the terminal summary. */
  readonly highlights: Array<{ day: string; pages: AggregateRow[]; sources: AggregateRow[] }>;
}

export async function readDayEvents(store: Store, keys: readonly string[]): Promise<DayEvent[]> {
  const events: DayEvent[] = [];
  for (const key of keys) {
    const bytes = await store.getObject(key);
    if (bytes === null) continue;
    for (const row of await readParquetRows(bytes, DAY_EVENT_COLUMNS))
      events.push(row as unknown as DayEvent);
  }
  return events;
}

/** Events of a day already in memory (this run wrote them): their files need not be read back. */
export interface DayMemory {
  /** The events as objects, to be merged with events read back from files. */
  events(): readonly DayEvent[];
  /** The same events column by column, in time then id order: computed from directly when alone. */
  table(): DayTable;
  /** Keys of the events files whose every row is in `events`. */
  readonly keys: ReadonlySet<string>;
  /**
   * No two of `events` share an id: each source was opened once, and ids are the source key plus
   * the line number. De-duplication is then needed only against files read back.
   */
  readonly uniqueIds?: boolean;
}

export function emptyResult(): RecomputeResult {
  const result: RecomputeResult = { computed: [], frozen: [], rows: {}, traffic: [], highlights: [] };
  for (const table of AGGREGATE_TABLES) result.rows[table.name] = 0;
  return result;
}

export function mergeResults(into: RecomputeResult, from: RecomputeResult): void {
  into.computed.push(...from.computed);
  into.frozen.push(...from.frozen);
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
    const stored = await readDayEvents(
      store,
      objects.map((o) => o.key).filter((key) => !known?.keys.has(key)),
    );
    // This run's events alone, no id twice: computed from their columns, no object per event.
    const aggregates =
      known?.uniqueIds === true && stored.length === 0
        ? computeTable(known.table(), options, computedAt)
        : computeDay([...(known?.events() ?? []), ...stored], options, computedAt);
    for (const table of AGGREGATE_TABLES) {
      const rows = aggregates[table.name] ?? [];
      await writeTableFile(store, aggregateKey(table, day), table, rows);
      result.rows[table.name]! += rows.length;
    }
    await writeDaySources(store, day, objects, computedAt);
    result.computed.push(day);
    result.traffic.push(...(aggregates.traffic_daily ?? []).map((r) => ({ ...r, day })));
    result.highlights.push({
      day,
      pages: aggregates.pages_daily ?? [],
      sources: aggregates.sources_daily ?? [],
    });
  }
  return result;
}
