/**
 * Synthesizes the app for template tests as `cdk synth` does: with cdk.json's context (its feature
 * flags and settings), bundling skipped, context overridable.
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app.ts';
import type { LogveilStack } from '../../infra/logveil-stack.ts';

const CDK_JSON = new URL('../../cdk.json', import.meta.url);

/** cdk.json's context: the feature flags a deployed stack is synthesized with. */
export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(CDK_JSON, 'utf8')) as { context: Record<string, unknown> }).context;
}

export function synth(
  context: Record<string, unknown> = {},
  bundle = false,
): { app: App; stack: LogveilStack; template: Template } {
  const app = new App({
    context: {
      ...cdkJsonContext(),
      ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
      ...context,
    },
  });
  const { stack } = buildApp(app);
  return { app, stack, template: Template.fromStack(stack) };
}

export type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; DependsOn?: unknown }
>;

export function resourcesOf(template: Template, type?: string): Resources {
  const all = template.toJSON().Resources as Resources;
  return Object.fromEntries(Object.entries(all).filter(([, r]) => type === undefined || r.Type === type));
}
