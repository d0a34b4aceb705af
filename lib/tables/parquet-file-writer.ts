/**
 * Streams one Parquet file into an ObjectSink, a row group at a time, so a file's size never decides
 * memory use. hyparquet-writer (pure JavaScript, MIT) encodes; this adapter hands each finished row
 * group's bytes to the sink and keeps only the footer metadata.
 */
import type { ColumnChunk, RowGroup, SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { writeColumn } from 'hyparquet-writer/src/column.js';
import { encodeNestedValues } from 'hyparquet-writer/src/dremel.js';
import { schemaPathResolver } from 'hyparquet-writer/src/schema.js';
import type { ColumnEncoder, Compressors, PageIndexes } from 'hyparquet-writer/src/types.js';
import type { ObjectSink } from '../store/store.ts';
import type { ColumnDef, TableDef } from './column.ts';
import {
  type ColumnResult,
  canWriteFromDictionary,
  type DictionaryColumn,
  dictionaryPays,
  isDictionaryColumn,
  spellOut,
  writeDictionaryColumn,
} from './dictionary-column.ts';
import { type FooterState, writeFooter } from './parquet-footer.ts';
import { parquetSchema } from './parquet-schema.ts';
import { writeValuesColumn } from './plain-column.ts';
import { snappyCompress } from './snappy.ts';

const INITIAL_BUFFER = 8 * 1024;

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

/** One column of a row group: values one per row, or dictionary-coded strings. */
export type ColumnValues = unknown[] | DictionaryColumn;

/** ParquetWriter's state that writeRowGroup extends, as hyparquet-writer 0.17 keeps it. */
interface WriterState extends FooterState {
  readonly writer: SinkByteWriter;
  readonly codec: ColumnEncoder['codec'];
  readonly compressors: Compressors;
  readonly statisticsTruncateLength: number | undefined;
  readonly row_groups: RowGroup[];
  readonly pendingIndexes: PageIndexes[];
  num_rows: bigint;
}

/**
 * Who writes what hyparquet-writer would write itself: logveil's own code (the footer's Thrift
 * encoder, plain-column.ts) or the library's (tests write both ways and compare the bytes).
 */
export type ParquetEncoder = 'fast' | 'library';

/** hyparquet-writer's page size (ParquetWriter.write's default). */
const PAGE_SIZE = 1_048_576;

export class ParquetFileWriter {
  private readonly writer: ParquetWriter;
  private readonly bytes: SinkByteWriter;
  private readonly encoders: Array<{
    readonly leafPath: ReturnType<ReturnType<typeof schemaPathResolver>>;
    readonly column: ColumnEncoder;
    readonly maxDefinitionLevel: number;
  }>;
  private rows = 0;

  constructor(
    private readonly table: TableDef,
    private readonly sink: ObjectSink,
    private readonly encoder: ParquetEncoder = 'fast',
  ) {
    this.bytes = new SinkByteWriter(sink);
    const schema = parquetSchema(table);
    this.writer = new ParquetWriter({
      writer: this.bytes,
      schema,
      createdBy: 'logveil',
      statistics: false,
      compressors: { SNAPPY: snappyCompress },
    });
    const state = this.writer as unknown as WriterState;
    const resolve = schemaPathResolver(schema);
    // What ParquetWriter.write builds per column and row group, built once: it depends on the table only.
    this.encoders = table.columns.map((def) => {
      const leafPath = resolve([def.name]);
      const schemaPath = leafPath.map((node) => node.element);
      const element = schemaPath[schemaPath.length - 1] as SchemaElement;
      const column: ColumnEncoder = {
        columnName: def.name,
        element,
        schemaPath,
        codec: state.codec,
        compressors: state.compressors,
        // Min/max statistics cost a comparison per value; only time ranges help readers skip row groups.
        stats: def.type === 'timestamp_ms',
        ...(state.statisticsTruncateLength !== undefined
          ? { statisticsTruncateLength: state.statisticsTruncateLength }
          : {}),
        pageSize: PAGE_SIZE,
        columnIndex: false,
        offsetIndex: true,
        // Some engines mishandle RLE-encoded booleans; PLAIN is universally read. Unique ids skip the
        // dictionary attempt.
        ...(def.type === 'boolean' || def.unique ? { encoding: 'PLAIN' as const } : {}),
      };
      return { leafPath, column, maxDefinitionLevel: element.repetition_type === 'REQUIRED' ? 0 : 1 };
    });
  }

  get rowCount(): number {
    return this.rows;
  }

  /**
   * Writes one row group; `columns[i]` holds the values of `table.columns[i]`. This is
   * ParquetWriter.write for one group of a flat schema, column for column, except that a
   * dictionary-coded string column is written from its codes (dictionary-column.ts) and other
   * columns from their values as they are (plain-column.ts): same bytes.
   */
  async writeRowGroup(columns: readonly ColumnValues[]): Promise<void> {
    const first = columns[0];
    const count = first === undefined ? 0 : isDictionaryColumn(first) ? first.indexes.length : first.length;
    if (count === 0) return;
    const state = this.writer as unknown as WriterState;
    const writer = state.writer;
    const groupStart = writer.offset;
    const chunks: ColumnChunk[] = [];
    this.table.columns.forEach((def, i) => {
      const { leafPath, column, maxDefinitionLevel } = this.encoders[i]!;
      const values = columns[i]!;
      const length = isDictionaryColumn(values) ? values.indexes.length : values.length;
      if (length !== count) throw new Error('parquet columns must have the same length');
      let result: ColumnResult;
      if (isDictionaryColumn(values) && canWriteFromDictionary(column) && dictionaryPays(values)) {
        result = writeDictionaryColumn(writer, column, values, maxDefinitionLevel);
      } else {
        const spelled = isDictionaryColumn(values) ? spellOut(values) : values;
        const fast =
          this.encoder === 'fast' ? writeValuesColumn(writer, column, spelled, maxDefinitionLevel) : null;
        result =
          fast ??
          writeColumn({
            writer,
            column,
            pageData: encodeNestedValues(leafPath, physicalValues(def, spelled)),
          });
      }
      chunks.push(result.chunk);
      state.pendingIndexes.push(result);
    });
    let totalByteSize = 0n;
    for (const { meta_data } of chunks) totalByteSize += meta_data?.total_uncompressed_size ?? 0n;
    state.num_rows += BigInt(count);
    state.row_groups.push({
      columns: chunks,
      total_byte_size: totalByteSize,
      num_rows: BigInt(count),
      total_compressed_size: BigInt(writer.offset - groupStart),
    });
    await writer.flush();
    this.rows += count;
  }

  /** Writes the footer and publishes the file. */
  async finish(): Promise<void> {
    if (this.encoder === 'library') {
      await this.writer.finish();
    } else {
      const state = this.writer as unknown as WriterState;
      writeFooter(state.writer, state);
      await state.writer.finish();
    }
    await this.sink.commit();
  }

  async abort(): Promise<void> {
    await this.sink.abort();
  }
}

function physicalValues(def: ColumnDef, values: unknown[]): unknown[] {
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
