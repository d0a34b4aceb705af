/** The logveil stack: wires storage, catalog, ingest, stream, aggregation and monitoring. */
import { type CfnElement, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { Construct, IConstruct } from 'constructs';
import { EVENTS_TABLE } from '../lib/events/schema.ts';
import { functionEnvironment, type InfraConfig } from './config.ts';
import { Aggregation } from './constructs/aggregation.ts';
import { Catalog } from './constructs/catalog.ts';
import { Ingest } from './constructs/ingest.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Storage } from './constructs/storage.ts';
import { Stream } from './constructs/stream.ts';

export interface LogveilStackProps extends StackProps {
  readonly config: InfraConfig;
}

export class LogveilStack extends Stack {
  readonly storage: Storage;
  readonly catalog: Catalog;
  readonly ingest: Ingest;
  readonly stream: Stream;
  readonly aggregation: Aggregation;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: LogveilStackProps) {
    super(scope, id, props);
    const { config } = props;
    const retention = config.retention;
    this.storage = new Storage(this, 'Storage', retention);
    const { raw, analytics, salts, athenaResults } = this.storage;
    const environment = functionEnvironment(config, analytics.bucketName, salts.bucketName);
    this.catalog = new Catalog(this, 'Catalog', {
      analytics,
      results: athenaResults,
      prefix: 'logveil',
      eventsDays: retention.eventsDays,
      aggregatesDays: retention.aggregatesDays,
    });
    this.ingest = new Ingest(this, 'Ingest', {
      raw,
      analytics,
      salts,
      environment,
      logRetentionDays: retention.logDays,
      deadLetterDays: retention.deadLetterDays,
    });
    this.stream = new Stream(this, 'Stream', {
      analytics,
      salts,
      eventsTable: this.catalog.eventsTable,
      environment,
      logRetentionDays: retention.logDays,
    });
    this.aggregation = new Aggregation(this, 'Aggregation', {
      analytics,
      salts,
      results: athenaResults,
      workgroup: this.catalog.aggregateWorkgroup,
      eventsDatabase: this.catalog.aggregationDatabaseName,
      eventsTable: EVENTS_TABLE.name,
      environment,
      logRetentionDays: retention.logDays,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      deadLetters: this.ingest.deadLetters,
      functions: {
        Ingest: this.ingest.function.fn,
        Transform: this.stream.transform.fn,
        Aggregate: this.aggregation.function.fn,
      },
      deliveryStreamName: this.stream.deliveryStream.deliveryStreamName,
      alarmEmail: config.alarmEmail,
    });
    acknowledgeFindings(this);
  }
}

/** The `<LogicalId.Arn>` form cdk-nag uses to name a resource in a finding. */
function arnOf(construct: IConstruct): string {
  const stack = Stack.of(construct);
  return `<${stack.getLogicalId(construct.node.defaultChild as CfnElement)}.Arn>`;
}

function acknowledge(construct: IConstruct, reason: string, ...ids: string[]): void {
  Validations.of(construct).acknowledge(...ids.map((id) => ({ id, reason })));
}

// CDK's S3 grants use these action groups (`s3:GetObject*`-style: scoped to the bucket and prefix, never `*` or `service:*`).
const GRANT_ACTIONS = ['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map(
  (a) => `AwsSolutions-IAM5[Action::${a}]`,
);
const BASIC_EXECUTION =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

/** cdk-nag findings accepted on purpose, each with its reason. */
function acknowledgeFindings(stack: LogveilStack): void {
  const { raw, analytics, salts, athenaResults } = stack.storage;
  for (const bucket of [raw, analytics, salts, athenaResults]) {
    acknowledge(
      bucket,
      'Server access logs would be one more store of request metadata to expire; CloudTrail data events are the audit trail for these buckets.',
      'AwsSolutions-S1',
    );
  }
  acknowledge(
    stack.ingest.deadLetters,
    'This queue is the dead-letter queue of the notification queue.',
    'AwsSolutions-SQS3',
  );
  const objects = (bucket: IConstruct, pattern: string) =>
    `AwsSolutions-IAM5[Resource::${arnOf(bucket)}/${pattern}]`;
  const functions: Array<[IConstruct, string[]]> = [
    [
      stack.ingest.function,
      [
        objects(raw, '*'),
        objects(salts, '*'),
        objects(analytics, 'events/*'),
        objects(analytics, 'aggregates/_pending/*'),
      ],
    ],
    [stack.stream.transform, [objects(salts, '*')]],
    [
      stack.aggregation.function,
      [
        objects(salts, '*'),
        objects(analytics, 'events/*'),
        objects(analytics, 'aggregates/*'),
        objects(athenaResults, 'aggregate/*'),
      ],
    ],
  ];
  for (const [fn, resources] of functions) {
    acknowledge(
      fn,
      'AWSLambdaBasicExecutionRole only lets the function write its own log group.',
      BASIC_EXECUTION,
    );
    acknowledge(
      fn,
      'Object grants are limited to the bucket and key prefix the function works on; S3 has no narrower unit than a prefix.',
      ...GRANT_ACTIONS,
      ...resources,
    );
  }
  acknowledge(
    stack,
    'The Firehose construct adds a map of its service CIDR blocks that this stack does not need (no Redshift or HTTP destination).',
    'CloudFormation-Validate::W7001',
  );
  acknowledge(
    stack.stream,
    'Firehose writes under partition prefixes it creates at run time, invokes the transform by version, and reads schema versions the Glue table may use.',
    ...GRANT_ACTIONS,
    objects(analytics, '*'),
    'AwsSolutions-IAM5[Resource::*]',
    `AwsSolutions-IAM5[Resource::${arnOf(stack.stream.transform.fn)}:*]`,
  );
  const glueTables = (db: string) =>
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${db}/*]`;
  acknowledge(
    stack.catalog.analystsPolicy,
    'Analysts read every aggregate table (one Glue database, the aggregates/ prefix) and their own query results; tables and partitions are created by the app. The Athena console needs its list/read metadata actions on * (AWS example policy for a named workgroup).',
    'AwsSolutions-IAM5[Resource::*]',
    objects(analytics, 'aggregates/*'),
    objects(athenaResults, 'analysts/*'),
    glueTables('logveil_analytics'),
  );
  acknowledge(
    stack.catalog.opsPolicy,
    'Ops read every table of the two logveil databases (events/ and aggregates/ prefixes) and their own query results. The Athena console needs its list/read metadata actions on *.',
    'AwsSolutions-IAM5[Resource::*]',
    objects(analytics, 'aggregates/*'),
    objects(analytics, 'events/*'),
    objects(athenaResults, 'ops/*'),
    glueTables('logveil_analytics'),
    glueTables('logveil_events'),
  );
}
