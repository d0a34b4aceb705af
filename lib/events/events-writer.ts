/**
 * Writes one source's events as `events/dt=…/hour=…/<source key>.parquet`, a row group at a time.
 * File names come from the source id, so processing a source again replaces its files instead of
 * adding to them.
 *
 * Logs are close to time order, so a partition the log has left behind (three hours older than the
 * newest hit) is finished and its memory released: memory follows the hours in flight, not the
 * size of the source. A late hit for a finished partition opens a further part
 * (`<source key>-1.parquet`, …); the same input always makes the same parts.
 */
import type { Store } from '../store/store.ts';
import { ColumnBuffer, type ColumnSource } from '../tables/column-buffer.ts';
import { type ColumnValues, ParquetFileWriter } from '../tables/parquet-file-writer.ts';
import { lineEventIdBytes } from './event-id.ts';
import { EVENTS_TABLE, type EventRow, eventsColumnIndex, partitionOf } from './schema.ts';

export interface EventsWriterOptions {
  /** Rows per row group. */
  readonly rowGroupRows: number;
  /** Rows buffered across all partitions before the largest buffers are written out. */
  readonly maxBufferedRows: number;
  /** Hours behind the newest hit after which a partition is finished. */
  readonly closeAfterHours: number;
  /** Told about every file once it is published. */
  readonly onFileWritten?: (file: WrittenFile) => void;
  /** Another thread that writes some small finished files (see FileOffload). */
  readonly offload?: FileOffload;
}

/**
 * A thread that can write a finished events file for this one: during `logveil run` the reading
 * thread, when the events thread is the one behind (a backfill of many small days: thousands of
 * files of a few kilobytes, while the reader idles half the time). The file is the same either way
 * (writeEventsFile).
 */
export interface FileOffload {
  /** Whether it takes a file of `rows` rows now. */
  accepts(rows: number): boolean;
  /** Writes and publishes file `key` of this source: one row group, ids as added (see spellLineIds). */
  write(key: string, sourceKey: string, columns: ColumnValues[]): Promise<void>;
}

const DEFAULTS: Omit<EventsWriterOptions, 'onFileWritten' | 'offload'> = {
  rowGroupRows: 50_000,
  maxBufferedRows: 60_000,
  closeAfterHours: 3,
};
const HOUR_MS = 3_600_000;
/** Finished files whose bytes may be on their way to disk at once (each at most a row group). */
const MAX_PUBLISHING = 16;
const ID_COLUMN = eventsColumnIndex('event_id');

interface Partition {
  readonly key: string;
  readonly dt: string;
  readonly hourNo: number;
  readonly rows: ColumnBuffer<EventRow>;
  file: ParquetFileWriter | null;
}

export interface WrittenFile {
  readonly key: string;
  readonly dt: string;
  readonly rows: number;
}

export function eventsKey(dt: string, hour: string, fileName: string): string {
  return `${EVENTS_TABLE.prefix}/dt=${dt}/hour=${hour}/${fileName}.parquet`;
}

export class EventsWriter {
  private readonly open = new Map<number, Partition>();
  /** Parts already finished per hour, so a late hit gets a new part name. */
  private readonly partsDone = new Map<number, number>();
  private readonly written: WrittenFile[] = [];
  private buffered = 0;
  private newestHour = Number.NEGATIVE_INFINITY;
  private closedUpTo = Number.NEGATIVE_INFINITY;
  private lastPartition: Partition | null = null;
  private readonly options: EventsWriterOptions;
  /** Finished files being written and renamed into place (see finish). */
  private readonly publishing = new Set<Promise<void>>();
  private failure: unknown = null;

  constructor(
    private readonly store: Store,
    private readonly sourceKey: string,
    options: Partial<EventsWriterOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  add(row: EventRow): void {
    this.partitionOf(row.ts).rows.push(row);
    this.buffered++;
  }

  /**
   * Adds rows `from` to `to` (exclusive) of events held column by column (EVENTS_TABLE order);
   * `ts` is their time column. The id column may give line numbers of this source instead of ids.
   */
  addRange(columns: readonly ColumnSource[], ts: ArrayLike<number>, from: number, to: number): void {
    let start = from;
    while (start < to) {
      const hourNo = Math.floor(ts[start]! / HOUR_MS);
      let end = start + 1;
      while (end < to && Math.floor(ts[end]! / HOUR_MS) === hourNo) end++;
      this.partitionOf(ts[start]!).rows.pushRange(columns, start, end);
      this.buffered += end - start;
      start = end;
    }
  }

  private partitionOf(ts: number): Partition {
    const hourNo = Math.floor(ts / HOUR_MS);
    let partition = this.lastPartition;
    if (partition === null || partition.hourNo !== hourNo) {
      partition = this.open.get(hourNo) ?? this.openPartition(hourNo, ts);
      this.lastPartition = partition;
      if (hourNo > this.newestHour) this.newestHour = hourNo;
    }
    return partition;
  }

  get needsFlush(): boolean {
    return (
      this.buffered >= this.options.maxBufferedRows ||
      (this.lastPartition?.rows.length ?? 0) >= this.options.rowGroupRows ||
      this.newestHour - this.options.closeAfterHours > this.closedUpTo
    );
  }

  /** Finishes partitions the log has left behind, then writes row groups until under the buffer limit. */
  async flush(): Promise<void> {
    const horizon = this.newestHour - this.options.closeAfterHours;
    if (horizon > this.closedUpTo) {
      for (const p of [...this.open.values()]) if (p.hourNo <= horizon) await this.finish(p);
      this.closedUpTo = horizon;
    }
    for (const p of this.open.values()) {
      if (p.rows.length >= this.options.rowGroupRows) await this.writeGroup(p);
    }
    while (this.buffered >= this.options.maxBufferedRows) {
      let largest: Partition | null = null;
      for (const p of this.open.values()) if (!largest || p.rows.length > largest.rows.length) largest = p;
      if (!largest || largest.rows.length === 0) break;
      await this.writeGroup(largest);
    }
  }

  /** Finishes every file; returns all files written by this writer. */
  async close(): Promise<WrittenFile[]> {
    for (const p of [...this.open.values()]) await this.finish(p);
    await this.settle();
    return this.written;
  }

  /** Drops unfinished files (a failed source); files of earlier runs stay as they were. */
  async abort(): Promise<void> {
    await Promise.allSettled([...this.publishing]);
    for (const p of this.open.values()) await p.file?.abort();
    this.open.clear();
    this.lastPartition = null;
  }

  private openPartition(hourNo: number, ts: number): Partition {
    const { dt, hour } = partitionOf(ts);
    const part = this.partsDone.get(hourNo) ?? 0;
    const name = part === 0 ? this.sourceKey : `${this.sourceKey}-${part}`;
    const partition: Partition = {
      key: eventsKey(dt, hour, name),
      dt,
      hourNo,
      rows: new ColumnBuffer(EVENTS_TABLE),
      file: null,
    };
    this.open.set(hourNo, partition);
    return partition;
  }

  /**
   * Encodes the partition's last rows and footer now, and publishes the file in the background: a
   * small site's hour is a few kilobytes, and waiting for each file's write and rename before
   * encoding the next left the thread idle a third of the time on a year of such hours. At most
   * MAX_PUBLISHING files wait at once; `close` waits for all of them.
   */
  private async finish(p: Partition): Promise<void> {
    const offload = this.options.offload;
    const handOver = p.file === null && p.rows.length > 0 && offload?.accepts(p.rows.length) === true;
    let columns: ColumnValues[] | null = null;
    const rows = p.rows.length;
    if (handOver) {
      this.buffered -= rows;
      columns = p.rows.take();
    } else {
      await this.writeGroup(p);
    }
    this.open.delete(p.hourNo);
    if (this.lastPartition === p) this.lastPartition = null;
    this.partsDone.set(p.hourNo, (this.partsDone.get(p.hourNo) ?? 0) + 1);
    let file: WrittenFile;
    let written: Promise<void>;
    if (columns !== null) {
      file = { key: p.key, dt: p.dt, rows };
      written = offload!.write(p.key, this.sourceKey, columns);
    } else {
      const writer = p.file;
      if (writer === null) return;
      file = { key: p.key, dt: p.dt, rows: writer.rowCount };
      written = writer.finish();
    }
    this.written.push(file);
    const published = written.then(() => this.options.onFileWritten?.(file));
    this.publishing.add(published);
    // A failure surfaces from `settle` (close, or the next wait for room), not as an unhandled rejection.
    published.then(
      () => this.publishing.delete(published),
      (err: unknown) => {
        this.publishing.delete(published);
        this.failure ??= err;
      },
    );
    while (this.publishing.size >= MAX_PUBLISHING) await Promise.race(this.publishing).catch(() => {});
    if (this.failure !== null) throw this.failure;
  }

  /** Waits until every file handed to the background is published; throws the first failure. */
  private async settle(): Promise<void> {
    await Promise.allSettled([...this.publishing]);
    if (this.failure !== null) throw this.failure;
  }

  private async writeGroup(p: Partition): Promise<void> {
    if (p.rows.length === 0) return;
    p.file ??= new ParquetFileWriter(EVENTS_TABLE, await this.store.createObject(p.key));
    this.buffered -= p.rows.length;
    const columns = p.rows.take();
    columns[ID_COLUMN] = spellLineIds(this.sourceKey, columns[ID_COLUMN] as unknown[]);
    await p.file.writeRowGroup(columns);
  }
}

/**
 * Ids added as line numbers (addRange) become the bytes of `lineEventId(source key, line)` only
 * when their group is written: a string per row held until then would outlive young-generation
 * collections and be copied into the old generation, a large part of the events thread's
 * collection work; and the writer needs bytes, not strings.
 */
export function spellLineIds(sourceKey: string, ids: unknown[]): unknown[] {
  const at: number[] = [];
  const lines: number[] = [];
  for (let r = 0; r < ids.length; r++) {
    const id = ids[r];
    if (typeof id === 'number') {
      at.push(r);
      lines.push(id);
    }
  }
  const spelled = lineEventIdBytes(sourceKey, lines);
  for (let k = 0; k < at.length; k++) ids[at[k]!] = spelled[k];
  return ids;
}

/** A whole events file of one row group, as EventsWriter writes it (a FileOffload's work). */
export async function writeEventsFile(
  store: Store,
  key: string,
  sourceKey: string,
  columns: ColumnValues[],
): Promise<void> {
  const file = new ParquetFileWriter(EVENTS_TABLE, await store.createObject(key));
  columns[ID_COLUMN] = spellLineIds(sourceKey, columns[ID_COLUMN] as unknown[]);
  await file.writeRowGroup(columns);
  await file.finish();
}
