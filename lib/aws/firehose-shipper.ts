/**
 * Sends packed records with PutRecordBatch. A call can succeed with some entries failed
 * (`FailedPutCount`, an `ErrorCode` per entry, in request order): only those are sent again.
 * Throttling and service errors are retried with exponential backoff and full jitter, for a bounded
 * number of attempts; what is still not delivered is reported, never silently dropped.
 */
import {
  type FirehoseClient,
  PutRecordBatchCommand,
  type PutRecordBatchCommandOutput,
} from '@aws-sdk/client-firehose';
import type { PackedRecord } from '../ship/record-packer.ts';

export interface ShipperOptions {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

export const DEFAULT_SHIPPER_OPTIONS: ShipperOptions = {
  maxAttempts: 8,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export interface ShipStats {
  calls: number;
  retries: number;
  records: number;
  linesDelivered: number;
  linesFailed: number;
}

const RETRYABLE = new Set([
  'ServiceUnavailableException',
  'ThrottlingException',
  'InternalFailure',
  'InternalFailureException',
  'LimitExceededException',
]);

function retryable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return RETRYABLE.has(err.name) || status === undefined || status >= 500 || status === 429;
}

export class FirehoseShipper {
  readonly stats: ShipStats = { calls: 0, retries: 0, records: 0, linesDelivered: 0, linesFailed: 0 };
  private readonly options: ShipperOptions;

  constructor(
    private readonly client: FirehoseClient,
    private readonly streamName: string,
    options: Partial<ShipperOptions> = {},
  ) {
    this.options = { ...DEFAULT_SHIPPER_OPTIONS, ...options };
  }

  private delay(attempt: number): number {
    const cap = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** attempt);
    return Math.floor(this.options.random() * cap);
  }

  /** Delivers a batch (≤ 500 records, ≤ 4 MB); returns the records that could not be delivered. */
  async send(batch: readonly PackedRecord[]): Promise<PackedRecord[]> {
    let pending = [...batch];
    for (let attempt = 0; attempt < this.options.maxAttempts && pending.length > 0; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        await this.options.sleep(this.delay(attempt));
      }
      this.stats.calls++;
      let response: PutRecordBatchCommandOutput;
      try {
        response = await this.client.send(
          new PutRecordBatchCommand({
            DeliveryStreamName: this.streamName,
            Records: pending.map((r) => ({ Data: r.data })),
          }),
        );
      } catch (err) {
        if (retryable(err)) continue;
        break;
      }
      const responses = response.RequestResponses ?? [];
      // Entries line up with the request; with no failures reported, everything went through.
      const failedAt = (i: number) =>
        (response.FailedPutCount ?? 0) > 0 &&
        (responses[i] === undefined || responses[i]?.ErrorCode !== undefined);
      const failed: PackedRecord[] = [];
      pending.forEach((r, i) => {
        if (failedAt(i)) failed.push(r);
        else {
          this.stats.records++;
          this.stats.linesDelivered += r.lines;
        }
      });
      pending = failed;
    }
    for (const r of pending) this.stats.linesFailed += r.lines;
    return pending;
  }
}
