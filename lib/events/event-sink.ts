/**
 * Where a run's events go besides the events files: the run's aggregation implements it (the events
 * layer defines what it is sent, the aggregation what it does with it).
 */
import type { EventColumns } from './event-columns.ts';
import type { EventRow } from './schema.ts';

export interface EventSink {
  /** A source starts sending events (its key prefixes every event id it makes). */
  openSource(sourceKey: string): void;
  /** The event of line `lineNo` of a source; only the aggregation's columns are kept. */
  add(event: EventRow, sourceKey: string, lineNo: number): void;
  /** Rows `from` to `to` (exclusive) of events held column by column. */
  addRange(columns: EventColumns, from: number, to: number, sourceKey: string): void;
  fileWritten(key: string, dt: string, rows: number): void;
  /** The input has reached this time: days well before it may be computed. */
  advance(newestTs: number): Promise<void>;
}
