/**
 * Ingests one raw object: streams it through the same pipeline as `logveil run`, writes its events
 * to the analytics bucket under keys derived from `s3://bucket/key#etag` (a retry overwrites, never
 * doubles), marks the days it wrote as pending, and deletes the raw object once it is done.
 */
import { markPending } from '../aggregate/pending-days.ts';
import type { S3ObjectRef } from '../aws/s3-input.ts';
import { type ResolvedSource, type RuntimeConfig, resolveSource } from '../config/runtime-config.ts';
import { zoneResolver } from '../formats/time-zone.ts';
import type { InputSource } from '../input/sources.ts';
import { processSource } from '../pipeline.ts';
import type { SaltStore } from '../privacy/salts.ts';
import type { Store } from '../store/store.ts';
import type { FileSummary } from '../summary.ts';

export interface ObjectOutcome {
  readonly key: string;
  readonly source: ResolvedSource;
  readonly summary: FileSummary;
  readonly byReason: Record<string, number>;
  readonly events: number;
  readonly days: string[];
  readonly rawDeleted: boolean;
}

/** A failure worth retrying (the object could not be read): the message goes back to SQS. */
export class ObjectFailedError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`object failed: ${reason}`);
    this.name = 'ObjectFailedError';
  }
}

/** Where raw objects are read and deleted (S3 in AWS: lib/aws/s3-input.ts). */
export interface RawObjects {
  input(ref: S3ObjectRef): InputSource;
  delete(ref: S3ObjectRef): Promise<void>;
}

export interface IngestDeps {
  readonly raw: RawObjects;
  readonly analytics: Store;
  readonly salts: SaltStore;
  readonly config: RuntimeConfig;
  readonly now: () => number;
}

export async function ingestObject(ref: S3ObjectRef, deps: IngestDeps): Promise<ObjectOutcome> {
  const source = resolveSource(ref.key, deps.config.sources);
  const result = await processSource(deps.raw.input(ref), {
    options: {
      format: source.format,
      zone: zoneResolver(source.tz),
      privacy: { ...deps.config.privacy, site: source.site ?? deps.config.privacy.site },
      sourceId: null,
      jsonMap: source.jsonMap,
      nowMs: deps.now(),
    },
    store: deps.analytics,
    salts: deps.salts,
  });
  // A read failure is transient (S3, network): fail the object so SQS redelivers it. Files already
  // written carry deterministic names and are overwritten by the retry.
  if (result.summary.error === 'unreadable') throw new ObjectFailedError(ref.key, 'unreadable');
  const days = [...new Set(result.written.map((w) => w.dt))].sort();
  await markPending(deps.analytics, days);
  // Broken or foreign objects (bad_gzip, binary, format_mismatch) are kept for inspection; the raw
  // bucket's lifecycle removes them.
  const rawDeleted = deps.config.rawDelete && result.summary.error === undefined;
  if (rawDeleted) await deps.raw.delete(ref);
  return {
    key: ref.key,
    source,
    summary: result.summary,
    byReason: result.byReason,
    events: result.events,
    days,
    rawDeleted,
  };
}
