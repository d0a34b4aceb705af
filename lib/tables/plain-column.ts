/**
 * hyparquet-writer's `writeColumn` for the flat columns that do not arrive dictionary-coded —
 * numbers, times, booleans, unique ids, strings whose dictionary does not pay — written from the
 * values as they are. The library converts every value first (a BigInt per time and int64, a
 * TextEncoder per string), slices its arrays per page and allocates three buffers per page; on many
 * small files (a year of a small site: ≈ 10,000 hour files) that was a large share of the events
 * thread's time. The decision (useDictionary's sample and its win check, worked out on the same
 * values), the pages and the metadata are the library's, byte for byte: tests write both ways. What
 * this does not cover — values the library would refuse, plain values over more than one page,
 * bloom filters, column indexes — returns null, and the caller hands the column to the library.
 */
import type { Encoding } from 'hyparquet';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import type { ColumnEncoder, Writer } from 'hyparquet-writer/src/types.js';
import {
  type ColumnResult,
  type ColumnStatistics,
  columnResult,
  writeDictionaryPages,
} from './dictionary-column.ts';
import {
  LEVELS,
  PAGE,
  type Physical,
  physicalOf,
  scratch,
  writeDataPage,
  writePlainValues,
} from './plain-values.ts';

/** useDictionary's threshold: a sample whose distinct bytes exceed 90 % of its bytes stays plain. */
const SAMPLE_REJECTION_RATIO = 0.9;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Whether `value` is one the library writes as `type` from these values without an error. */
function writable(type: Physical, value: unknown): boolean {
  switch (type) {
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'INT32':
      return Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX;
    case 'INT64':
      // Numbers only: the library makes a BigInt of each; a safe integer's is exact.
      return Number.isSafeInteger(value);
    case 'DOUBLE':
      return typeof value === 'number';
    case 'BYTE_ARRAY':
      return typeof value === 'string' || value instanceof Uint8Array;
  }
}

/** estimateValueSize of a value that is not null. */
function sizeOf(type: Physical, value: unknown): number {
  switch (type) {
    case 'BOOLEAN':
      return 0.125;
    case 'INT32':
      return 4;
    case 'INT64':
    case 'DOUBLE':
      return 8;
    case 'BYTE_ARRAY':
      return typeof value === 'string' ? value.length : (value as Uint8Array).byteLength;
  }
}

/**
 * useDictionary's verdict for these values, and when it is yes the dictionary (first occurrence
 * order) and an index per row (-1 for null). Byte-array values are not keyed by content here (the
 * library hashes them): a column of them returns undefined, for the library to decide.
 */
function dictionaryOf(
  type: Physical,
  values: readonly unknown[],
): { dictionary: unknown[]; indexes: Int32Array } | null | undefined {
  const n = values.length;
  const prefix = type === 'BYTE_ARRAY' ? 4 : 0;
  const sampleSize = Math.min(n, 1000);
  const sampleSizes = new Map<unknown, number>();
  let sampleDictionarySize = 0;
  let sampleTotalSize = 0;
  for (let i = 0; i < sampleSize; i++) {
    const value = values[sampleSize === 1 ? 0 : Math.floor((i * (n - 1)) / (sampleSize - 1))];
    if (value instanceof Uint8Array) return undefined;
    let size = sampleSizes.get(value);
    if (size === undefined) {
      size = value === null || value === undefined ? 0 : sizeOf(type, value) + prefix;
      sampleSizes.set(value, size);
      sampleDictionarySize += size;
    }
    sampleTotalSize += size;
  }
  if (!sampleTotalSize || sampleDictionarySize / sampleTotalSize > SAMPLE_REJECTION_RATIO) return null;

  const dictionary: unknown[] = [];
  const indexes = new Int32Array(n);
  const index = new Map<unknown, number>();
  let dictionarySize = 0;
  let totalSize = 0;
  let nonNull = 0;
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      indexes[i] = -1;
      continue;
    }
    if (value instanceof Uint8Array) return undefined;
    nonNull++;
    const size = sizeOf(type, value);
    totalSize += size;
    let at = index.get(value);
    if (at === undefined) {
      at = dictionary.length;
      dictionary.push(value);
      index.set(value, at);
      dictionarySize += size;
    }
    indexes[i] = at;
  }
  const bitWidth = Math.ceil(Math.log2(dictionary.length));
  const indexSize = Math.ceil((nonNull * bitWidth) / 8);
  const plainSize = totalSize + nonNull * prefix;
  const dictionaryValueSize = dictionarySize + dictionary.length * prefix;
  if (2 * (dictionaryValueSize + indexSize) > plainSize) return null;
  return { dictionary, indexes };
}

/** getStatistics for numbers that are not floats: min, max (a zero minimum is -0), nulls. */
function statisticsOf(values: readonly unknown[]): ColumnStatistics {
  let min: number | undefined;
  let max: number | undefined;
  let nulls = 0;
  for (const value of values) {
    if (value === null || value === undefined) {
      nulls++;
      continue;
    }
    const v = value as number;
    if (min === undefined || v < min) min = v;
    if (max === undefined || v > max) max = v;
  }
  if (min === 0) min = -0;
  if (max === 0) max = 0;
  return { min_value: min, max_value: max, null_count: BigInt(nulls), nan_count: undefined };
}

/**
 * Writes the column chunk of `values` (one per row, null or undefined for none) as writeColumn
 * would, or returns null without writing anything when the library must (see the top).
 */
export function writeValuesColumn(
  writer: Writer,
  column: ColumnEncoder,
  values: readonly unknown[],
  maxDefinitionLevel: number,
): ColumnResult | null {
  const { element } = column;
  const type = physicalOf(element);
  if (type === null || column.bloomFilter || column.columnIndex || column.dictionarySize !== undefined)
    return null;
  const forcedPlain = column.encoding === 'PLAIN';
  if (column.encoding !== undefined && !forcedPlain) return null;
  // Booleans without a forced encoding are RLE-coded past 16 values; floats' statistics count NaNs.
  if (type === 'BOOLEAN' && !forcedPlain) return null;
  if (column.stats && (type === 'DOUBLE' || type === 'BYTE_ARRAY' || type === 'BOOLEAN')) return null;
  const n = values.length;
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const value = values[i];
    if (value === null || value === undefined) nulls++;
    else if (!writable(type, value)) return null;
  }
  // A null in a required column: the library's own error.
  if (nulls > 0 && maxDefinitionLevel === 0) return null;

  const coded = forcedPlain ? null : dictionaryOf(type, values);
  if (coded === undefined) return null;
  const statistics = column.stats ? statisticsOf(values) : undefined;
  if (coded !== null) {
    return writeDictionaryPages(
      writer,
      column,
      coded.dictionary,
      coded.indexes,
      maxDefinitionLevel,
      statistics,
    );
  }

  // Plain values: one page only (getPageBoundaries splits once the running size reaches pageSize).
  if (column.pageSize) {
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const value = values[i];
      if (value !== null && value !== undefined) bytes += sizeOf(type, value);
      if (bytes >= column.pageSize && i > 0) return null;
    }
  }
  const offsetStart = writer.offset;
  const levels = scratch(LEVELS);
  let definitionBytes = 0;
  if (maxDefinitionLevel > 0) {
    const defined = new Uint8Array(n);
    for (let i = 0; i < n; i++) defined[i] = values[i] === null || values[i] === undefined ? 0 : 1;
    definitionBytes = writeRleBitPackedHybrid(levels, defined, 1);
  }
  const page = scratch(PAGE);
  writePlainValues(page, type, values);
  const dataPageOffset = BigInt(writer.offset);
  const encoding: Encoding = 'PLAIN';
  const size = writeDataPage(writer, column, encoding, { n, nulls }, levels, definitionBytes, page);
  return columnResult(column, {
    encodings: [encoding],
    values: n,
    offsetStart,
    end: writer.offset,
    uncompressedSize: size,
    dataPageOffset,
    dictionaryPageOffset: undefined,
    statistics,
    pages: [{ page_type: 'DATA_PAGE_V2', encoding, count: 1 }],
    offsetIndex: undefined,
  });
}
