/**
 * Aggregate function: scheduled hourly (last closed hours, pending days, stale days, salt
 * destruction) and daily (D−1 to D−3), or invoked with `{ "dt" }` / `{ "from", "to" }` (and
 * `"force": true`) to recompute. The days are computed by Athena (the tables' SQL); the function only
 * lists objects, starts and waits for queries, and swaps the results in.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import {
  type AggregateRunResult,
  parseAggregateEvent,
  runAggregate,
  SaltDestructionError,
} from '../lib/aggregate/scheduled-run.ts';
import { athenaEnvironment, recomputeDaysInAthena } from '../lib/aws/athena-aggregates.ts';
import { athenaClient } from '../lib/aws/athena-client.ts';
import { AthenaQueryError, realClock } from '../lib/aws/athena-query.ts';
import { getRuntime, logger, metrics } from './runtime.ts';

/** Time kept back from the function's limit to swap results in and answer. */
const SWAP_RESERVE_MS = 60_000;

let athena: ReturnType<typeof athenaClient> | undefined;

export async function handler(event: unknown, context: Context): Promise<AggregateRunResult> {
  logger.addContext(context);
  const runtime = getRuntime();
  const request = parseAggregateEvent(event);
  const settings = athenaEnvironment(process.env);
  // The function computes nothing itself: without its workgroup it cannot work (the stack sets it).
  if (settings === null)
    throw new AthenaQueryError(
      'ATHENA_WORKGROUP, ATHENA_EVENTS_DATABASE and ATHENA_RESULTS_BUCKET must be set',
    );
  const now = Date.now();
  let scannedBytes = 0;
  try {
    const result = await runAggregate(request, {
      store: runtime.analytics,
      salts: runtime.salts,
      now,
      recompute: async (days: string[], force: boolean) => {
        athena ??= athenaClient();
        const result = await recomputeDaysInAthena(
          {
            athena,
            s3: runtime.s3,
            store: runtime.analytics,
            analyticsBucket: runtime.config.analyticsBucket,
            resultsBucket: settings.resultsBucket,
            stagingPrefix: settings.stagingPrefix,
            target: settings.target,
            clock: realClock(Date.now() + context.getRemainingTimeInMillis() - SWAP_RESERVE_MS),
          },
          days,
          runtime.config.aggregate,
          now,
          force,
        );
        scannedBytes += result.scannedBytes;
        return result;
      },
    });
    logger.info('aggregates computed', { request: request.kind, ...result, scannedBytes });
    if (result.frozen.length > 0) logger.warn('frozen days left untouched', { frozen: result.frozen });
    metrics.addMetric('DaysComputed', MetricUnit.Count, result.computed.length);
    metrics.addMetric('FrozenDays', MetricUnit.Count, result.frozen.length);
    metrics.addMetric('AthenaBytesScanned', MetricUnit.Bytes, scannedBytes);
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
