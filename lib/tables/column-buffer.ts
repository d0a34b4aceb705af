/** Rows of one table held column by column until they are written as a row group. */
import type { TableDef } from './column.ts';
import { type CodedRange, mergeCodedRanges } from './dictionary-column.ts';
import type { ColumnValues } from './parquet-file-writer.ts';

/** One column's values, appended to a buffer a range at a time; packed columns decode themselves. */
export interface ColumnSource {
  appendTo(target: unknown[], from: number, to: number): void;
  /** Strings coded into a dictionary (codes < 0 are null): written from the codes when every part has them. */
  readonly coded?: { readonly dict: readonly string[]; readonly codes: Int32Array };
}

/** A column already spelled out as an array. */
export function arraySource(values: readonly unknown[]): ColumnSource {
  return {
    appendTo(target, from, to) {
      for (let r = from; r < to; r++) target.push(values[r]);
    },
  };
}

/** Rows `from` to `to` of some columns, read when the group is taken. */
interface Segment {
  readonly sources: readonly ColumnSource[];
  readonly from: number;
  to: number;
  /** Set for a segment of pushed row objects: further rows are appended to it. */
  readonly rows?: object[];
}

/**
 * Rows are kept as references to the columns they came in (or to the row objects) and spelled out
 * into one array per column only when the group is taken, just before it is encoded. Arrays filled
 * as rows arrive would live until their group is written — long enough to be copied into the old
 * generation by the collector, a large part of the events thread's collection work.
 */
export class ColumnBuffer<Row extends object> {
  private segments: Segment[] = [];
  private readonly names: readonly string[];
  length = 0;

  constructor(table: TableDef) {
    this.names = table.columns.map((c) => c.name);
  }

  push(row: Row): void {
    const last = this.segments[this.segments.length - 1];
    if (last?.rows) {
      last.rows.push(row);
      last.to++;
    } else {
      const rows: object[] = [row];
      this.segments.push({
        sources: this.names.map((name) => fieldSource(rows, name)),
        from: 0,
        to: 1,
        rows,
      });
    }
    this.length++;
  }

  /** Appends rows `from` to `to` (exclusive) of columns in the table's order; they must not change. */
  pushRange(columns: readonly ColumnSource[], from: number, to: number): void {
    if (to > from) this.segments.push({ sources: columns, from, to });
    this.length += to - from;
  }

  /**
   * Hands over the buffered rows, one array per column — or, for a column whose every part came
   * dictionary-coded, one merged dictionary and its indexes — and starts empty.
   */
  take(): ColumnValues[] {
    const segments = this.segments;
    this.segments = [];
    this.length = 0;
    return this.names.map((_, i) => {
      if (segments.length > 0 && segments.every((s) => s.sources[i]!.coded !== undefined)) {
        return mergeCodedRanges(
          segments.map((s): CodedRange => ({ ...s.sources[i]!.coded!, from: s.from, to: s.to })),
        );
      }
      const values: unknown[] = [];
      for (const s of segments) s.sources[i]!.appendTo(values, s.from, s.to);
      return values;
    });
  }
}

function fieldSource(rows: object[], name: string): ColumnSource {
  return {
    appendTo(target, from, to) {
      for (let r = from; r < to; r++) target.push((rows[r] as Record<string, unknown>)[name]);
    },
  };
}
