/** Maps a TableDef to the Parquet schema hyparquet-writer takes; partition columns stay out of files. */
import type { SchemaElement } from 'hyparquet';
import type { ColumnDef, TableDef } from './column.ts';

export function parquetElement(column: ColumnDef): SchemaElement {
  const repetition_type = column.nullable ? 'OPTIONAL' : 'REQUIRED';
  switch (column.type) {
    case 'string':
      return { name: column.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type };
    case 'int32':
      return { name: column.name, type: 'INT32', repetition_type };
    case 'int64':
      return { name: column.name, type: 'INT64', repetition_type };
    case 'double':
      return { name: column.name, type: 'DOUBLE', repetition_type };
    case 'boolean':
      return { name: column.name, type: 'BOOLEAN', repetition_type };
    case 'timestamp_ms':
      // The explicit logical type marks the instant as UTC; the converted type alone is the legacy form.
      return {
        name: column.name,
        type: 'INT64',
        converted_type: 'TIMESTAMP_MILLIS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
        repetition_type,
      };
  }
}

export function parquetSchema(table: TableDef): SchemaElement[] {
  return [{ name: 'root', num_children: table.columns.length }, ...table.columns.map(parquetElement)];
}
