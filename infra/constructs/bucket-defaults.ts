/**
 * Secure defaults for every bucket, as a pure function of what differs (Solutions Constructs
 * style): encryption, Block Public Access, TLS only, no versions kept, and lifecycle rules that leave
 * no object alive forever — a catch-all expiry, noncurrent versions and incomplete uploads after a day.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

export interface PrefixExpiry {
  readonly prefix: string;
  readonly days: number;
}

export function lifecycleRules(
  catchAllDays: number,
  prefixes: readonly PrefixExpiry[] = [],
): s3.LifecycleRule[] {
  return [
    {
      id: 'catch-all',
      enabled: true,
      expiration: Duration.days(catchAllDays),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    },
    ...prefixes.map((p) => ({
      id: `expire-${p.prefix.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}`,
      enabled: true,
      prefix: p.prefix,
      expiration: Duration.days(p.days),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    })),
  ];
}

export function secureBucketProps(
  overrides: Partial<s3.BucketProps> & { lifecycleRules: s3.LifecycleRule[] },
): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: false,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    // Data outlives a stack update or a mistaken `cdk destroy`; the lifecycle rules still delete it.
    removalPolicy: RemovalPolicy.RETAIN,
    ...overrides,
  };
}
