/**
 * `npm run bench:sql`: the aggregate SQL on one very large day, run by DuckDB under a memory limit
 * (spilling to disk), as `logveil run` will run it. The day is made from a generated day's events
 * (`logveil run` of a generated log): each event copied COPIES times with its own event id and
 * visitor id, so visitors, sessions and rows grow with the copies. Prints events, time, peak RSS.
 *
 *   SQL_SCALE_COPIES=80 SQL_SCALE_MEMORY=2GB npm run bench:sql
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_AGGREGATE_OPTIONS } from '../../lib/aggregate/aggregate-options.ts';
import { aggregateWithDuckDb, defineEvents } from '../../lib/aggregate/duckdb-aggregates.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const WORK = join(ROOT, '.bench', 'sql-scale');
const COPIES = Number(process.env.SQL_SCALE_COPIES ?? '80');
const MEMORY = process.env.SQL_SCALE_MEMORY ?? '2GB';
const DAY = '2026-11-01';

async function duck(memory: string) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', {
    threads: '2',
    memory_limit: memory,
    temp_directory: join(WORK, 'spill'),
  });
  const connection = await instance.connect();
  await connection.run("SET TimeZone = 'UTC'");
  return { instance, connection };
}

async function makeDay(): Promise<string> {
  const seedOut = join(WORK, 'seed');
  if (!existsSync(join(seedOut, 'events'))) {
    mkdirSync(WORK, { recursive: true });
    const log = join(WORK, 'seed.log.gz');
    const cli = join(ROOT, 'lib', 'cli', 'logveil.mjs');
    execFileSync(process.execPath, [
      cli,
      'generate',
      '--lines',
      '250000',
      '--seed',
      'scale',
      '--gzip',
      '-o',
      log,
    ]);
    execFileSync(process.execPath, [
      cli,
      'run',
      log,
      '--out',
      seedOut,
      '--site',
      'shop.example',
      '--salt-dir',
      join(WORK, 'salts'),
      '--json',
    ]);
  }
  const big = join(WORK, `day-${COPIES}`);
  if (!existsSync(big)) {
    mkdirSync(big, { recursive: true });
    const { instance, connection } = await duck('4GB');
    await connection.run(
      `COPY (SELECT * REPLACE (event_id || '-' || CAST(c AS VARCHAR) AS event_id, visitor_id || CAST(c AS VARCHAR) AS visitor_id)
         FROM read_parquet('${join(seedOut, 'events', '**', '*.parquet')}', hive_partitioning = true, hive_types_autocast = false),
              range(${COPIES}) AS copies(c))
       TO '${join(big, 'events')}' (FORMAT PARQUET, PARTITION_BY (dt, hour), ROW_GROUP_SIZE 100000)`,
    );
    connection.closeSync();
    instance.closeSync();
  }
  return big;
}

if (process.argv[2] === '--measure') {
  // A fresh process: its peak RSS is the aggregation's alone.
  const big = process.argv[3]!;
  const { instance, connection } = await duck(MEMORY);
  await defineEvents(connection, join(big, 'events', '**', '*.parquet'));
  const events = Number((await connection.runAndReadAll('SELECT count(*) FROM events')).getRows()[0]![0]);
  const started = performance.now();
  const tables = await aggregateWithDuckDb(connection, {
    days: [DAY],
    options: DEFAULT_AGGREGATE_OPTIONS,
    computedAt: Date.now(),
  });
  const seconds = (performance.now() - started) / 1000;
  const rows = Object.fromEntries(Object.entries(tables).map(([name, r]) => [name, r.length]));
  connection.closeSync();
  instance.closeSync();
  const peak = Number(process.resourceUsage().maxRSS) / 1024;
  process.stdout.write(
    `${JSON.stringify({ events, copies: COPIES, memory_limit: MEMORY, seconds: Number(seconds.toFixed(1)), peak_rss_mib: Math.round(peak), rows })}\n`,
  );
} else {
  const big = await makeDay();
  rmSync(join(WORK, 'spill'), { recursive: true, force: true });
  execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--measure', big], {
    stdio: 'inherit',
    env: process.env,
  });
}
