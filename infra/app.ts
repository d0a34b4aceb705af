/**
 * The CDK app ops deploy (`npx cdk deploy`): one stack, configured by `cdk.json` context, checked by
 * cdk-nag's AwsSolutions rules. Synthesizes offline, without credentials.
 */
import { App, Aspects, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config.ts';
import { OnlyLogveilFunctions } from './constructs/logveil-function.ts';
import { LogveilStack } from './logveil-stack.ts';

export function buildApp(app: App = new App()): { app: App; stack: LogveilStack } {
  const config = readConfig(app.node);
  const stack = new LogveilStack(app, 'Logveil', {
    config,
    description: 'logveil: privacy-first web analytics from server logs',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  Aspects.of(app).add(new OnlyLogveilFunctions());
  return { app, stack };
}

if (process.argv[1]?.endsWith('app.ts')) {
  buildApp().app.synth();
}
