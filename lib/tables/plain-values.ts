/**
 * PLAIN-encoded values and the dictionary page, as hyparquet-writer's writePlain and
 * writeDictionaryPage write them, from values as logveil holds them: strings encoded straight to
 * UTF-8 (the library makes a TextEncoder per string), int64 and times from safe-integer numbers
 * (the library needs a BigInt each), into scratch writers reused for every page.
 */
import type { Encoding, SchemaElement } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import type { ColumnEncoder, Writer } from 'hyparquet-writer/src/types.js';
import { writePageHeader } from './page-header.ts';

export type Physical = 'BOOLEAN' | 'INT32' | 'INT64' | 'DOUBLE' | 'BYTE_ARRAY';

const TWO_32 = 2 ** 32;

/** The physical type these writers write `element` as, or null when they leave it to the library. */
export function physicalOf(element: SchemaElement): Physical | null {
  const { type, converted_type, logical_type } = element;
  if (type === 'BYTE_ARRAY') return converted_type === 'UTF8' && !logical_type ? 'BYTE_ARRAY' : null;
  if (type === 'INT64') {
    if (converted_type === undefined && logical_type === undefined) return 'INT64';
    const millis =
      converted_type === 'TIMESTAMP_MILLIS' &&
      logical_type?.type === 'TIMESTAMP' &&
      logical_type.unit === 'MILLIS';
    return millis ? 'INT64' : null;
  }
  if (type === 'INT32' || type === 'DOUBLE' || type === 'BOOLEAN')
    return converted_type === undefined && logical_type === undefined ? type : null;
  return null;
}

/**
 * Scratch writers for a page's levels and values, emptied for each page: a page's bytes are copied
 * into the file (or compressed into a new array) before the next page starts, and an ArrayBuffer
 * per page and column was a visible share of writing many small files.
 */
export const LEVELS = new ByteWriter();
export const PAGE = new ByteWriter();
export function scratch(writer: ByteWriter): ByteWriter {
  writer.index = 0;
  writer.offset = 0;
  return writer;
}

/** The non-null `values` PLAIN-encoded as `type` (INT64: safe-integer numbers). */
export function writePlainValues(page: ByteWriter, type: Physical, values: readonly unknown[]): void {
  switch (type) {
    case 'BOOLEAN': {
      let byte = 0;
      let bit = 0;
      for (const value of values) {
        if (value === null || value === undefined) continue;
        if (value) byte |= 1 << bit;
        if (++bit === 8) {
          page.appendUint8(byte);
          byte = 0;
          bit = 0;
        }
      }
      if (bit > 0) page.appendUint8(byte);
      return;
    }
    case 'INT32':
      for (const value of values)
        if (value !== null && value !== undefined) page.appendInt32(value as number);
      return;
    case 'INT64':
      for (const value of values) {
        if (value === null || value === undefined) continue;
        // Two's complement of a safe integer, low word first: what appendInt64 writes for its BigInt.
        const v = value as number;
        const high = Math.floor(v / TWO_32);
        page.appendUint32(v - high * TWO_32);
        page.appendInt32(high);
      }
      return;
    case 'DOUBLE':
      for (const value of values)
        if (value !== null && value !== undefined) page.appendFloat64(value as number);
      return;
    case 'BYTE_ARRAY':
      for (const value of values) {
        if (value === null || value === undefined) continue;
        const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : (value as Uint8Array);
        page.appendUint32(bytes.length);
        page.appendBytes(bytes);
      }
      return;
  }
}

/**
 * A DATA_PAGE_V2 of `n` rows as the library writes it: the header, then the definition levels as
 * they are (`levels`, `definitionBytes` long), then the values in `page`, compressed with the
 * column's codec. Returns the page's uncompressed size, header included.
 */
export function writeDataPage(
  writer: Writer,
  column: ColumnEncoder,
  encoding: Encoding,
  rows: { readonly n: number; readonly nulls: number },
  levels: ByteWriter,
  definitionBytes: number,
  page: ByteWriter,
): number {
  const pageBytes = page.getBytes();
  const compressed = column.compressors[column.codec]?.(pageBytes) ?? pageBytes;
  const headerStart = writer.offset;
  writePageHeader(writer, {
    type: 'DATA_PAGE_V2',
    uncompressed_page_size: levels.offset + page.offset,
    compressed_page_size: levels.offset + compressed.length,
    data_page_header_v2: {
      num_values: rows.n,
      num_nulls: rows.nulls,
      num_rows: rows.n,
      encoding,
      definition_levels_byte_length: definitionBytes,
      repetition_levels_byte_length: 0,
      is_compressed: !!column.codec,
    },
  });
  const headerSize = writer.offset - headerStart;
  writer.appendBytes(levels.getBytes());
  writer.appendBytes(compressed);
  return headerSize + levels.offset + page.offset;
}

/** The dictionary page of `dictionary` (strings, or numbers for numeric columns), as the library writes it. */
export function writeDictionaryPage(
  writer: Writer,
  column: ColumnEncoder,
  type: Physical,
  dictionary: readonly unknown[],
): number {
  const page = scratch(PAGE);
  writePlainValues(page, type, dictionary);
  const bytes = page.getBytes();
  const compressed = column.compressors[column.codec]?.(bytes) ?? bytes;
  const headerStart = writer.offset;
  writePageHeader(writer, {
    type: 'DICTIONARY_PAGE',
    uncompressed_page_size: bytes.byteLength,
    compressed_page_size: compressed.byteLength,
    dictionary_page_header: { num_values: dictionary.length, encoding: 'PLAIN' },
  });
  const headerSize = writer.offset - headerStart;
  writer.appendBytes(compressed);
  return headerSize + bytes.byteLength;
}
