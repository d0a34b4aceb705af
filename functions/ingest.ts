/**
 * Ingest function: SQS batches of S3 object-created notifications → events Parquet in the analytics
 * bucket, with partial batch failures for exactly the messages whose objects failed.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ingestBatch } from '../lib/ingest/ingest-batch.ts';
import { ingestObject } from '../lib/ingest/ingest-object.ts';
import { readNotification } from '../lib/ingest/s3-notifications.ts';
import { getRuntime, logger, metrics } from './runtime.ts';

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  const runtime = getRuntime();
  const messages = event.Records.map((r) => readNotification(r.messageId, r.body));
  const outcome = await ingestBatch(messages, {
    remainingMs: () => context.getRemainingTimeInMillis(),
    processObject: async (ref) => {
      const result = await ingestObject(ref, { ...runtime, now: Date.now });
      const s = result.summary;
      logger.info('object ingested', {
        key: ref.key,
        format: s.format,
        site: result.source.site,
        lines: s.lines,
        parsed: s.parsed,
        malformed: s.malformed,
        ignored: s.ignored,
        byReason: result.byReason,
        error: s.error,
        days: result.days,
        rawDeleted: result.rawDeleted,
      });
      metrics.addMetric('LinesParsed', MetricUnit.Count, s.parsed);
      metrics.addMetric('MalformedLines', MetricUnit.Count, s.malformed);
      if (s.error) {
        logger.error('object not fully processed', { key: ref.key, reason: s.error });
        metrics.addMetric('ObjectsRejected', MetricUnit.Count, 1);
      }
    },
    onFailure: (messageId, key, reason) => {
      logger.error('object failed', { messageId, key, reason });
      metrics.addMetric('ObjectsFailed', MetricUnit.Count, 1);
    },
  });
  if (outcome.deferred > 0) logger.warn('batch cut short by the time limit', { deferred: outcome.deferred });
  metrics.publishStoredMetrics();
  return { batchItemFailures: outcome.failedMessageIds.map((itemIdentifier) => ({ itemIdentifier })) };
}
