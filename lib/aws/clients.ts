/**
 * SDK clients built from the standard environment (region, credentials, `AWS_ENDPOINT_URL_S3`,
 * `AWS_ENDPOINT_URL_FIREHOSE`) — never hard-coded. With a custom S3 endpoint (an S3-compatible
 * server), path-style addressing is used and checksums are only sent when required, which such
 * servers need.
 */
import { FirehoseClient } from '@aws-sdk/client-firehose';
import { S3Client } from '@aws-sdk/client-s3';

export function s3Client(env: Record<string, string | undefined> = process.env): S3Client {
  const custom = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
  return new S3Client(
    custom
      ? {
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : {},
  );
}

/** `region` when the caller chose one (`ship --region`); else the SDK's own chain. */
export function firehoseClient(region?: string): FirehoseClient {
  return new FirehoseClient(region === undefined ? {} : { region });
}
