/**
 * Runs one Athena query to its end: started in a workgroup (whose enforced settings decide the
 * results location and the bytes-scanned limit), polled with backoff, stopped when the caller's time
 * runs out. A throttled start (too many active queries) is tried again with backoff.
 */
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';

export interface AthenaTarget {
  readonly workgroup: string;
  /** Database unqualified table names resolve in. */
  readonly database: string;
}

export interface QueryClock {
  /** Epoch ms after which the query is stopped and the call fails. */
  readonly deadline: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface FinishedQuery {
  readonly id: string;
  /** `s3://…-manifest.csv`: the files the query wrote. */
  readonly manifest: string | null;
  readonly scannedBytes: number;
}

export class AthenaQueryError extends Error {
  override name = 'AthenaQueryError';
  constructor(
    message: string,
    /** The files a failed query meant to write, to be cleaned up (null when it wrote none). */
    readonly manifest: string | null = null,
  ) {
    super(message);
  }
}

const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 5_000;

export const realClock = (deadline: number): QueryClock => ({
  deadline,
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
});

async function start(
  client: AthenaClient,
  sql: string,
  target: AthenaTarget,
  clock: QueryClock,
): Promise<string> {
  let wait = FIRST_POLL_MS;
  for (;;) {
    try {
      const started = await client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          WorkGroup: target.workgroup,
          QueryExecutionContext: { Database: target.database },
        }),
      );
      if (!started.QueryExecutionId) throw new AthenaQueryError('Athena returned no query id');
      return started.QueryExecutionId;
    } catch (err) {
      const name = (err as Error).name;
      if (name !== 'TooManyRequestsException' || clock.now() + wait > clock.deadline) throw err;
      await clock.sleep(wait);
      wait = Math.min(wait * 2, MAX_POLL_MS);
    }
  }
}

/** Starts `sql` and waits for it; throws AthenaQueryError when it fails, is cancelled or runs out of time. */
export async function runAthenaQuery(
  client: AthenaClient,
  sql: string,
  target: AthenaTarget,
  clock: QueryClock,
): Promise<FinishedQuery> {
  const id = await start(client, sql, target, clock);
  let wait = FIRST_POLL_MS;
  for (;;) {
    const { QueryExecution: q } = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const state = q?.Status?.State;
    const manifest = q?.Statistics?.DataManifestLocation ?? null;
    if (state === 'SUCCEEDED') return { id, manifest, scannedBytes: q?.Statistics?.DataScannedInBytes ?? 0 };
    if (state === 'FAILED' || state === 'CANCELLED') {
      const reason = q?.Status?.AthenaError?.ErrorType ?? q?.Status?.AthenaError?.ErrorCategory ?? state;
      throw new AthenaQueryError(`Athena query ${id} ${state.toLowerCase()} (${reason})`, manifest);
    }
    if (clock.now() + wait > clock.deadline) {
      await client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => {});
      throw new AthenaQueryError(`Athena query ${id} stopped: the function's time ran out`, manifest);
    }
    await clock.sleep(wait);
    wait = Math.min(Math.ceil(wait * 1.5), MAX_POLL_MS);
  }
}
