/**
 * cdk-nag findings accepted on purpose, each acknowledged by the construct that causes it, with its
 * reason (cdk-nag 3: `Validations.of(construct).acknowledge`).
 */
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(construct: IConstruct, reason: string, ...ids: string[]): void {
  Validations.of(construct).acknowledge(...ids.map((id) => ({ id, reason })));
}

/** The `<LogicalId.Arn>` form cdk-nag uses to name a resource in a finding. */
export function arnOf(construct: IConstruct): string {
  const stack = Stack.of(construct);
  return `<${stack.getLogicalId(construct.node.defaultChild as CfnElement)}.Arn>`;
}

/** A wildcard finding on the objects of a bucket under a key pattern (`events/*`). */
export function objectsOf(bucket: IConstruct, pattern: string): string {
  return `AwsSolutions-IAM5[Resource::${arnOf(bucket)}/${pattern}]`;
}

/** CDK's S3 grants use these action groups (scoped to the bucket and prefix, never `*` or `service:*`). */
export const GRANT_ACTIONS = [
  's3:Abort*',
  's3:DeleteObject*',
  's3:GetBucket*',
  's3:GetObject*',
  's3:List*',
].map((a) => `AwsSolutions-IAM5[Action::${a}]`);

/** A function's S3 grants: limited to the buckets and prefixes it works on. */
export function acknowledgeObjectGrants(fn: IConstruct, resources: readonly string[]): void {
  acknowledge(
    fn,
    'Object grants are limited to the bucket and key prefix the function works on; S3 has no narrower unit than a prefix.',
    ...GRANT_ACTIONS,
    ...resources,
  );
}
