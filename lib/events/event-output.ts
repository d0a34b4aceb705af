/**
 * Where one source's events go: the events files and, during `logveil run`, the run's aggregation.
 * The pipeline adds events and ends chunks; whether the writing happens on this thread or another
 * is the output's business.
 */

import type { Store } from '../store/store.ts';
import type { EventColumns } from './event-columns.ts';
import { lineEventId } from './event-id.ts';
import type { EventSink } from './event-sink.ts';
import { EventsWriter, type FileOffload, type WrittenFile } from './events-writer.ts';
import { type EventRow, TS_COLUMN } from './schema.ts';

export interface EventOutput {
  /**
   * Adds the event of line `lineNo`. Its `event_id` is the output's to set — the source key plus the
   * line number (event-id.ts) — so a thread that never writes ids does not spell them out.
   */
  add(event: EventRow, lineNo: number): void;
  /** The pipeline finished a chunk; `newestTs` is the newest hit time seen so far. */
  endChunk(newestTs: number): Promise<void>;
  /** Finishes every file; returns the files written. */
  close(): Promise<WrittenFile[]>;
  /** Drops unfinished files (the source failed). */
  abort(): Promise<void>;
}

/** Opens the output of one source, named by its source key. */
export type EventOutputFactory = (sourceKey: string) => EventOutput;

/** Events written on this thread, each also handed to `sink` when given. */
export class LocalEventOutput implements EventOutput {
  private readonly writer: EventsWriter;

  constructor(
    store: Store,
    private readonly sourceKey: string,
    private readonly sink?: EventSink,
    offload?: FileOffload,
  ) {
    this.writer = new EventsWriter(store, sourceKey, {
      ...(sink ? { onFileWritten: (f) => sink.fileWritten(f.key, f.dt, f.rows) } : {}),
      ...(offload ? { offload } : {}),
    });
    sink?.openSource(sourceKey);
  }

  add(event: EventRow, lineNo: number): void {
    event.event_id = lineEventId(this.sourceKey, lineNo);
    this.writer.add(event);
    this.sink?.add(event, this.sourceKey, lineNo);
  }

  /**
   * Adds rows `from` to `to` (exclusive) of events held column by column, without building row
   * objects; the same as adding them one by one.
   */
  addRange(columns: EventColumns, from: number, to: number): void {
    this.writer.addRange(columns.sources, columns.typed[TS_COLUMN]!, from, to);
    this.sink?.addRange(columns, from, to, this.sourceKey);
  }

  async endChunk(newestTs: number): Promise<void> {
    if (!this.writer.needsFlush) return;
    await this.writer.flush();
    await this.sink?.advance(newestTs);
  }

  close(): Promise<WrittenFile[]> {
    return this.writer.close();
  }

  abort(): Promise<void> {
    return this.writer.abort();
  }
}

export function localEventOutputs(store: Store, sink?: EventSink): EventOutputFactory {
  return (sourceKey) => new LocalEventOutput(store, sourceKey, sink);
}
