/** The logveil stack: wires storage, catalog, ingest, stream, aggregation and monitoring. */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { EVENTS_TABLE } from '../lib/events/schema.ts';
import { functionEnvironment, type InfraConfig } from './config.ts';
import { Aggregation } from './constructs/aggregation.ts';
import { Catalog } from './constructs/catalog.ts';
import { Ingest } from './constructs/ingest.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { acknowledge } from './constructs/nag.ts';
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

/** Findings of the stack as a whole (each construct acknowledges its own). */
function acknowledgeFindings(stack: LogveilStack): void {
  acknowledge(
    stack,
    'The Firehose construct adds a map of its service CIDR blocks that this stack does not need (no Redshift or HTTP destination).',
    'CloudFormation-Validate::W7001',
  );
}
