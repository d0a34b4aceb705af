/** Synthesizes the app for template tests: bundling skipped, context overridable. */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/app.ts';
import type { LogveilStack } from '../../infra/logveil-stack.ts';

export function synth(
  context: Record<string, unknown> = {},
  bundle = false,
): { app: App; stack: LogveilStack; template: Template } {
  const app = new App({ context: { ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }), ...context } });
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
