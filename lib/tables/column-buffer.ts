/** Rows of one table held column by column until they are written as a row group. */
import type { TableDef } from './column.ts';
import type { ColumnValues } from './parquet-file-writer.ts';

export class ColumnBuffer<Row extends object> {
  /** Rows pushed one at a time. */
  private columns: ColumnValues[];
  /** Ranges added whole (per column, in order), ahead of `columns`. */
  private ranges: ColumnValues[][];
  private readonly names: readonly string[];
  length = 0;

  constructor(table: TableDef) {
    this.names = table.columns.map((c) => c.name);
    this.columns = this.names.map(() => []);
    this.ranges = this.names.map(() => []);
  }

  push(row: Row): void {
    const record = row as Record<string, unknown>;
    for (let i = 0; i < this.names.length; i++) this.columns[i]!.push(record[this.names[i]!]);
    this.length++;
  }

  /**
   * Appends rows `from` to `to` (exclusive) of values held column by column, in the table's order.
   * Copied with one slice per column: element-by-element pushes cost several times more.
   */
  pushRange(columns: readonly ColumnValues[], from: number, to: number): void {
    if (to <= from) return;
    if (this.columns[0]!.length > 0) this.moveColumnsToRanges();
    for (let i = 0; i < this.names.length; i++) this.ranges[i]!.push(columns[i]!.slice(from, to));
    this.length += to - from;
  }

  /** Hands over the buffered columns and starts empty. */
  take(): ColumnValues[] {
    const taken = this.names.map((_, i) => {
      const ranges = this.ranges[i]!;
      const rows = this.columns[i]!;
      if (ranges.length === 0) return rows;
      if (rows.length > 0) ranges.push(rows);
      return ranges.length === 1 ? ranges[0]! : flatten(ranges);
    });
    this.columns = this.names.map(() => []);
    this.ranges = this.names.map(() => []);
    this.length = 0;
    return taken;
  }

  /** Keeps the order of rows when single pushes and ranges alternate. */
  private moveColumnsToRanges(): void {
    for (let i = 0; i < this.names.length; i++) {
      if (this.columns[i]!.length > 0) this.ranges[i]!.push(this.columns[i]!);
    }
    this.columns = this.names.map(() => []);
  }
}

function flatten(ranges: readonly ColumnValues[]): ColumnValues {
  let total = 0;
  for (const r of ranges) total += r.length;
  const out: ColumnValues = new Array(total);
  let at = 0;
  for (const r of ranges) for (let i = 0; i < r.length; i++) out[at++] = r[i];
  return out;
}
