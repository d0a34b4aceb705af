/**
 * Computes the aggregate tables of some days by running their SQL (lib/aggregate/sql/) in DuckDB over
 * the events Parquet files: the shared relations once, as temporary tables, then each table's query.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { EVENTS_TABLE } from '../events/schema.ts';
import type { TableDef } from '../tables/column.ts';
import { DUCKDB_TYPES } from '../tables/duckdb-types.ts';
import { AGGREGATE_TABLES, tablesToCompute } from './aggregate-tables.ts';
import type { AggregateRow } from './compute-day.ts';
import { type AggregateSqlParams, boundSql, DAY_RELATIONS } from './sql/index.ts';

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The `events` relation the SQL reads, over the Parquet files matching `glob`: `dt` a string as in
 * Athena, `ts` a UTC timestamp without zone as Athena reads it (DuckDB reads the UTC-adjusted
 * Parquet timestamp as TIMESTAMP WITH TIME ZONE; the session runs in UTC).
 */
export async function defineEvents(connection: DuckDBConnection, glob: string): Promise<void> {
  await defineEventsOver(connection, sqlString(glob));
}

/** The same `events` relation over exactly these files (a day's listed objects). */
export async function defineEventsFiles(
  connection: DuckDBConnection,
  paths: readonly string[],
): Promise<void> {
  if (paths.length === 0) throw new Error('no events file to read');
  await defineEventsOver(connection, `[${paths.map(sqlString).join(', ')}]`);
}

/**
 * Files written before a column existed (events of an earlier version, kept 30 days) lack it; when
 * none of the files has it, the view gives it as null, as Athena does for such files.
 */
async function defineEventsOver(connection: DuckDBConnection, files: string): Promise<void> {
  const source = `read_parquet(${files}, hive_partitioning = true, hive_types_autocast = false, union_by_name = true)`;
  const present = new Set(
    (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`))
      .getRows()
      .map((row) => String(row[0])),
  );
  const missing = EVENTS_TABLE.columns
    .filter((c) => !present.has(c.name))
    .map((c) => `, CAST(NULL AS ${DUCKDB_TYPES[c.type]}) AS ${c.name}`)
    .join('');
  await connection.run(
    `CREATE OR REPLACE TEMP VIEW events AS SELECT * REPLACE (CAST(ts AS TIMESTAMP) AS ts)${missing} FROM ${source}`,
  );
}

function plain(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  // DuckDB's TIMESTAMP value: microseconds since the epoch (the tables keep milliseconds).
  if (typeof value === 'object' && 'micros' in value && typeof value.micros === 'bigint')
    return Number(value.micros / 1000n);
  return String(value);
}

/**
 * Rows of every aggregate table (or of `tables`), `dt` included, for the days of `params`; a table
 * without a definition to compute (goals_daily without goals) has none.
 */
export async function aggregateWithDuckDb(
  connection: DuckDBConnection,
  params: AggregateSqlParams,
  tables: readonly TableDef[] = AGGREGATE_TABLES,
): Promise<Record<string, AggregateRow[]>> {
  const result: Record<string, AggregateRow[]> = {};
  for (const table of tables) result[table.name] = [];
  const computed = tablesToCompute(params.options, tables);
  if (computed.length === 0) return result;
  for (const relation of DAY_RELATIONS)
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${relation} AS ${boundSql(relation, params)}`);
  for (const table of computed) {
    const reader = await connection.runAndReadAll(boundSql(table.name, params));
    const names = reader.columnNames();
    result[table.name] = reader.getRows().map((row) => {
      const out: AggregateRow = {};
      names.forEach((name, i) => {
        const v = plain(row[i]);
        if (v !== null) out[name] = v;
      });
      return out;
    });
  }
  for (const relation of [...DAY_RELATIONS].reverse()) await connection.run(`DROP TABLE ${relation}`);
  return result;
}
