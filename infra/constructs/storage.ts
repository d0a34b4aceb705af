/**
 * Storage (docs/operations.md): the raw, analytics, salts and Athena-results buckets, each expiring its
 * data on the schedule of the retention context.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Retention } from '../config.ts';
import { lifecycleRules, secureBucketProps } from './bucket-defaults.ts';
import { acknowledge } from './nag.ts';

/** Where the aggregate function's Athena queries write, in the Athena results bucket. */
export const AGGREGATE_RESULTS_PREFIX = 'aggregate/';

export class Storage extends Construct {
  readonly raw: s3.Bucket;
  readonly analytics: s3.Bucket;
  readonly salts: s3.Bucket;
  readonly athenaResults: s3.Bucket;

  constructor(scope: Construct, id: string, retention: Retention) {
    super(scope, id);
    // ALB log delivery needs SSE-S3; CloudFront legacy logging writes through ACLs.
    this.raw = new s3.Bucket(
      this,
      'Raw',
      secureBucketProps({
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
        lifecycleRules: lifecycleRules(retention.rawDays),
      }),
    );
    this.raw.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlbLogDelivery',
        principals: [new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.raw.arnForObjects('*')],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const aggregatesDays = retention.aggregatesDays;
    this.analytics = new s3.Bucket(
      this,
      'Analytics',
      secureBucketProps({
        lifecycleRules: lifecycleRules(aggregatesDays, [
          { prefix: 'events/', days: retention.eventsDays },
          { prefix: 'text/', days: retention.textDays },
          { prefix: 'aggregates/', days: aggregatesDays },
          { prefix: 'errors/', days: retention.errorsDays },
        ]),
      }),
    );
    // Unversioned, and readable only by the functions (no grants elsewhere): the lifecycle rule is only
    // the backstop — the hourly aggregate run destroys salts two days after creation.
    this.salts = new s3.Bucket(
      this,
      'Salts',
      secureBucketProps({ lifecycleRules: lifecycleRules(retention.saltDays) }),
    );
    this.athenaResults = new s3.Bucket(
      this,
      'AthenaResults',
      secureBucketProps({
        // The aggregate function's staging files and query results: a day is plenty, it swaps them
        // into aggregates/ within minutes and deletes them itself.
        lifecycleRules: lifecycleRules(retention.athenaResultsDays, [
          { prefix: AGGREGATE_RESULTS_PREFIX, days: 1 },
        ]),
      }),
    );
    for (const bucket of [this.raw, this.analytics, this.salts, this.athenaResults]) {
      acknowledge(
        bucket,
        'Server access logs would be one more store of request metadata to expire; CloudTrail data events are the audit trail for these buckets.',
        'AwsSolutions-S1',
      );
    }
  }
}
