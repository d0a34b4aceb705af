/**
 * Aggregate function: scheduled hourly (last closed hours, pending days, salt destruction) and daily
 * (D−1 to D−3), or invoked with `{ "dt" }` / `{ "from", "to" }` (and `"force": true`) to recompute.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import {
  type AggregateRunResult,
  parseAggregateEvent,
  runAggregate,
  SaltDestructionError,
} from '../lib/aggregate/scheduled-run.ts';
import { getRuntime, logger, metrics } from './runtime.ts';

export async function handler(event: unknown, context: Context): Promise<AggregateRunResult> {
  logger.addContext(context);
  const runtime = getRuntime();
  const request = parseAggregateEvent(event);
  try {
    const result = await runAggregate(request, {
      store: runtime.analytics,
      salts: runtime.salts,
      options: runtime.config.aggregate,
      now: Date.now(),
    });
    logger.info('aggregates computed', { request: request.kind, ...result });
    if (result.frozen.length > 0) logger.warn('frozen days left untouched', { frozen: result.frozen });
    metrics.addMetric('DaysComputed', MetricUnit.Count, result.computed.length);
    metrics.addMetric('FrozenDays', MetricUnit.Count, result.frozen.length);
    return result;
  } catch (err) {
    if (err instanceof SaltDestructionError) {
      logger.error('salt destruction failed', { reason: err.message });
      metrics.addMetric('SaltDestructionFailed', MetricUnit.Count, 1);
    }
    throw err;
  } finally {
    metrics.publishStoredMetrics();
  }
}
