/**
 * Exposes the Parquet tables under `--out` to DuckDB under the same names as in Athena (`events`,
 * `traffic_daily`, …). Partition columns `dt` and `hour` stay strings, as in Athena. A table without
 * files is an empty table of the right columns, so every query runs on a fresh directory too.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AGGREGATE_TABLES } from '../aggregate/aggregate-tables.ts';
import { EVENTS_TABLE } from '../events/schema.ts';
import type { TableDef } from '../tables/column.ts';
import { DUCKDB_TYPES } from '../tables/duckdb-types.ts';

export const QUERYABLE_TABLES: readonly TableDef[] = [EVENTS_TABLE, ...AGGREGATE_TABLES];

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

async function hasParquet(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return false;
  const entries = await readdir(dir, { recursive: true });
  return entries.some((e) => String(e).endsWith('.parquet'));
}

export async function defineTables(connection: DuckDBConnection, out: string): Promise<void> {
  for (const table of QUERYABLE_TABLES) {
    const dir = resolve(out, ...table.prefix.split('/'));
    if (await hasParquet(dir)) {
      const glob = join(dir, '**', '*.parquet');
      await connection.run(
        `CREATE VIEW ${table.name} AS SELECT * FROM read_parquet(${sqlString(glob)}, hive_partitioning = true, hive_types_autocast = false, union_by_name = true)`,
      );
    } else {
      const columns = [...table.columns, ...table.partitions].map(
        (c) => `"${c.name}" ${DUCKDB_TYPES[c.type]}`,
      );
      await connection.run(`CREATE TABLE ${table.name} (${columns.join(', ')})`);
    }
  }
}
