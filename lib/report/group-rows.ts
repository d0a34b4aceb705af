/**
 * Table rows summed per key: every breakdown of the report (pages, sources, goals, …) is one of these.
 */
import type { PlainRow } from '../tables/parquet-reader.ts';

export type Row = Record<string, string | number>;

/** A measure as a number: the Parquet reader may give counts as numbers or numeric strings. */
export const n = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));

/**
 * Sums `measures` over the rows grouped by `keys` (with `site` first when several sites are shown),
 * largest `sortBy` first, then by key so equal rows keep a stable order.
 */
export function groupRows(
  rows: readonly PlainRow[],
  keys: readonly string[],
  measures: readonly string[],
  sortBy: string,
): Row[] {
  const groups = new Map<string, Row>();
  for (const r of rows) {
    const keyValues = keys.map((k) => String(r[k] ?? ''));
    const id = JSON.stringify(keyValues);
    let g = groups.get(id);
    if (!g) {
      g = {};
      keys.forEach((k, i) => {
        g![k] = keyValues[i]!;
      });
      for (const m of measures) g[m] = 0;
      groups.set(id, g);
    }
    for (const m of measures) g[m] = (g[m] as number) + n(r[m]);
  }
  // The map's key is the group's key in sortable form: compute it once, not per comparison.
  return [...groups]
    .sort(([ia, a], [ib, b]) => (b[sortBy] as number) - (a[sortBy] as number) || (ia < ib ? -1 : 1))
    .map(([, g]) => g);
}
