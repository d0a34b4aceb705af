/**
 * Streams one Parquet file into an ObjectSink, a row group at a time, so a file's size never decides
 * memory use. hyparquet-writer (pure JavaScript, MIT) encodes; this adapter hands each finished row
 * group's bytes to the sink and keeps only the footer metadata.
 */
import type { ColumnSource } from 'hyparquet-writer';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { ObjectSink } from '../store/store.ts';
import type { ColumnDef, TableDef } from './column.ts';
import { parquetSchema } from './parquet-schema.ts';
import { snappyCompress } from './snappy.ts';

const INITIAL_BUFFER = 64 * 1024;

class SinkByteWriter extends ByteWriter {
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly sink: ObjectSink) {
    super(INITIAL_BUFFER);
  }

  flush(): Promise<void> {
    if (this.index === 0) return this.pending;
    // Copy out: the buffer is reused for the next row group while the sink writes.
    const bytes = Buffer.from(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
    // A row group grows the buffer to megabytes; a source spanning many days keeps hundreds of
    // files open, so give the memory back between row groups.
    if (this.buffer.byteLength > INITIAL_BUFFER * 4) {
      this.buffer = new ArrayBuffer(INITIAL_BUFFER);
      this.view = new DataView(this.buffer);
    }
    this.pending = this.pending.then(() => this.sink.write(bytes));
    return this.pending;
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

export type ColumnValues = unknown[];

export class ParquetFileWriter {
  private readonly writer: ParquetWriter;
  private readonly bytes: SinkByteWriter;
  private rows = 0;

  constructor(
    private readonly table: TableDef,
    private readonly sink: ObjectSink,
  ) {
    this.bytes = new SinkByteWriter(sink);
    this.writer = new ParquetWriter({
      writer: this.bytes,
      schema: parquetSchema(table),
      createdBy: 'logveil',
      // Min/max statistics cost a comparison per value; only time ranges help readers skip row groups.
      statistics: false,
      compressors: { SNAPPY: snappyCompress },
    });
  }

  get rowCount(): number {
    return this.rows;
  }

  /** Writes one row group; `columns[i]` holds the values of `table.columns[i]`. */
  async writeRowGroup(columns: readonly ColumnValues[]): Promise<void> {
    const count = columns[0]?.length ?? 0;
    if (count === 0) return;
    const columnData: ColumnSource[] = this.table.columns.map((def, i) => ({
      name: def.name,
      data: physicalValues(def, columns[i]!) as ColumnSource['data'],
      // Some engines mishandle RLE-encoded booleans; PLAIN is universally read. Unique ids skip the
      // dictionary attempt.
      ...(def.type === 'boolean' || def.unique ? { encoding: 'PLAIN' as const } : {}),
      ...(def.type === 'timestamp_ms' ? { statistics: true } : {}),
    }));
    await this.writer.write({ columnData, rowGroupSize: count });
    this.rows += count;
  }

  /** Writes the footer and publishes the file. */
  async finish(): Promise<void> {
    await this.writer.finish();
    await this.sink.commit();
  }

  async abort(): Promise<void> {
    await this.sink.abort();
  }
}

function physicalValues(def: ColumnDef, values: ColumnValues): unknown[] {
  // Timestamps stay numbers: the writer makes its own BigInt copy of a TIMESTAMP column, so
  // converting here would allocate a second array of BigInts per row group.
  if (def.type === 'int64') {
    return values.map((v) => (v === null || v === undefined ? null : BigInt(v as number)));
  }
  // Unique strings are written PLAIN, one encoding per value: Buffer.from is about four times
  // faster than the TextEncoder the writer would use (same UTF-8 bytes).
  if (def.type === 'string' && def.unique) {
    return values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'utf8') : v));
  }
  return values;
}
