/**
 * The end of a Parquet file — page indexes, bloom filters, the FileMetaData footer and the closing
 * magic — as hyparquet-writer's `ParquetWriter.finish` writes it (0.17: `writeIndexes`,
 * `writeBlooms`, `writeMetadata`), with the Thrift encoded by thrift-compact.ts. The objects built
 * here are field for field those of hyparquet-writer's metadata.js and indexes.js, so the bytes are
 * the same (test/tables/parquet-footer.test.ts writes files both ways and compares them).
 */
import type { ColumnChunk, FileMetaData, LogicalType, SchemaElement, TimeUnit } from 'hyparquet';
import {
  CompressionCodecs,
  ConvertedTypes,
  Encodings,
  FieldRepetitionTypes,
  PageTypes,
  ParquetTypes,
} from 'hyparquet/src/constants.js';
import { writeBlooms } from 'hyparquet-writer/src/bloom.js';
import type { PageIndexes, Writer } from 'hyparquet-writer/src/types.js';
import { unconvertStatistics } from 'hyparquet-writer/src/unconvert.js';
import { writeCompact } from './thrift-compact.ts';

type Compact = Record<string, unknown>;

const BoundaryOrders = ['UNORDERED', 'ASCENDING', 'DESCENDING'];

/** What `ParquetWriter.finish` reads of the writer's state. */
export interface FooterState {
  readonly schema: SchemaElement[];
  readonly createdBy: string;
  readonly num_rows: bigint;
  readonly row_groups: FileMetaData['row_groups'];
  readonly pendingIndexes: PageIndexes[];
  readonly kvMetadata?: FileMetaData['key_value_metadata'];
  readonly statisticsTruncateLength?: number;
}

export function writeFooter(writer: Writer, state: FooterState): void {
  for (const { chunk, columnIndex } of state.pendingIndexes) {
    if (!columnIndex || columnIndex.min_values.length <= 1) continue;
    const start = writer.offset;
    writeCompact(writer, {
      field_1: columnIndex.null_pages,
      field_2: columnIndex.min_values,
      field_3: columnIndex.max_values,
      field_4: BoundaryOrders.indexOf(columnIndex.boundary_order),
      field_5: columnIndex.null_counts,
      field_8: columnIndex.nan_counts,
    });
    chunk.column_index_offset = BigInt(start);
    chunk.column_index_length = writer.offset - start;
  }
  for (const { chunk, offsetIndex } of state.pendingIndexes) {
    if (!offsetIndex || offsetIndex.page_locations.length <= 1) continue;
    const start = writer.offset;
    writeCompact(writer, {
      field_1: offsetIndex.page_locations.map((p) => ({
        field_1: p.offset,
        field_2: p.compressed_page_size,
        field_3: p.first_row_index,
      })),
    });
    chunk.offset_index_offset = BigInt(start);
    chunk.offset_index_length = writer.offset - start;
  }
  writeBlooms(writer, state.pendingIndexes);
  const metadataStart = writer.offset;
  writeCompact(writer, fileMetaData(state));
  writer.appendUint32(writer.offset - metadataStart);
  writer.appendUint32(0x31524150); // PAR1
}

function fileMetaData(state: FooterState): Compact {
  const { schema } = state;
  const elementOf = (path: string[]): SchemaElement => {
    // Flat schemas: the leaf is the root's child of that name.
    const element = path.length === 1 ? schema.find((e, i) => i > 0 && e.name === path[0]) : undefined;
    if (!element) throw new Error(`parquet footer: no flat column ${path.join('.')}`);
    return element;
  };
  return {
    field_1: 2,
    field_2: schema.map((element) => ({
      field_1: element.type && ParquetTypes.indexOf(element.type),
      field_2: element.type_length,
      field_3: element.repetition_type && FieldRepetitionTypes.indexOf(element.repetition_type),
      field_4: element.name,
      field_5: element.num_children,
      field_6: element.converted_type && ConvertedTypes.indexOf(element.converted_type),
      field_7: element.scale,
      field_8: element.precision,
      field_9: element.field_id,
      field_10: logicalType(element.logical_type),
    })),
    field_3: state.num_rows,
    field_4: state.row_groups.map((rg) => ({
      field_1: rg.columns.map((c) => columnChunk(c, elementOf, state.statisticsTruncateLength)),
      field_2: rg.total_byte_size,
      field_3: rg.num_rows,
      field_4: rg.sorting_columns?.map((sc) => ({
        field_1: sc.column_idx,
        field_2: sc.descending,
        field_3: sc.nulls_first,
      })),
      field_5: rg.file_offset,
      field_6: rg.total_compressed_size,
    })),
    field_5: state.kvMetadata?.map((kv) => ({ field_1: kv.key, field_2: kv.value })),
    field_6: state.createdBy,
    field_7: schema.filter((element) => element.type).map(() => ({ field_1: {} })),
  };
}

function columnChunk(
  c: ColumnChunk,
  elementOf: (path: string[]) => SchemaElement,
  truncateLength: number | undefined,
): Compact {
  const m = c.meta_data;
  if (m?.geospatial_statistics) throw new Error('parquet footer: geospatial statistics are not written here');
  return {
    field_1: c.file_path,
    field_2: c.file_offset,
    field_3: m && {
      field_1: ParquetTypes.indexOf(m.type),
      field_2: m.encodings.map((e) => Encodings.indexOf(e)),
      field_3: m.path_in_schema,
      field_4: CompressionCodecs.indexOf(m.codec),
      field_5: m.num_values,
      field_6: m.total_uncompressed_size,
      field_7: m.total_compressed_size,
      field_8: m.key_value_metadata?.map((kv) => ({ field_1: kv.key, field_2: kv.value })),
      field_9: m.data_page_offset,
      field_10: m.index_page_offset,
      field_11: m.dictionary_page_offset,
      field_12:
        m.statistics && unconvertStatistics(m.statistics, elementOf(m.path_in_schema), truncateLength),
      field_13: m.encoding_stats?.map((es) => ({
        field_1: PageTypes.indexOf(es.page_type),
        field_2: Encodings.indexOf(es.encoding),
        field_3: es.count,
      })),
      field_14: m.bloom_filter_offset,
      field_15: m.bloom_filter_length,
      field_16: m.size_statistics && {
        field_1: m.size_statistics.unencoded_byte_array_data_bytes,
        field_2: m.size_statistics.repetition_level_histogram,
        field_3: m.size_statistics.definition_level_histogram,
      },
    },
    field_4: c.offset_index_offset,
    field_5: c.offset_index_length,
    field_6: c.column_index_offset,
    field_7: c.column_index_length,
    field_9: c.encrypted_column_metadata,
  };
}

/** The logical types parquet-schema.ts uses, as metadata.js writes them; any other is refused. */
function logicalType(type: LogicalType | undefined): Compact | undefined {
  if (!type) return undefined;
  if (type.type === 'STRING') return { field_1: {} };
  if (type.type === 'TIMESTAMP')
    return { field_8: { field_1: type.isAdjustedToUTC, field_2: timeUnit(type.unit) } };
  if (type.type === 'DATE') return { field_6: {} };
  throw new Error(`parquet footer: logical type ${type.type} is not written here`);
}

function timeUnit(unit: TimeUnit): Compact {
  if (unit === 'NANOS') return { field_3: {} };
  if (unit === 'MICROS') return { field_2: {} };
  return { field_1: {} };
}
