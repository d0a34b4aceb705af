/** Template tests: one concern per test, on a stack synthesized once (bundling skipped). */

import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { AGGREGATE_BYTES_SCANNED_CUTOFF, GLUE_TYPES } from '../../infra/constructs/catalog.ts';
import { AGGREGATE_TABLES } from '../../lib/aggregate/aggregate-tables.ts';
import { EVENTS_TABLE } from '../../lib/events/schema.ts';
import { namedQueries } from '../../lib/queries/index.ts';
import { PROCESSOR_BUFFER_MB } from '../../lib/stream/processor-buffer.ts';
import { cdkJsonContext, type Resources, resourcesOf, synth } from './synth.ts';

let template: Template;
let built: ReturnType<typeof synth>;

beforeAll(() => {
  built = synth({ 'logveil:alarmEmail': 'ops@example.com' });
  template = built.template;
});

function statements(
  resources: Resources,
): Array<{ Action: string | string[]; Resource?: unknown; Condition?: unknown; Effect: string }> {
  return Object.values(resources).flatMap((r) => {
    const doc = (r.Properties.PolicyDocument ?? r.Properties.PolicyDocument) as { Statement: [] } | undefined;
    return doc?.Statement ?? [];
  });
}

describe('storage', () => {
  it('encrypts every bucket, the raw one with SSE-S3 for ALB delivery', () => {
    for (const b of Object.values(resourcesOf(template, 'AWS::S3::Bucket'))) {
      expect(b.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
    }
  });

  it('blocks public access on every bucket', () => {
    for (const b of Object.values(resourcesOf(template, 'AWS::S3::Bucket'))) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
  });

  it('denies every non-TLS request to every bucket', () => {
    const policies = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(4);
    for (const p of policies) {
      const document = p.Properties.PolicyDocument as { Statement: unknown[] };
      expect(document.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('lets CloudFront legacy logging write with ACLs to the raw bucket only, and keeps salts unversioned', () => {
    const buckets = resourcesOf(template, 'AWS::S3::Bucket');
    const ownership = (prefix: string) => {
      const bucket = Object.entries(buckets).find(([id]) => id.startsWith(prefix))![1];
      const controls = bucket.Properties.OwnershipControls as { Rules: Array<{ ObjectOwnership: string }> };
      return controls.Rules[0]!.ObjectOwnership;
    };
    expect(ownership('StorageRaw')).toBe('BucketOwnerPreferred');
    expect(ownership('StorageAnalytics')).toBe('BucketOwnerEnforced');
    const salts = Object.entries(buckets).find(([id]) => id.startsWith('StorageSalts'))![1];
    expect(salts.Properties.VersioningConfiguration).toBeUndefined();
  });
});

describe('functions', () => {
  it('are all made by LogveilFunction: a stray Lambda function fails synthesis', () => {
    expect(Annotations.fromStack(built.stack).findError('*', Match.anyValue())).toEqual([]);
    const { stack } = synth();
    new lambda.Function(stack, 'Stray', {
      runtime: lambda.Runtime.NODEJS_20_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {}'),
    });
    // Synthesis stops with the error on the stray function.
    expect(() => Annotations.fromStack(stack)).toThrow(
      /made by LogveilFunction[\s\S]*Logveil\/Stray\/Resource/,
    );
  });

  it('run the source maps they ship, built for the runtime they run on', () => {
    for (const fn of Object.values(resourcesOf(template, 'AWS::Lambda::Function'))) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
    }
  });

  it('run Node.js 22 or later on arm64 with JSON logs', () => {
    const functions = Object.values(resourcesOf(template, 'AWS::Lambda::Function'));
    expect(functions).toHaveLength(3);
    for (const fn of functions) {
      expect(Number(/^nodejs(\d+)\.x$/.exec(String(fn.Properties.Runtime))?.[1])).toBeGreaterThanOrEqual(22);
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect((fn.Properties.LoggingConfig as { LogFormat: string }).LogFormat).toBe('JSON');
      expect(
        (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables,
      ).not.toHaveProperty('TZ');
    }
  });

  it('consume notifications with partial batch failures, and the queue outlasts six function timeouts', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const ingest = Object.values(resourcesOf(template, 'AWS::Lambda::Function')).find((f) =>
      String(
        (f.Properties.Environment as { Variables: Record<string, string> }).Variables.POWERTOOLS_SERVICE_NAME,
      ).endsWith('ingest'),
    )!;
    const queue = Object.entries(resourcesOf(template, 'AWS::SQS::Queue')).find(([id]) =>
      id.includes('Notifications'),
    )![1];
    expect(Number(queue.Properties.VisibilityTimeout)).toBeGreaterThanOrEqual(
      6 * Number(ingest.Properties.Timeout),
    );
    expect(queue.Properties.RedrivePolicy).toMatchObject({ maxReceiveCount: 5 });
    template.hasResourceProperties('AWS::S3::Bucket', {
      NotificationConfiguration: {
        QueueConfigurations: [{ Event: 's3:ObjectCreated:*', Queue: Match.anyValue() }],
      },
    });
  });

  it('pass the documented environment', () => {
    for (const fn of Object.values(resourcesOf(template, 'AWS::Lambda::Function'))) {
      const vars = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const name of [
        'ANALYTICS_BUCKET',
        'SALTS_BUCKET',
        'RAW_DELETE',
        'K_ANONYMITY',
        'PATH_RULES',
        'ALLOW_PARAMS',
        'INTERNAL_HOSTS',
        'HOSTING_BOTS',
        'GOALS',
        'FUNNELS',
        'SOURCES',
      ]) {
        expect(vars).toHaveProperty(name);
      }
    }
  });

  it('are scheduled hourly at :30 and daily', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(30 * * * ? *)',
      Targets: [Match.objectLike({ Input: JSON.stringify({ schedule: 'hourly' }) })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Input: JSON.stringify({ schedule: 'daily' }) })],
    });
  });
});

describe('stream', () => {
  it('deaggregates by newline, transforms with the buffer derived from Lambda’s response limit, partitions by the function’s keys and converts to Parquet', () => {
    const [stream] = Object.values(resourcesOf(template, 'AWS::KinesisFirehose::DeliveryStream'));
    const s3 = stream!.Properties.ExtendedS3DestinationConfiguration as Record<string, unknown>;
    expect(s3.Prefix).toBe('events/dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/');
    // The aggregation reads *.parquet under events/: without an extension it would never see the stream.
    expect(s3.FileExtension).toBe('.parquet');
    expect(s3.ErrorOutputPrefix).toBe('errors/raw/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/');
    expect(s3.DynamicPartitioningConfiguration).toMatchObject({ Enabled: true });
    expect((s3.BufferingHints as { SizeInMBs: number }).SizeInMBs).toBeGreaterThanOrEqual(64);
    const processors = (
      s3.ProcessingConfiguration as {
        Processors: Array<{
          Type: string;
          Parameters: Array<{ ParameterName: string; ParameterValue: unknown }>;
        }>;
      }
    ).Processors;
    const param = (type: string, name: string) =>
      processors.find((p) => p.Type === type)?.Parameters.find((p) => p.ParameterName === name)
        ?.ParameterValue;
    expect(param('RecordDeAggregation', 'SubRecordType')).toBe('DELIMITED');
    expect(Buffer.from(String(param('RecordDeAggregation', 'Delimiter')), 'base64').toString()).toBe('\n');
    // The size the response-limit test (test/stream/response-limit.test.ts) proves safe.
    expect(param('Lambda', 'BufferSizeInMBs')).toBe(String(PROCESSOR_BUFFER_MB));
    expect(PROCESSOR_BUFFER_MB).toBeGreaterThanOrEqual(0.2);
    const conversion = s3.DataFormatConversionConfiguration as {
      Enabled: boolean;
      OutputFormatConfiguration: { Serializer: Record<string, unknown> };
      InputFormatConfiguration: { Deserializer: Record<string, unknown> };
    };
    expect(conversion.Enabled).toBe(true);
    expect(conversion.OutputFormatConfiguration.Serializer).toHaveProperty('ParquetSerDe');
    expect(conversion.InputFormatConfiguration.Deserializer).toHaveProperty('OpenXJsonSerDe');
    expect((s3.CloudWatchLoggingOptions as { Enabled: boolean }).Enabled).toBe(true);
    expect(stream!.Properties.DeliveryStreamEncryptionConfigurationInput).toEqual({
      KeyType: 'AWS_OWNED_CMK',
    });
  });
});

describe('catalog', () => {
  function table(name: string) {
    return Object.values(resourcesOf(template, 'AWS::Glue::Table')).find(
      (t) => (t.Properties.TableInput as { Name: string }).Name === name,
    )!.Properties.TableInput as {
      Parameters: Record<string, unknown>;
      PartitionKeys: Array<{ Name: string; Type: string }>;
      StorageDescriptor: { Columns: Array<{ Name: string; Type: string }> };
    };
  }

  it('generates Glue columns from the lib/ schemas', () => {
    for (const def of [EVENTS_TABLE, ...AGGREGATE_TABLES]) {
      const t = table(def.name);
      expect(t.StorageDescriptor.Columns.map((c) => [c.Name, c.Type])).toEqual(
        def.columns.map((c) => [c.name, GLUE_TYPES[c.type]]),
      );
      expect(t.PartitionKeys.map((p) => p.Name)).toEqual(def.partitions.map((p) => p.name));
    }
  });

  it('projects partitions: dt as a date, hour as a two-digit integer, with a location template', () => {
    const events = table('events').Parameters;
    expect(events).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.hour.type': 'integer',
      'projection.hour.range': '0,23',
      'projection.hour.digits': '2',
    });
    const dt = '$' + '{dt}';
    const hour = '$' + '{hour}';
    expect(JSON.stringify(events['storage.location.template'])).toContain(`/events/dt=${dt}/hour=${hour}/`);
    expect(JSON.stringify(table('pages_daily').Parameters['storage.location.template'])).toContain(
      `/aggregates/pages_daily/dt=${dt}/`,
    );
  });

  it('projects days back only as far as each table is kept', () => {
    const events = Object.values(resourcesOf(template, 'AWS::Glue::Table')).filter(
      (t) => (t.Properties.TableInput as { Name: string }).Name === 'events',
    );
    const rangeIn = (db: string) =>
      (
        events.find((t) => t.Properties.DatabaseName === db)!.Properties.TableInput as {
          Parameters: Record<string, unknown>;
        }
      ).Parameters['projection.dt.range'];
    expect(rangeIn('logveil_events')).toBe('NOW-30DAYS,NOW');
    // The aggregate function's copy reaches back as far as aggregates are kept: a backfill of an old
    // day is computed, never read as empty.
    expect(rangeIn('logveil_aggregation')).toBe('NOW-790DAYS,NOW');
    for (const def of AGGREGATE_TABLES)
      expect(table(def.name).Parameters['projection.dt.range']).toBe('NOW-790DAYS,NOW');
    const other = synth({ 'logveil:retention': { eventsDays: 14, aggregatesDays: 400 } }).template;
    const ranges = Object.values(resourcesOf(other, 'AWS::Glue::Table')).map((t) => {
      const input = t.Properties.TableInput as { Name: string; Parameters: Record<string, unknown> };
      return [input.Name, input.Parameters['projection.dt.range']];
    });
    expect(ranges).toContainEqual(['events', 'NOW-14DAYS,NOW']);
    expect(ranges).toContainEqual(['events', 'NOW-400DAYS,NOW']);
    expect(ranges).toContainEqual(['traffic_daily', 'NOW-400DAYS,NOW']);
  });

  it('lets analysts and ops use the Athena console: its metadata actions on *, nothing that reads data', () => {
    const console = [
      'athena:ListWorkGroups',
      'athena:ListEngineVersions',
      'athena:ListDataCatalogs',
      'athena:ListDatabases',
      'athena:GetDatabase',
      'athena:ListTableMetadata',
      'athena:GetTableMetadata',
    ];
    for (const name of ['Analysts', 'Ops']) {
      const policy = Object.entries(resourcesOf(template, 'AWS::IAM::ManagedPolicy')).find(([id]) =>
        id.includes(name),
      )![1];
      const statements = (
        policy.Properties.PolicyDocument as {
          Statement: Array<{ Sid?: string; Action: string | string[]; Resource: unknown }>;
        }
      ).Statement;
      const onEverything = statements.filter((st) => st.Resource === '*');
      expect(onEverything.flatMap((st) => [st.Action].flat()).sort()).toEqual([...console].sort());
    }
  });

  it('registers every named query in the analysts’ workgroup', () => {
    const queries = Object.values(resourcesOf(template, 'AWS::Athena::NamedQuery'));
    expect(queries.map((q) => q.Properties.Name).sort()).toEqual(
      namedQueries()
        .map((q) => q.name)
        .sort(),
    );
    for (const q of queries) expect(q.Properties.WorkGroup).toBe('logveil-analysts');
  });

  it('gives analysts the aggregates only: no events, no salts, no errors', () => {
    const policy = Object.entries(resourcesOf(template, 'AWS::IAM::ManagedPolicy')).find(([id]) =>
      id.includes('Analysts'),
    )![1];
    const text = JSON.stringify(policy.Properties.PolicyDocument);
    expect(text).toContain('aggregates/*');
    expect(text).not.toMatch(/events\/|errors\/|logveil_events/);
    const saltsId = Object.keys(resourcesOf(template, 'AWS::S3::Bucket')).find((id) =>
      id.startsWith('StorageSalts'),
    )!;
    expect(text).not.toContain(saltsId);
    const ops = JSON.stringify(
      Object.entries(resourcesOf(template, 'AWS::IAM::ManagedPolicy')).find(([id]) => id.includes('Ops'))![1]
        .Properties,
    );
    expect(ops).toContain('events/*');
    expect(ops).not.toMatch(/errors\//);
    expect(ops).not.toContain(saltsId);
  });

  it('enforces workgroup result locations with encryption', () => {
    for (const wg of Object.values(resourcesOf(template, 'AWS::Athena::WorkGroup'))) {
      expect(wg.Properties.WorkGroupConfiguration).toMatchObject({
        EnforceWorkGroupConfiguration: true,
        ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
      });
    }
  });
});

describe('aggregation in Athena', () => {
  const aggregateFunction = () =>
    Object.entries(resourcesOf(template, 'AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('AggregationAggregate'),
    )!;

  it('has a workgroup of its own: enforced results that expire in a day, a bytes-scanned limit', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'logveil-aggregate',
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: AGGREGATE_BYTES_SCANNED_CUTOFF,
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        ResultConfiguration: Match.objectLike({
          OutputLocation: Match.objectLike({
            'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/aggregate/results/$')])],
          }),
        }),
      }),
    });
    expect(AGGREGATE_BYTES_SCANNED_CUTOFF).toBeGreaterThanOrEqual(10 * 1024 ** 2);
  });

  it('runs the function small, with the workgroup, database and staging bucket in its environment', () => {
    const [, fn] = aggregateFunction();
    expect(fn.Properties.MemorySize).toBeLessThanOrEqual(1024);
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toMatchObject({
      ATHENA_WORKGROUP: 'logveil-aggregate',
      ATHENA_EVENTS_DATABASE: 'logveil_aggregation',
      ATHENA_STAGING_PREFIX: 'aggregate/staging/',
    });
    expect(variables.ATHENA_RESULTS_BUCKET).toBeDefined();
  });

  it('grants the queries least privilege: its workgroup, the events table, events/ in, aggregates/ out', () => {
    const [id] = aggregateFunction();
    const role = (
      resourcesOf(template, 'AWS::Lambda::Function')[id]!.Properties.Role as { 'Fn::GetAtt': string[] }
    )['Fn::GetAtt'][0];
    const statements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(role!))
      .flatMap(
        (p) =>
          (
            p.Properties.PolicyDocument as {
              Statement: Array<{ Action: string | string[]; Resource: unknown }>;
            }
          ).Statement,
      );
    const athena = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('athena:')));
    expect(athena.flatMap((st) => [st.Action].flat()).sort()).toEqual([
      'athena:GetQueryExecution',
      'athena:StartQueryExecution',
      'athena:StopQueryExecution',
    ]);
    expect(JSON.stringify(athena.map((st) => st.Resource))).toContain('workgroup/logveil-aggregate');
    const glue = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('glue:')));
    const glueResources = JSON.stringify(glue.map((st) => st.Resource));
    expect(glueResources).toContain('table/logveil_aggregation/events');
    expect(glueResources).not.toContain('logveil_analytics');
    expect(glueResources).not.toMatch(/table\/[^"]*\*/);
    const s3 = JSON.stringify(statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('s3:'))));
    expect(s3).toContain('/aggregate/*');
    expect(s3).toContain('/events/*');
    expect(s3).not.toContain('/errors/');
  });
});

describe('IAM', () => {
  it('grants no `*` or `service:*` action anywhere', () => {
    const all = statements({
      ...resourcesOf(template, 'AWS::IAM::Policy'),
      ...resourcesOf(template, 'AWS::IAM::ManagedPolicy'),
    });
    expect(all.length).toBeGreaterThan(10);
    for (const s of all) {
      for (const action of [s.Action].flat())
        expect(action, JSON.stringify(s)).not.toMatch(/^\*$|^[a-z0-9-]+:\*$/);
    }
  });

  it('lets no role but the functions read the salts bucket', () => {
    const saltsId = Object.keys(resourcesOf(template, 'AWS::S3::Bucket')).find((id) =>
      id.startsWith('StorageSalts'),
    )!;
    const readers = Object.entries(resourcesOf(template, 'AWS::IAM::Policy')).filter(([, p]) =>
      JSON.stringify(p.Properties).includes(saltsId),
    );
    expect(readers.map(([id]) => id).sort()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Ingest/),
        expect.stringMatching(/Transform/),
        expect.stringMatching(/Aggregat/),
      ]),
    );
    expect(readers).toHaveLength(3);
  });
});

describe('monitoring', () => {
  it('alarms on the dead-letter queue, errors, throttles, delivery, malformed and dropped rates and salt destruction', () => {
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
    const text = JSON.stringify(alarms);
    for (const metric of [
      'ApproximateNumberOfMessagesVisible',
      'Errors',
      'Throttles',
      'DeliveryToS3.Success',
      'ExecuteProcessing.Success',
      'FailedConversion.Records',
      'MalformedLines',
      'DroppedRecords',
      'OverflowRecords',
      'ObjectsRejected',
      'SaltDestructionFailed',
    ]) {
      expect(text, metric).toContain(`"${metric}"`);
    }
    for (const a of alarms) expect((a.Properties.AlarmActions as unknown[]).length).toBe(1);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });
});

describe('cdk-nag', () => {
  it('reports no unacknowledged AwsSolutions finding', () => {
    const report = new AwsSolutionsChecks(built.app).validateScope(built.app);
    const findings = report.violations.map(
      (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });
});

describe('feature flags', () => {
  it('sets every flag a new CDK app of this aws-cdk-lib version sets, to its recommended value', async () => {
    const { readFile } = await import('node:fs/promises');
    const recommended = JSON.parse(
      await readFile(
        new URL('../../node_modules/aws-cdk-lib/recommended-feature-flags.json', import.meta.url),
        'utf8',
      ),
    ) as Record<string, unknown>;
    const context = cdkJsonContext();
    expect(Object.keys(recommended).length).toBeGreaterThan(50);
    for (const [flag, value] of Object.entries(recommended))
      expect([flag, context[flag]]).toEqual([flag, value]);
  });
});
