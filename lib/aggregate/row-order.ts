/**
 * The one order a table's rows are written in, whichever engine computed them — site, then hour or
 * status or funnel step ascending, else the biggest count first, then the remaining values — so reruns, `--threads`
 * and `--aggregate` write identical files.
 */
import type { TableDef } from '../tables/column.ts';
import type { AggregateRow } from './compute-day.ts';

/** The row with the table's columns in their declared order, a missing value as null. */
function inColumnOrder(table: TableDef, row: AggregateRow): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (const column of table.columns) out[column.name] = row[column.name] ?? null;
  return out;
}

export function canonicalRows(table: TableDef, rows: readonly AggregateRow[]): AggregateRow[] {
  const metric = (r: Record<string, unknown>) =>
    Number(r.conversions ?? r.sessions ?? r.page_views ?? r.count ?? r.hits ?? 0);
  const order = (r: Record<string, unknown>) => Number(r.hour ?? r.status ?? r.step_number ?? -1);
  const keyed = rows.map((row) => {
    const ordered = inColumnOrder(table, row);
    return { row: ordered, key: JSON.stringify(Object.values(ordered)) };
  });
  keyed.sort((a, b) => {
    if (a.row.site !== b.row.site) return String(a.row.site) < String(b.row.site) ? -1 : 1;
    const o = order(a.row) - order(b.row);
    if (o !== 0) return o;
    const m = metric(b.row) - metric(a.row);
    if (m !== 0) return m;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
  // Nulls are left out again: the writer writes a missing value as null.
  return keyed.map(({ row }) => {
    const out: AggregateRow = {};
    for (const [name, value] of Object.entries(row)) if (value !== null) out[name] = value;
    return out;
  });
}
