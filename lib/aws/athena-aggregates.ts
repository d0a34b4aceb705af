/**
 * Recomputes the aggregates of whole days in Athena: the tables' SQL (lib/aggregate/sql/) runs as one
 * `UNLOAD` per table and batch of at most 100 days, into a staging folder of the results bucket
 * (expires in a day); once every table of the batch succeeded, each day's table folder is swapped:
 * its old files deleted, the new ones copied in. A reader may see a day's table empty for the time of
 * the swap, never counted twice. A failed query leaves the published days as they were; the files it
 * wrote (its manifest lists them) are deleted. The function reads no events itself.
 */
import type { AthenaClient } from '@aws-sdk/client-athena';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AggregateOptions } from '../aggregate/aggregate-options.ts';
import { AGGREGATE_TABLES, tablesToCompute } from '../aggregate/aggregate-tables.ts';
import { expiredSources, listDayEvents, readDaySources, writeDaySources } from '../aggregate/day-sources.ts';
import { eventScans, MAX_UNLOAD_PARTITIONS, unloadSql } from '../aggregate/sql/index.ts';
import type { Store, StoredObject } from '../store/store.ts';
import type { TableDef } from '../tables/column.ts';
import { AthenaQueryError, type AthenaTarget, type QueryClock, runAthenaQuery } from './athena-query.ts';

/**
 * Bytes one query of the aggregate function may scan (the workgroup's limit): 100 GB, $0.50 at $5 per
 * TB. Days are batched so that no query can reach it (see `batchDays`).
 */
export const BYTES_SCANNED_CUTOFF = 100 * 1024 ** 3;

export interface AthenaAggregation {
  readonly athena: AthenaClient;
  readonly s3: S3Client;
  /** The analytics bucket: events to list, aggregates to publish. */
  readonly store: Store;
  readonly analyticsBucket: string;
  /** Bucket and folder (ending in `/`) of the staging files; a lifecycle rule expires them. */
  readonly resultsBucket: string;
  readonly stagingPrefix: string;
  readonly target: AthenaTarget;
  readonly clock: QueryClock;
}

export interface AthenaRecomputeResult {
  readonly computed: string[];
  readonly frozen: string[];
  /** Bytes the queries scanned (what Athena bills). */
  readonly scannedBytes: number;
}

interface Staged {
  readonly table: TableDef;
  /** Written files by day. */
  readonly files: Map<string, string[]>;
  readonly manifest: string | null;
}

function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new AthenaQueryError('Athena listed a file outside S3');
  return { bucket: match[1]!, key: match[2]! };
}

async function readText(s3: S3Client, uri: string): Promise<string> {
  const { bucket, key } = parseS3Uri(uri);
  const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await got.Body?.transformToString('utf8')) ?? '';
}

/** The files a query's manifest lists (one s3:// URI a line). */
async function manifestFiles(s3: S3Client, manifest: string | null): Promise<string[]> {
  if (manifest === null) return [];
  return (await readText(s3, manifest))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('s3://'));
}

async function deleteUris(s3: S3Client, uris: readonly string[]): Promise<void> {
  for (const uri of uris) {
    const { bucket, key } = parseS3Uri(uri);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  }
}

function byDay(files: readonly string[]): Map<string, string[]> {
  const days = new Map<string, string[]>();
  for (const file of files) {
    const day = /\/dt=(\d{4}-\d{2}-\d{2})\/[^/]+$/.exec(file)?.[1];
    if (day === undefined) continue;
    days.set(day, [...(days.get(day) ?? []), file]);
  }
  return days;
}

/**
 * Days in batches of at most 100 (partitions per UNLOAD) whose events, read as often as the most
 * reading table query reads them, stay under the bytes-scanned limit (an events object's size is
 * all its columns, more than a query reads). A day larger than that alone is a batch of its own.
 */
export function batchDays(
  days: ReadonlyArray<{ day: string; bytes: number }>,
  cutoff = BYTES_SCANNED_CUTOFF,
): string[][] {
  const scans = Math.max(...AGGREGATE_TABLES.map((t) => eventScans(t.name)));
  const budget = cutoff / scans;
  const out: string[][] = [];
  let batch: string[] = [];
  let bytes = 0;
  for (const d of days) {
    if (batch.length > 0 && (batch.length === MAX_UNLOAD_PARTITIONS || bytes + d.bytes > budget)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(d.day);
    bytes += d.bytes;
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/**
 * `CopySource`: bucket and key URL-encoded segment by segment, `=` kept as it is (legal in a path
 * segment; S3 accepts both, and S3-compatible servers that decode with `decodeURI` need it plain).
 */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${key
    .split('/')
    .map((part) => encodeURIComponent(part).replace(/%3D/g, '='))
    .join('/')}`;
}

/** Replaces a day's files of a table by the staged ones: old deleted first, then the new copied in. */
async function publish(
  deps: AthenaAggregation,
  table: TableDef,
  day: string,
  files: readonly string[],
): Promise<void> {
  const folder = `${table.prefix}/dt=${day}/`;
  const old: StoredObject[] = [];
  for await (const object of deps.store.list(folder)) old.push(object);
  for (const object of old) await deps.store.deleteObject(object.key);
  for (const file of files) {
    const { bucket, key } = parseS3Uri(file);
    const name = key.slice(key.lastIndexOf('/') + 1);
    await deps.s3.send(
      new CopyObjectCommand({
        Bucket: deps.analyticsBucket,
        Key: `${folder}${name}`,
        CopySource: copySource(bucket, key),
      }),
    );
  }
}

export async function recomputeDaysInAthena(
  deps: AthenaAggregation,
  days: Iterable<string>,
  options: AggregateOptions,
  computedAt: number,
  force: boolean,
): Promise<AthenaRecomputeResult> {
  const computed: string[] = [];
  const frozen: string[] = [];
  const sources = new Map<string, StoredObject[]>();
  for (const day of [...new Set(days)].sort()) {
    const objects = await listDayEvents(deps.store, day);
    if (expiredSources(await readDaySources(deps.store, day), objects).length > 0 && !force) frozen.push(day);
    else sources.set(day, objects);
  }
  let scannedBytes = 0;
  const run = `${computedAt}-${Math.random().toString(36).slice(2, 10)}`;
  const sized = [...sources].map(([day, objects]) => ({
    day,
    bytes: objects.reduce((n, o) => n + o.size, 0),
  }));
  for (const batch of batchDays(sized)) {
    const params = { days: batch, options, computedAt };
    const staged: Staged[] = [];
    const toRun = new Set(tablesToCompute(options));
    try {
      for (const table of AGGREGATE_TABLES) {
        if (!toRun.has(table)) {
          // No goal (funnel) configured: the table has no rows, and a day's old ones are removed.
          staged.push({ table, files: new Map(), manifest: null });
          continue;
        }
        const location = `s3://${deps.resultsBucket}/${deps.stagingPrefix}${run}/${batch[0]}/${table.name}/`;
        try {
          const done = await runAthenaQuery(
            deps.athena,
            unloadSql(table, params, location),
            deps.target,
            deps.clock,
          );
          scannedBytes += done.scannedBytes;
          staged.push({
            table,
            files: byDay(await manifestFiles(deps.s3, done.manifest)),
            manifest: done.manifest,
          });
        } catch (err) {
          if (err instanceof AthenaQueryError)
            await deleteUris(deps.s3, await manifestFiles(deps.s3, err.manifest));
          throw err;
        }
      }
    } catch (err) {
      // Nothing of this batch is published: the days stay as they were and stay pending.
      for (const s of staged) await deleteUris(deps.s3, [...s.files.values()].flat());
      throw err;
    }
    for (const day of batch) {
      for (const s of staged) await publish(deps, s.table, day, s.files.get(day) ?? []);
      await writeDaySources(deps.store, day, sources.get(day)!, computedAt);
      computed.push(day);
    }
    for (const s of staged) await deleteUris(deps.s3, [...s.files.values()].flat());
  }
  return { computed, frozen, scannedBytes };
}

export interface AthenaEnvironment {
  readonly target: AthenaTarget;
  readonly resultsBucket: string;
  readonly stagingPrefix: string;
}

const ATHENA_KEYS = ['ATHENA_WORKGROUP', 'ATHENA_EVENTS_DATABASE', 'ATHENA_RESULTS_BUCKET'] as const;

/**
 * Where the aggregate function runs its queries (set by the stack); null when none is set, and the
 * days are then computed in the function itself. Half a setting is an error.
 */
export function athenaEnvironment(env: Record<string, string | undefined>): AthenaEnvironment | null {
  const set = ATHENA_KEYS.filter((k) => (env[k] ?? '') !== '');
  if (set.length === 0) return null;
  if (set.length < ATHENA_KEYS.length)
    throw new AthenaQueryError(
      `set all of ${ATHENA_KEYS.join(', ')} or none (missing ${ATHENA_KEYS.filter((k) => !set.includes(k)).join(', ')})`,
    );
  return {
    target: { workgroup: env.ATHENA_WORKGROUP!, database: env.ATHENA_EVENTS_DATABASE! },
    resultsBucket: env.ATHENA_RESULTS_BUCKET!,
    stagingPrefix: env.ATHENA_STAGING_PREFIX ?? 'aggregate/staging/',
  };
}
