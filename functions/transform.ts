/**
 * Firehose transformation function: one raw line per record → one anonymized event per `Ok`
 * record with its partition keys; malformed lines `Dropped` and counted. It marks no day: Firehose
 * delivers minutes later, and the hourly aggregate run finds the delivered objects itself.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, FirehoseTransformationEvent, FirehoseTransformationResult } from 'aws-lambda';
import { resolveSource } from '../lib/config/runtime-config.ts';
import { StreamTransformer } from '../lib/stream/transform-records.ts';
import { getRuntime, logger, metrics } from './runtime.ts';

let transformer: StreamTransformer | undefined;

export async function handler(
  event: FirehoseTransformationEvent,
  context: Context,
): Promise<FirehoseTransformationResult> {
  logger.addContext(context);
  const runtime = getRuntime();
  // The stream's format and site come from the SOURCES entry with prefix "".
  transformer ??= new StreamTransformer(
    resolveSource('', runtime.config.sources),
    runtime.config.privacy,
    runtime.salts,
  );
  const outcome = await transformer.transform(event.records);
  const dropped = Object.values(outcome.dropped).reduce((a, b) => a + b, 0);
  logger.info('records transformed', {
    records: event.records.length,
    ok: outcome.ok,
    dropped,
    byReason: outcome.dropped,
    overflow: outcome.overflow,
  });
  metrics.addMetric('LinesParsed', MetricUnit.Count, outcome.ok);
  metrics.addMetric('DroppedRecords', MetricUnit.Count, dropped);
  metrics.addMetric('MalformedLines', MetricUnit.Count, dropped - (outcome.dropped.ignored ?? 0));
  if (outcome.overflow > 0) {
    logger.error('response size limit reached; records failed', { overflow: outcome.overflow });
    metrics.addMetric('OverflowRecords', MetricUnit.Count, outcome.overflow);
  }
  metrics.publishStoredMetrics();
  return { records: outcome.records };
}
