/**
 * The one way a logveil Lambda function is made: Node.js 24 (the latest Lambda runtime) on arm64, bundled locally by esbuild from
 * `functions/<name>.ts` (no Docker), JSON logs into its own log group with the retention of the
 * context, sized memory and timeout, and the shared environment. DuckDB is never bundled.
 */
import { join } from 'node:path';
import { Annotations, CfnResource, type Duration, type IAspect, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import { acknowledge } from './nag.ts';

export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** Node.js 24, the latest Lambda runtime; the bundle is built for the same version. */
const RUNTIME = lambda.Runtime.NODEJS_24_X;
const RUNTIME_NODE_MAJOR = Number(/^nodejs(\d+)\.x$/.exec(RUNTIME.name)![1]);

export interface LogveilFunctionProps {
  /** File name in `functions/` without extension. */
  readonly handler: 'ingest' | 'transform' | 'aggregate';
  readonly memoryMb: number;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
  readonly logRetentionDays: number;
  readonly description: string;
  /**
   * Folders of lib/ whose `.sql` files the handler reads at run time (`import.meta.dirname` is the
   * bundle's folder there): copied beside the bundle.
   */
  readonly sqlFolders?: readonly string[];
  /**
   * The handler makes events, so it reads the country database and the hosting networks' ranges
   * (lib/networks/): both copied beside the bundle, where lib/networks/network-data.ts looks.
   */
  readonly networkData?: boolean;
}

/** The files of lib/networks/network-data.ts, from the repository and its installed packages. */
const NETWORK_DATA_FILES = [
  join(REPO_ROOT, 'lib', 'networks', 'hosting-ranges.csv'),
  join(
    REPO_ROOT,
    'node_modules',
    '@ip-location-db',
    'geo-whois-asn-country-mmdb',
    'geo-whois-asn-country.mmdb',
  ),
];

/** Lambda's limit on a function's environment variables, all of them together: 4 KB. */
export const LAMBDA_ENVIRONMENT_BYTES = 4096;
/**
 * What a value not known before deployment (a bucket or workgroup name) may take: bucket names have
 * at most 63 characters, Athena workgroup names 128.
 */
const UNRESOLVED_VALUE_BYTES = 128;

/**
 * The size of an environment as Lambda's 4 KB limit is checked here: the UTF-8 bytes of its JSON
 * form (names, values, quotes and separators: more than names and values alone, so a function
 * under this bound is under Lambda's), a value known only at deployment counted at its largest.
 */
export function environmentBytes(env: Record<string, string>): number {
  const known = Object.fromEntries(
    Object.entries(env).map(([name, value]) => [
      name,
      Token.isUnresolved(value) ? 'x'.repeat(UNRESOLVED_VALUE_BYTES) : value,
    ]),
  );
  return Buffer.byteLength(JSON.stringify(known), 'utf8');
}

export class LogveilFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LogveilFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      this,
      'AWSLambdaBasicExecutionRole only lets the function write its own log group.',
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    );
    const environment = {
      ...props.environment,
      POWERTOOLS_SERVICE_NAME: `logveil-${props.handler}`,
      // The bundle ships a source map: stack traces then name the TypeScript files and lines.
      NODE_OPTIONS: '--enable-source-maps',
    };
    const bytes = environmentBytes(environment);
    if (bytes > LAMBDA_ENVIRONMENT_BYTES)
      throw new Error(
        `cdk.json context: the ${props.handler} function's environment would take ${bytes} bytes, and Lambda allows ${LAMBDA_ENVIRONMENT_BYTES} in all: shorten or drop goals, funnels, path rules or sources (logveil:goals, logveil:funnels, logveil:privacy, logveil:sources)`,
      );
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, 'functions', `${props.handler}.ts`),
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      handler: 'handler',
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memoryMb,
      timeout: props.timeout,
      description: props.description,
      loggingFormat: lambda.LoggingFormat.JSON,
      logGroup: this.logGroup,
      environment,
      bundling: {
        format: OutputFormat.ESM,
        // The language level of the runtime below (esbuild then leaves its syntax as it is).
        target: `node${RUNTIME_NODE_MAJOR}`,
        minify: true,
        sourceMap: true,
        metafile: true,
        forceDockerBundling: false,
        mainFields: ['module', 'main'],
        // CommonJS dependencies (ua-parser-js) need `require` inside an ES module bundle.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        // Everything the handler imports is bundled (the SDK version is pinned); DuckDB is CLI-only.
        externalModules: ['@duckdb/node-api', '@duckdb/node-bindings'],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            ...(props.sqlFolders ?? []).map(
              (folder) => `cp "${join(inputDir, 'lib', folder)}"/*.sql "${outputDir}/"`,
            ),
            ...(props.networkData ? NETWORK_DATA_FILES.map((file) => `cp "${file}" "${outputDir}/"`) : []),
          ],
        },
      },
    });
  }
}

/**
 * Fails synthesis on any Lambda function not made by LogveilFunction (its runtime, architecture,
 * retained logs, bundling and environment would be nobody's choice).
 */
export class OnlyLogveilFunctions implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnResource) || node.cfnResourceType !== 'AWS::Lambda::Function') return;
    if (node.node.scopes.some((scope) => scope instanceof LogveilFunction)) return;
    Annotations.of(node).addError(
      'Every Lambda function of logveil is made by LogveilFunction (infra/constructs/logveil-function.ts)',
    );
  }
}
