/** DuckDB's type for each column type of the tables (local queries and the run's SQL). */
import type { ColumnType } from './column.ts';

export const DUCKDB_TYPES: Record<ColumnType, string> = {
  string: 'VARCHAR',
  int32: 'INTEGER',
  int64: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  timestamp_ms: 'TIMESTAMP WITH TIME ZONE',
};
