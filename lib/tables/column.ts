/**
 * Table column definitions: the single description that feeds the Parquet writers, the Glue tables
 * and the table docs.
 */

export type ColumnType = 'string' | 'int32' | 'int64' | 'double' | 'boolean' | 'timestamp_ms';

export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly doc: string;
  /** Values rarely repeat (ids): skip the dictionary attempt. */
  readonly unique?: boolean;
}

export interface TableDef {
  readonly name: string;
  /** Key prefix in the store, e.g. `events` or `aggregates/traffic_daily`. */
  readonly prefix: string;
  /** Hive partition columns, in key order; they live in the object key, not in the file. */
  readonly partitions: readonly ColumnDef[];
  readonly columns: readonly ColumnDef[];
  readonly doc: string;
}

export function col(name: string, type: ColumnType, doc: string, nullable = false): ColumnDef {
  return { name, type, nullable, doc };
}

export function uniqueCol(name: string, type: ColumnType, doc: string): ColumnDef {
  return { name, type, nullable: false, doc, unique: true };
}
