/**
 * Aggregation (docs/operations.md): the aggregate function and its schedules — hourly at :30 (the last closed
 * hours, pending days, salt destruction) and daily (D−1 to D−3, since CloudFront delivers up to a day
 * late).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type * as athena from 'aws-cdk-lib/aws-athena';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LogveilFunction } from './logveil-function.ts';
import { acknowledgeObjectGrants, objectsOf } from './nag.ts';
import { AGGREGATE_RESULTS_PREFIX } from './storage.ts';

export interface AggregationProps {
  readonly analytics: s3.IBucket;
  readonly salts: s3.IBucket;
  /** Athena: where the tables' SQL runs, and where its results are staged. */
  readonly results: s3.IBucket;
  readonly workgroup: athena.CfnWorkGroup;
  readonly eventsDatabase: string;
  readonly eventsTable: string;
  readonly environment: Record<string, string>;
  readonly logRetentionDays: number;
}

export class Aggregation extends Construct {
  readonly function: LogveilFunction;

  constructor(scope: Construct, id: string, props: AggregationProps) {
    super(scope, id);
    // The days are computed by Athena: the function lists objects, starts and waits for queries and
    // copies their files, so its memory does not grow with events per day. 15 minutes (Lambda's
    // maximum) bound one invocation; what did not finish stays pending for the next hour.
    this.function = new LogveilFunction(this, 'Aggregate', {
      handler: 'aggregate',
      memoryMb: 512,
      timeout: Duration.minutes(15),
      environment: {
        ...props.environment,
        ATHENA_WORKGROUP: props.workgroup.name,
        ATHENA_EVENTS_DATABASE: props.eventsDatabase,
        ATHENA_RESULTS_BUCKET: props.results.bucketName,
        ATHENA_STAGING_PREFIX: `${AGGREGATE_RESULTS_PREFIX}staging/`,
      },
      logRetentionDays: props.logRetentionDays,
      description: 'logveil: events → aggregates (Athena); destroys day salts',
      // The tables' SQL, read when a query is made.
      sqlFolders: ['aggregate/sql'],
    });
    const fn = this.function.fn;
    const stack = Stack.of(this);
    const arn = (service: string, resource: string) =>
      `arn:${stack.partition}:${service}:${stack.region}:${stack.account}:${resource}`;
    // Athena reads and writes S3 with the caller's permissions: events in, staged files out.
    props.analytics.grantRead(fn, 'events/*');
    props.analytics.grantRead(fn, 'aggregates/*');
    props.analytics.grantPut(fn, 'aggregates/*');
    props.analytics.grantDelete(fn, 'aggregates/*');
    props.results.grantReadWrite(fn, `${AGGREGATE_RESULTS_PREFIX}*`);
    props.results.grantDelete(fn, `${AGGREGATE_RESULTS_PREFIX}*`);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:StopQueryExecution'],
        resources: [arn('athena', `workgroup/${props.workgroup.name}`)],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartition', 'glue:GetPartitions'],
        resources: [
          arn('glue', 'catalog'),
          arn('glue', `database/${props.eventsDatabase}`),
          arn('glue', `table/${props.eventsDatabase}/${props.eventsTable}`),
        ],
      }),
    );
    props.salts.grantRead(fn);
    props.salts.grantDelete(fn);
    acknowledgeObjectGrants(this.function, [
      objectsOf(props.salts, '*'),
      objectsOf(props.analytics, 'events/*'),
      objectsOf(props.analytics, 'aggregates/*'),
      objectsOf(props.results, `${AGGREGATE_RESULTS_PREFIX}*`),
    ]);
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
