/**
 * Reads the aggregate tables a report needs from a store (the local `--out` directory or the bucket),
 * one `dt=` partition at a time, keeping only the chosen site's rows.
 */
import { AGGREGATE_TABLES, TRAFFIC_DAILY } from '../aggregate/aggregate-tables.ts';
import type { Store } from '../store/store.ts';
import { type PlainRow, readParquetRows } from '../tables/parquet-reader.ts';

export type TableRows = Record<string, PlainRow[]>;

const DT_RE = /\/dt=(\d{4}-\d{2}-\d{2})\//;

/** Days with a traffic_daily partition, sorted: the days the aggregates cover. */
export async function aggregateDays(store: Store): Promise<string[]> {
  const days = new Set<string>();
  for await (const object of store.list(`${TRAFFIC_DAILY.prefix}/dt=`)) {
    const day = DT_RE.exec(object.key)?.[1];
    if (day && object.key.endsWith('.parquet')) days.add(day);
  }
  return [...days].sort();
}

export interface LoadedAggregates {
  readonly rows: TableRows;
  /** Keys of objects that could not be read as Parquet: skipped, for the caller to name. */
  readonly broken: string[];
}

/**
 * Rows of every aggregate table over `days`, each row with its `day`; `site` null keeps every site.
 */
export async function loadAggregates(
  store: Store,
  days: readonly string[],
  site: string | null,
  tables: readonly string[] = AGGREGATE_TABLES.map((t) => t.name),
): Promise<LoadedAggregates> {
  const out: TableRows = {};
  const broken: string[] = [];
  for (const table of AGGREGATE_TABLES) {
    if (!tables.includes(table.name)) continue;
    const rows: PlainRow[] = [];
    for (const day of days) {
      for await (const object of store.list(`${table.prefix}/dt=${day}/`)) {
        if (!object.key.endsWith('.parquet')) continue;
        const bytes = await store.getObject(object.key);
        if (!bytes) continue;
        let fileRows: PlainRow[];
        try {
          fileRows = await readParquetRows(bytes);
        } catch {
          broken.push(object.key);
          continue;
        }
        for (const row of fileRows) {
          if (site !== null && row.site !== site) continue;
          row.day = day;
          rows.push(row);
        }
      }
    }
    out[table.name] = rows;
  }
  return { rows: out, broken };
}

/** Sites present in the traffic_daily rows, by page views (most first). */
export function sitesOf(traffic: readonly PlainRow[]): string[] {
  const views = new Map<string, number>();
  for (const row of traffic) {
    const site = String(row.site);
    views.set(site, (views.get(site) ?? 0) + Number(row.page_views));
  }
  return [...views].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([s]) => s);
}
