/**
 * A Parquet page header, built field for field as hyparquet-writer 0.17's `writePageHeader`
 * (datapage.js) builds it and encoded by thrift-compact.ts: the same bytes, for the pages
 * dictionary-column.ts writes itself (one per dictionary-coded column and row group).
 */
import type { PageHeader } from 'hyparquet';
import { Encodings, PageTypes } from 'hyparquet/src/constants.js';
import type { Writer } from 'hyparquet-writer/src/types.js';
import { writeCompact } from './thrift-compact.ts';

export function writePageHeader(writer: Writer, header: PageHeader): void {
  const v1 = header.data_page_header;
  const dictionary = header.dictionary_page_header;
  const v2 = header.data_page_header_v2;
  writeCompact(writer, {
    field_1: PageTypes.indexOf(header.type),
    field_2: header.uncompressed_page_size,
    field_3: header.compressed_page_size,
    field_4: header.crc,
    field_5: v1 && {
      field_1: v1.num_values,
      field_2: Encodings.indexOf(v1.encoding),
      field_3: Encodings.indexOf(v1.definition_level_encoding),
      field_4: Encodings.indexOf(v1.repetition_level_encoding),
    },
    field_7: dictionary && {
      field_1: dictionary.num_values,
      field_2: Encodings.indexOf(dictionary.encoding),
    },
    field_8: v2 && {
      field_1: v2.num_values,
      field_2: v2.num_nulls,
      field_3: v2.num_rows,
      field_4: Encodings.indexOf(v2.encoding),
      field_5: v2.definition_levels_byte_length,
      field_6: v2.repetition_levels_byte_length,
      field_7: v2.is_compressed ? undefined : false,
    },
  });
}
