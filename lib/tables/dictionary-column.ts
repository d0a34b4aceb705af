/**
 * String columns that arrive dictionary-coded (the events thread's batches) are written from their
 * codes: the row group's dictionary is merged from the batches' dictionaries with one typed-array
 * translation per batch, instead of hyparquet-writer rebuilding it from one string per row with a
 * Map lookup each, and no array of strings is spelled out. The decision to use a dictionary and the
 * bytes written are exactly hyparquet-writer's own (writeColumn, useDictionary and writeDataPageV2, pinned
 * in package.json): the same files come out, only sooner. A test writes both ways and compares.
 */
import type { ColumnChunk, Encoding, OffsetIndex, Statistics } from 'hyparquet';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import type { ColumnEncoder, PageColumnIndex, Writer } from 'hyparquet-writer/src/types.js';
import { LEVELS, PAGE, physicalOf, scratch, writeDataPage, writeDictionaryPage } from './plain-values.ts';

/** A column's values as a dictionary (first-occurrence order) and an index per row, -1 for null. */
export interface DictionaryColumn {
  readonly kind: 'dictionary';
  readonly dictionary: readonly string[];
  readonly indexes: Int32Array;
}

/** A range of rows coded into a dictionary of their own (codes < 0 are null). */
export interface CodedRange {
  readonly dict: readonly string[];
  readonly codes: Int32Array;
  readonly from: number;
  readonly to: number;
}

export function isDictionaryColumn(values: unknown): values is DictionaryColumn {
  return (values as DictionaryColumn | null)?.kind === 'dictionary';
}

/**
 * Each source dictionary's codes translated to merged indexes, valid where `stamps` holds the
 * current merge's number: a merge touches only the codes its rows use, however large the
 * dictionaries they come from (a batch's dictionary covers 8,192 rows; an hour of a small site uses
 * a few of its entries, and filling a fresh array per column and hour cost more than the merge).
 */
let translations = new Int32Array(1024);
let stamps = new Int32Array(1024);
let merges = 0;

function reserve(size: number): void {
  if (size <= translations.length) return;
  const length = Math.max(size, translations.length * 2);
  translations = new Int32Array(length);
  stamps = new Int32Array(length);
  merges = 0;
}

/** Merges coded ranges, in order, into one dictionary in order of first occurrence. */
export function mergeCodedRanges(ranges: readonly CodedRange[]): DictionaryColumn {
  let rows = 0;
  for (const range of ranges) rows += range.to - range.from;
  const indexes = new Int32Array(rows);
  const dictionary: string[] = [];
  const index = new Map<string, number>();
  /** Where each source dictionary's translations start; ranges often share one. */
  const bases = new Map<readonly string[], number>();
  let size = 0;
  for (const { dict } of ranges) {
    if (bases.has(dict)) continue;
    bases.set(dict, size);
    size += dict.length;
  }
  reserve(size);
  if (merges === 0x7fffffff) {
    stamps.fill(0);
    merges = 0;
  }
  const stamp = ++merges;
  let k = 0;
  for (const { dict, codes, from, to } of ranges) {
    const base = bases.get(dict)!;
    for (let r = from; r < to; r++) {
      const code = codes[r]!;
      if (code < 0) {
        indexes[k++] = -1;
        continue;
      }
      const at = base + code;
      let merged: number;
      if (stamps[at] === stamp) merged = translations[at]!;
      else {
        const value = dict[code]!;
        merged = index.get(value) ?? -1;
        if (merged < 0) {
          merged = dictionary.length;
          dictionary.push(value);
          index.set(value, merged);
        }
        translations[at] = merged;
        stamps[at] = stamp;
      }
      indexes[k++] = merged;
    }
  }
  return { kind: 'dictionary', dictionary, indexes };
}

/** The values one per row (null where the index is -1): for columns written the ordinary way. */
export function spellOut(column: DictionaryColumn): Array<string | null> {
  const { dictionary, indexes } = column;
  const values: Array<string | null> = new Array(indexes.length);
  for (let r = 0; r < indexes.length; r++) {
    const i = indexes[r]!;
    values[r] = i < 0 ? null : dictionary[i]!;
  }
  return values;
}

const SAMPLE_REJECTION_RATIO = 0.9;
const BYTE_ARRAY_PREFIX = 4;

/**
 * hyparquet-writer's `useDictionary` verdict for a BYTE_ARRAY column of strings, worked out on the
 * dictionary: sizes are string lengths as its estimate counts them, samples at the same positions.
 */
export function dictionaryPays(column: DictionaryColumn): boolean {
  const { dictionary, indexes } = column;
  const n = indexes.length;
  const sampleSize = Math.min(n, 1000);
  const sampled = new Set<number>();
  let sampleDictionarySize = 0;
  let sampleTotalSize = 0;
  for (let i = 0; i < sampleSize; i++) {
    const at = sampleSize === 1 ? 0 : Math.floor((i * (n - 1)) / (sampleSize - 1));
    const index = indexes[at]!;
    const size = index < 0 ? 0 : dictionary[index]!.length + BYTE_ARRAY_PREFIX;
    if (!sampled.has(index)) {
      sampled.add(index);
      sampleDictionarySize += size;
    }
    sampleTotalSize += size;
  }
  if (!sampleTotalSize || sampleDictionarySize / sampleTotalSize > SAMPLE_REJECTION_RATIO) return false;

  let totalSize = 0;
  let nonNullCount = 0;
  for (let r = 0; r < n; r++) {
    const index = indexes[r]!;
    if (index < 0) continue;
    nonNullCount++;
    totalSize += dictionary[index]!.length;
  }
  let dictSize = 0;
  for (const value of dictionary) dictSize += value.length;
  const bitWidth = Math.ceil(Math.log2(dictionary.length));
  const indexSize = Math.ceil((nonNullCount * bitWidth) / 8);
  const plainSize = totalSize + nonNullCount * BYTE_ARRAY_PREFIX;
  const dictionaryValueSize = dictSize + dictionary.length * BYTE_ARRAY_PREFIX;
  return !(2 * (dictionaryValueSize + indexSize) > plainSize);
}

export interface ColumnResult {
  chunk: ColumnChunk;
  columnIndex?: PageColumnIndex;
  offsetIndex?: OffsetIndex;
  bloomFilter?: Uint32Array;
}

/**
 * What writeColumn returns for a flat column chunk written from `offsetStart` to `end`: its
 * metadata (encoding stats only with statistics, as the library records them), no column index
 * or bloom filter.
 */
export function columnResult(
  column: ColumnEncoder,
  chunk: {
    readonly encodings: Encoding[];
    readonly values: number;
    readonly offsetStart: number;
    readonly end: number;
    readonly uncompressedSize: number;
    readonly dataPageOffset: bigint;
    readonly dictionaryPageOffset: bigint | undefined;
    readonly statistics: ColumnStatistics | undefined;
    /** The chunk's pages by type and encoding, for its encoding stats. */
    readonly pages: NonNullable<NonNullable<ColumnChunk['meta_data']>['encoding_stats']>;
    readonly offsetIndex: OffsetIndex | undefined;
  },
): ColumnResult {
  return {
    chunk: {
      meta_data: {
        type: column.element.type!,
        encodings: chunk.encodings,
        path_in_schema: column.schemaPath.slice(1).map((s) => s.name),
        codec: column.codec ?? 'UNCOMPRESSED',
        num_values: BigInt(chunk.values),
        total_compressed_size: BigInt(chunk.end - chunk.offsetStart),
        total_uncompressed_size: BigInt(chunk.uncompressedSize),
        data_page_offset: chunk.dataPageOffset,
        dictionary_page_offset: chunk.dictionaryPageOffset,
        statistics: chunk.statistics,
        encoding_stats: chunk.statistics ? chunk.pages : undefined,
        geospatial_statistics: undefined,
      },
      file_offset: BigInt(chunk.offsetStart),
    },
    columnIndex: undefined,
    offsetIndex: chunk.offsetIndex,
    bloomFilter: undefined,
  };
}

/**
 * Whether writeDictionaryColumn writes what hyparquet-writer's writeColumn would for this column:
 * a flat string column without statistics, bloom filter, column index or a forced encoding.
 */
export function canWriteFromDictionary(column: ColumnEncoder): boolean {
  const { element } = column;
  return (
    element.type === 'BYTE_ARRAY' &&
    element.converted_type === 'UTF8' &&
    !column.stats &&
    !column.bloomFilter &&
    !column.columnIndex &&
    column.encoding === undefined &&
    column.dictionarySize === undefined
  );
}

/**
 * writeColumn's dictionary branch for a column whose dictionary pays (see dictionaryPays): the
 * dictionary page, then data pages of indexes split where writeColumn splits them.
 */
export function writeDictionaryColumn(
  writer: Writer,
  column: ColumnEncoder,
  values: DictionaryColumn,
  maxDefinitionLevel: number,
): ColumnResult {
  return writeDictionaryPages(writer, column, values.dictionary, values.indexes, maxDefinitionLevel);
}

/** The statistics writeColumn records for a column (logveil asks for them on times only). */
export interface ColumnStatistics extends Statistics {
  nan_count: bigint | undefined;
}

/**
 * A dictionary-coded column chunk as writeColumn writes it: the dictionary page of `dictionary`
 * (strings, or safe-integer numbers for a numeric column), then data pages of `indexes` (-1 for
 * null); with `statistics` when the column keeps them.
 */
export function writeDictionaryPages(
  writer: Writer,
  column: ColumnEncoder,
  dictionary: readonly unknown[],
  indexes: Int32Array,
  maxDefinitionLevel: number,
  statistics?: ColumnStatistics,
): ColumnResult {
  const n = indexes.length;
  const offsetStart = writer.offset;
  if (maxDefinitionLevel === 0 && indexes.includes(-1))
    throw new Error('parquet required value is undefined');

  const dictionaryPageOffset = BigInt(writer.offset);
  const type = physicalOf(column.element);
  if (type === null) throw new Error(`column ${column.columnName}: no dictionary writer for its type`);
  let uncompressedSize = writeDictionaryPage(writer, column, type, dictionary);
  const encodings: Encoding[] = ['PLAIN', 'RLE_DICTIONARY'];

  const pages = pageBoundaries(indexes, column.pageSize);
  const offsetIndex: OffsetIndex | undefined =
    column.offsetIndex && pages.length > 1 ? { page_locations: [] } : undefined;
  const dataPageOffset = BigInt(writer.offset);
  for (const { start, end } of pages) {
    const pageOffset = writer.offset;
    uncompressedSize += writeIndexPage(writer, column, indexes.subarray(start, end), maxDefinitionLevel);
    offsetIndex?.page_locations.push({
      offset: BigInt(pageOffset),
      compressed_page_size: writer.offset - pageOffset,
      first_row_index: BigInt(start),
    });
  }

  return columnResult(column, {
    encodings,
    values: n,
    offsetStart,
    end: writer.offset,
    uncompressedSize,
    dataPageOffset,
    dictionaryPageOffset,
    statistics,
    pages: [
      { page_type: 'DICTIONARY_PAGE', encoding: 'PLAIN', count: 1 },
      { page_type: 'DATA_PAGE_V2', encoding: 'RLE_DICTIONARY', count: pages.length },
    ],
    offsetIndex,
  });
}

/** getPageBoundaries over the indexes as INT32 values: 4 bytes each, nulls none. */
function pageBoundaries(indexes: Int32Array, pageSize: number): Array<{ start: number; end: number }> {
  if (!pageSize) return [{ start: 0, end: indexes.length }];
  const boundaries: Array<{ start: number; end: number }> = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < indexes.length; i++) {
    const size = indexes[i]! < 0 ? 0 : 4;
    bytes += size;
    if (bytes >= pageSize && i > start) {
      boundaries.push({ start, end: i });
      start = i;
      bytes = size;
    }
  }
  if (start < indexes.length) boundaries.push({ start, end: indexes.length });
  return boundaries;
}

/**
 * writeDataPageV2 for RLE_DICTIONARY indexes of a flat column, read straight from the index array:
 * definition levels (one bit), then the bit width and the non-null indexes RLE/bit-packed, the
 * data compressed, behind the same page header.
 */
function writeIndexPage(
  writer: Writer,
  column: ColumnEncoder,
  indexes: Int32Array,
  maxDefinitionLevel: number,
): number {
  const n = indexes.length;
  let nulls = 0;
  let maxValue = 0;
  for (let i = 0; i < n; i++) {
    const index = indexes[i]!;
    if (index < 0) nulls++;
    else if (index > maxValue) maxValue = index;
  }
  const levelWriter = scratch(LEVELS);
  let definitionBytes = 0;
  let nonNull: Int32Array = indexes;
  if (maxDefinitionLevel > 0) {
    const levels = new Uint8Array(n);
    for (let i = 0; i < n; i++) levels[i] = indexes[i]! < 0 ? 0 : 1;
    definitionBytes = writeRleBitPackedHybrid(levelWriter, levels, 1);
    if (nulls > 0) {
      nonNull = new Int32Array(n - nulls);
      let k = 0;
      for (let i = 0; i < n; i++) if (indexes[i]! >= 0) nonNull[k++] = indexes[i]!;
    }
  }
  const page = scratch(PAGE);
  const bitWidth = Math.ceil(Math.log2(maxValue + 1));
  page.appendUint8(bitWidth);
  writeRleBitPackedHybrid(page, nonNull, bitWidth);
  return writeDataPage(writer, column, 'RLE_DICTIONARY', { n, nulls }, levelWriter, definitionBytes, page);
}
