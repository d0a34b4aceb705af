/**
 * What every handler shares, built once per cold start: the validated configuration, one logger and
 * one metrics object (Powertools), the S3 client and the stores. Log entries carry counts, reasons
 * and object keys — never a log line or a field value.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { s3Client } from '../lib/aws/clients.ts';
import { S3RawObjects } from '../lib/aws/s3-input.ts';
import { S3SaltStore } from '../lib/aws/s3-salt-store.ts';
import { S3Store } from '../lib/aws/s3-store.ts';
import { type RuntimeConfig, runtimeConfig } from '../lib/config/runtime-config.ts';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'logveil' });
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'logveil' });

export interface Runtime {
  readonly config: RuntimeConfig;
  readonly s3: ReturnType<typeof s3Client>;
  readonly raw: S3RawObjects;
  readonly analytics: S3Store;
  readonly salts: S3SaltStore;
}

let runtime: Runtime | undefined;

/** Reads and validates the environment on first use (a cold start); a bad value fails every call loudly. */
export function getRuntime(): Runtime {
  if (runtime) return runtime;
  const config = runtimeConfig(process.env);
  const s3 = s3Client();
  runtime = {
    config,
    s3,
    raw: new S3RawObjects(s3),
    analytics: new S3Store(s3, config.analyticsBucket),
    salts: new S3SaltStore(s3, config.saltsBucket),
  };
  return runtime;
}

/** For tests: forget the cached runtime so a changed environment is read again. */
export function resetRuntime(): void {
  runtime = undefined;
}
