/**
 * A stand-in for Athena behind aws-sdk-client-mock: an `UNLOAD (SELECT …) TO 's3://…/' WITH (…,
 * partitioned_by = ARRAY['dt'])` really runs its SELECT in DuckDB over the events objects of a fake
 * S3 bucket, writes one Parquet file per day under the location, and a manifest of them, as Athena
 * does. Tests can queue states, failures and throttling per query.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { defineEvents } from '../../lib/aggregate/duckdb-aggregates.ts';
import { type DuckDbSession, openDuckDb } from '../../lib/tables/duckdb-session.ts';
import { tempDir } from '../helpers.ts';

/** The buckets the stand-in reads events from and writes results to: the fake S3, or a real server. */
export interface StandinBuckets {
  /** Every object of the bucket whose key starts with `prefix`. */
  objects(bucket: string, prefix: string): Promise<Iterable<[string, Uint8Array]>>;
  put(bucket: string, key: string, body: Uint8Array | string): Promise<void>;
}

/** The fake S3 of fake-s3.ts as stand-in buckets. */
export function fakeBuckets(s3: {
  objects(bucket: string): Map<string, { body: Uint8Array }>;
  put(bucket: string, key: string, body: Uint8Array | string): unknown;
}): StandinBuckets {
  return {
    objects: async (bucket, prefix) =>
      [...s3.objects(bucket)].filter(([key]) => key.startsWith(prefix)).map(([key, o]) => [key, o.body]),
    put: async (bucket, key, body) => {
      s3.put(bucket, key, body);
    },
  };
}

export interface StandinQuery {
  readonly id: string;
  readonly sql: string;
  readonly workgroup: string | undefined;
  readonly database: string | undefined;
  /** States GetQueryExecution reports before the final one. */
  pending: QueryExecutionState[];
  final: QueryExecutionState;
  manifest: string | null;
  scannedBytes: number;
}

export interface StandinOptions {
  /** Called when a query starts: may change its fate (`final`, `pending`) or throw to refuse the start. */
  readonly onStart?: (query: StandinQuery, index: number) => void;
}

export async function athenaStandin(
  s3: StandinBuckets,
  analyticsBucket: string,
  options: StandinOptions = {},
) {
  const mock = mockClient(AthenaClient);
  const queries: StandinQuery[] = [];
  const stopped: string[] = [];
  let duck: DuckDbSession | null = null;

  /** Runs the SELECT of an UNLOAD over the bucket's events; returns the s3:// files written. */
  async function unload(sql: string, id: string): Promise<string[]> {
    const match = /^UNLOAD \(([\s\S]*)\) TO '(s3:\/\/([^/]+)\/(.*))'\s*WITH \(([\s\S]*)\)\s*$/.exec(sql);
    if (!match) throw new Error('the stand-in runs UNLOAD statements only');
    const [, select, location, bucket, prefix, props] = match as unknown as string[];
    if (!/partitioned_by = ARRAY\['dt'\]/.test(props!) || !/format = 'PARQUET'/.test(props!))
      throw new Error('UNLOAD without Parquet partitioned by dt');
    const dir = await tempDir('athena-standin-');
    for (const [key, body] of await s3.objects(analyticsBucket, 'events/')) {
      if (!key.endsWith('.parquet')) continue;
      await mkdir(dirname(join(dir, key)), { recursive: true });
      await writeFile(join(dir, key), body);
    }
    duck ??= await openDuckDb();
    await defineEvents(duck.connection, join(dir, 'events', '**', '*.parquet'));
    const out = join(dir, 'unload');
    await duck.connection.run(
      `COPY (${select}) TO '${out}' (FORMAT PARQUET, PARTITION_BY (dt), FILENAME_PATTERN '${id}_{i}')`,
    );
    const written: string[] = [];
    for (const entry of (await readdir(out, { recursive: true }).catch(() => [])).map(String).sort()) {
      if (!entry.endsWith('.parquet')) continue;
      await s3.put(bucket!, `${prefix}${entry}`, await readFile(join(out, entry)));
      written.push(`${location}${entry}`);
    }
    await rm(dir, { recursive: true, force: true });
    return written;
  }

  mock.on(StartQueryExecutionCommand).callsFake(async (input) => {
    const query: StandinQuery = {
      id: `q${queries.length + 1}`,
      sql: input.QueryString!,
      workgroup: input.WorkGroup,
      database: input.QueryExecutionContext?.Database,
      pending: ['QUEUED', 'RUNNING'],
      final: 'SUCCEEDED',
      manifest: null,
      scannedBytes: 1_000_000,
    };
    options.onStart?.(query, queries.length);
    queries.push(query);
    if (query.final === 'SUCCEEDED') {
      const files = await unload(query.sql, query.id);
      query.manifest = `s3://results/manifests/${query.id}-manifest.csv`;
      await s3.put('results', `manifests/${query.id}-manifest.csv`, `${files.join('\n')}\n`);
    }
    return { QueryExecutionId: query.id };
  });
  mock.on(GetQueryExecutionCommand).callsFake(async (input) => {
    const query = queries.find((q) => q.id === input.QueryExecutionId)!;
    const state = stopped.includes(query.id) ? 'CANCELLED' : (query.pending.shift() ?? query.final);
    return {
      QueryExecution: {
        QueryExecutionId: query.id,
        Status: { State: state, ...(state === 'FAILED' ? { AthenaError: { ErrorType: 1002 } } : {}) },
        Statistics: {
          DataScannedInBytes: query.scannedBytes,
          DataManifestLocation: query.manifest ?? undefined,
        },
      },
    };
  });
  mock.on(StopQueryExecutionCommand).callsFake(async (input) => {
    stopped.push(input.QueryExecutionId!);
    return {};
  });

  return {
    mock,
    client: new AthenaClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    }),
    queries,
    stopped,
    close: () => {
      duck?.close();
      mock.restore();
    },
  };
}
