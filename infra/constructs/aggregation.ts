/**
 * Aggregation (docs/operations.md): the aggregate function and its schedules — hourly at :30 (the last closed
 * hours, pending days, salt destruction) and daily (D−1 to D−3, since CloudFront delivers up to a day
 * late).
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LogveilFunction } from './logveil-function.ts';

export interface AggregationProps {
  readonly analytics: s3.IBucket;
  readonly salts: s3.IBucket;
  readonly environment: Record<string, string>;
  readonly logRetentionDays: number;
}

export class Aggregation extends Construct {
  readonly function: LogveilFunction;

  constructor(scope: Construct, id: string, props: AggregationProps) {
    super(scope, id);
    // A day's events are held in memory for sessionization (about 250 bytes an event): 3 GB holds
    // days of several million requests; 15 minutes (Lambda's maximum) covers a three-day recompute.
    this.function = new LogveilFunction(this, 'Aggregate', {
      handler: 'aggregate',
      memoryMb: 3008,
      timeout: Duration.minutes(15),
      environment: props.environment,
      logRetentionDays: props.logRetentionDays,
      description: 'logveil: events → aggregates; destroys day salts',
    });
    const fn = this.function.fn;
    props.analytics.grantRead(fn, 'events/*');
    props.analytics.grantRead(fn, 'aggregates/*');
    props.analytics.grantPut(fn, 'aggregates/*');
    props.analytics.grantDelete(fn, 'aggregates/_pending/*');
    props.salts.grantRead(fn);
    props.salts.grantDelete(fn);
    new events.Rule(this, 'Hourly', {
      description:
        'logveil: last closed hours, pending days, days with undelivered aggregates, salt destruction',
      schedule: events.Schedule.cron({ minute: '30' }),
      targets: [
        new targets.LambdaFunction(fn, {
          event: events.RuleTargetInput.fromObject({ schedule: 'hourly' }),
          retryAttempts: 2,
        }),
      ],
    });
    new events.Rule(this, 'Daily', {
      description: 'logveil: recompute the last three days (late CloudFront logs)',
      schedule: events.Schedule.cron({ minute: '45', hour: '4' }),
      targets: [
        new targets.LambdaFunction(fn, {
          event: events.RuleTargetInput.fromObject({ schedule: 'daily' }),
          retryAttempts: 2,
        }),
      ],
    });
  }
}
