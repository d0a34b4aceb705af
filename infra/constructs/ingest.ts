/**
 * Ingest (docs/operations.md): object-created notifications of the raw bucket → SQS (with a dead-letter queue
 * after 5 receives) → the ingest function, reporting partial batch failures.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LogveilFunction } from './logveil-function.ts';
import { acknowledge, acknowledgeObjectGrants, objectsOf } from './nag.ts';

export interface IngestProps {
  readonly raw: s3.Bucket;
  readonly analytics: s3.IBucket;
  readonly salts: s3.IBucket;
  readonly environment: Record<string, string>;
  readonly logRetentionDays: number;
  readonly deadLetterDays: number;
}

// One vCPU (1,769 MB on arm64) parses about 50,000 lines a second; a 5-minute ceiling covers raw
// objects of several million lines, far beyond CloudFront's and ALB's 5-minute log files.
const MEMORY_MB = 1769;
const TIMEOUT = Duration.minutes(5);

export class Ingest extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly function: LogveilFunction;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(props.deadLetterDays),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new sqs.Queue(this, 'Notifications', {
      // At least six times the function timeout, as AWS advises for SQS event sources.
      visibilityTimeout: Duration.seconds(TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 5 },
    });
    // Notifications are set on the bucket resource itself rather than through CDK's helper function,
    // whose own Lambda would log into a group kept forever. S3 may send to the queue for this account.
    this.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'RawBucketNotifications',
        principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const cfnRaw = props.raw.node.defaultChild as s3.CfnBucket;
    cfnRaw.notificationConfiguration = {
      queueConfigurations: [{ event: 's3:ObjectCreated:*', queue: this.queue.queueArn }],
    };
    const queuePolicy = this.queue.node.tryFindChild('Policy');
    if (queuePolicy) cfnRaw.node.addDependency(queuePolicy);
    this.function = new LogveilFunction(this, 'Ingest', {
      handler: 'ingest',
      memoryMb: MEMORY_MB,
      timeout: TIMEOUT,
      environment: props.environment,
      logRetentionDays: props.logRetentionDays,
      description: 'logveil: raw log objects → anonymized events',
      networkData: true,
    });
    const fn: lambda.IFunction = this.function.fn;
    fn.addEventSource(new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true }));
    props.raw.grantRead(fn);
    props.raw.grantDelete(fn);
    props.analytics.grantPut(fn, 'events/*');
    props.analytics.grantPut(fn, 'aggregates/_pending/*');
    props.salts.grantRead(fn);
    props.salts.grantPut(fn);
    acknowledgeObjectGrants(this.function, [
      objectsOf(props.raw, '*'),
      objectsOf(props.salts, '*'),
      objectsOf(props.analytics, 'events/*'),
      objectsOf(props.analytics, 'aggregates/_pending/*'),
    ]);
    acknowledge(
      this.deadLetters,
      'This queue is the dead-letter queue of the notification queue.',
      'AwsSolutions-SQS3',
    );
  }
}
