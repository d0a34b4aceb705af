/**
 * The one way the CLI opens DuckDB: in UTC, with modest resources. Parquet `ts` is UTC-adjusted, so
 * DuckDB reads it as TIMESTAMP WITH TIME ZONE and shows it in the session zone, which by default is
 * the machine's: `hour(ts)` then disagrees with the `hour` partition and with Athena. DuckDB's own
 * defaults take most of the machine (every core, 80 % of memory), too much for a tool run beside a
 * web server.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';

export const DUCKDB_THREADS = 2;
export const DUCKDB_MEMORY_LIMIT = '1GB';

/** Spill files of this process: per process, so two runs never share a file; DuckDB removes it. */
export function duckdbTempDirectory(): string {
  return join(tmpdir(), `logveil-duckdb-${process.pid}`);
}

export interface DuckDbSession {
  readonly connection: DuckDBConnection;
  close(): void;
}

/** An in-memory database and one connection to it, configured as above (or with a lower limit). */
export async function openDuckDb(options: { memoryLimit?: string } = {}): Promise<DuckDbSession> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(DUCKDB_THREADS),
    memory_limit: options.memoryLimit ?? DUCKDB_MEMORY_LIMIT,
    temp_directory: duckdbTempDirectory(),
  });
  const connection = await instance.connect();
  // TimeZone belongs to the built-in ICU extension, loaded only once the database is open, so it
  // cannot be a creation option; and it is per connection, so every connection sets it.
  await connection.run("SET TimeZone = 'UTC'");
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}
