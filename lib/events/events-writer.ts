/**
 * Writes one source's events as `events/dt=…/hour=…/<source key>.parquet`: one file per partition the
 * source touches, written a row group at a time. File names come from the source id, so processing a
 * source again replaces its files instead of adding to them.
 */

import type { Store } from '../store/store.ts';
import { ColumnBuffer } from '../tables/column-buffer.ts';
import { ParquetFileWriter } from '../tables/parquet-file-writer.ts';
import { EVENTS_TABLE, type EventRow, partitionOf } from './schema.ts';

export interface EventsWriterOptions {
  /** Rows per row group. */
  readonly rowGroupRows: number;
  /** Rows buffered across all partitions before the largest buffers are written out. */
  readonly maxBufferedRows: number;
}

const DEFAULTS: EventsWriterOptions = { rowGroupRows: 100_000, maxBufferedRows: 200_000 };

interface Partition {
  readonly key: string;
  readonly dt: string;
  readonly rows: ColumnBuffer<EventRow>;
  file: ParquetFileWriter | null;
}

export interface WrittenFile {
  readonly key: string;
  readonly dt: string;
  readonly rows: number;
}

export function eventsKey(dt: string, hour: string, sourceKey: string): string {
  return `${EVENTS_TABLE.prefix}/dt=${dt}/hour=${hour}/${sourceKey}.parquet`;
}

export class EventsWriter {
  private readonly partitions = new Map<string, Partition>();
  private buffered = 0;
  private lastHour = -1;
  private lastPartition: Partition | null = null;
  private readonly options: EventsWriterOptions;

  constructor(
    private readonly store: Store,
    private readonly sourceKey: string,
    options: Partial<EventsWriterOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  add(row: EventRow): void {
    const hourNo = Math.floor(row.ts / 3_600_000);
    let partition = this.lastPartition;
    if (hourNo !== this.lastHour || partition === null) {
      const { dt, hour } = partitionOf(row.ts);
      const key = eventsKey(dt, hour, this.sourceKey);
      partition = this.partitions.get(key) ?? null;
      if (partition === null) {
        partition = { key, dt, rows: new ColumnBuffer<EventRow>(EVENTS_TABLE), file: null };
        this.partitions.set(key, partition);
      }
      this.lastHour = hourNo;
      this.lastPartition = partition;
    }
    partition.rows.push(row);
    this.buffered++;
  }

  get needsFlush(): boolean {
    return (
      this.buffered >= this.options.maxBufferedRows ||
      (this.lastPartition?.rows.length ?? 0) >= this.options.rowGroupRows
    );
  }

  /** Writes full row groups, then the largest buffers, until under the buffer limit. */
  async flush(): Promise<void> {
    for (const p of this.partitions.values()) {
      if (p.rows.length >= this.options.rowGroupRows) await this.writeGroup(p);
    }
    while (this.buffered >= this.options.maxBufferedRows) {
      let largest: Partition | null = null;
      for (const p of this.partitions.values())
        if (!largest || p.rows.length > largest.rows.length) largest = p;
      if (!largest || largest.rows.length === 0) break;
      await this.writeGroup(largest);
    }
  }

  /** Finishes every file; returns what was written. */
  async close(): Promise<WrittenFile[]> {
    const written: WrittenFile[] = [];
    for (const p of this.partitions.values()) {
      await this.writeGroup(p);
      if (p.file) {
        await p.file.finish();
        written.push({ key: p.key, dt: p.dt, rows: p.file.rowCount });
      }
    }
    this.partitions.clear();
    this.lastPartition = null;
    return written;
  }

  /** Drops unfinished files (a failed source); files of earlier runs stay as they were. */
  async abort(): Promise<void> {
    for (const p of this.partitions.values()) await p.file?.abort();
    this.partitions.clear();
    this.lastPartition = null;
  }

  private async writeGroup(p: Partition): Promise<void> {
    if (p.rows.length === 0) return;
    p.file ??= new ParquetFileWriter(EVENTS_TABLE, await this.store.createObject(p.key));
    this.buffered -= p.rows.length;
    await p.file.writeRowGroup(p.rows.take());
  }
}
