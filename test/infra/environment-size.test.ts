/**
 * Lambda allows a function 4 KB of environment variables in all. The goals and funnels of cdk.json
 * travel in the environment (GOALS, FUNNELS), so synthesis counts each function's environment at its
 * largest and refuses one past the limit; these tests sit exactly at it.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { environmentBytes, LAMBDA_ENVIRONMENT_BYTES } from '../../infra/constructs/logveil-function.ts';

describe('the environment size Lambda allows', () => {
  it('counts names, values, quotes and separators in UTF-8 bytes', () => {
    expect(environmentBytes({})).toBe(2);
    expect(environmentBytes({ A: 'b' })).toBe('{"A":"b"}'.length);
    expect(environmentBytes({ A: 'é' })).toBe('{"A":""}'.length + 2);
  });

  it('counts a value known only at deployment (a bucket name) at its largest, 128 bytes', () => {
    const stack = new Stack(new App(), 'S');
    const bucket = new s3.Bucket(stack, 'B');
    expect(environmentBytes({ B: bucket.bucketName })).toBe('{"B":""}'.length + 128);
  });

  it('an environment of exactly 4096 bytes fits; one byte more does not', () => {
    const fill = (bytes: number) => ({ GOALS: 'x'.repeat(bytes - '{"GOALS":""}'.length) });
    expect(environmentBytes(fill(LAMBDA_ENVIRONMENT_BYTES))).toBe(4096);
    expect(environmentBytes(fill(LAMBDA_ENVIRONMENT_BYTES + 1))).toBe(4097);
    expect(LAMBDA_ENVIRONMENT_BYTES).toBe(4096);
  });
});
