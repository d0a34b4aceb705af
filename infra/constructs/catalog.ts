/**
 * Catalog (docs/operations.md): Glue tables generated from the `lib/` schemas with partition projection, an
 * analysts' Athena workgroup and managed policy that reach the aggregates only, an ops workgroup and
 * policy that also reach the events, and the named queries of `lib/queries/`.
 */
import { Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AGGREGATE_TABLES } from '../../lib/aggregate/aggregate-tables.ts';
import { BYTES_SCANNED_CUTOFF } from '../../lib/aws/athena-aggregates.ts';
import { EVENTS_TABLE } from '../../lib/events/schema.ts';
import { namedQueries } from '../../lib/queries/index.ts';
import type { ColumnType, TableDef } from '../../lib/tables/column.ts';
import { acknowledge, objectsOf } from './nag.ts';
import { AGGREGATE_RESULTS_PREFIX } from './storage.ts';

export const GLUE_TYPES: Record<ColumnType, string> = {
  string: 'string',
  int32: 'int',
  int64: 'bigint',
  double: 'double',
  boolean: 'boolean',
  timestamp_ms: 'timestamp',
};

/** The aggregate function's bytes-scanned limit per query (lib/aws/athena-aggregates.ts batches under it). */
export const AGGREGATE_BYTES_SCANNED_CUTOFF = BYTES_SCANNED_CUTOFF;

export interface CatalogProps {
  readonly analytics: s3.IBucket;
  readonly results: s3.IBucket;
  readonly prefix: string;
  /** Days the events and the aggregates are kept: partition projection lists no older day. */
  readonly eventsDays: number;
  readonly aggregatesDays: number;
}

/**
 * Glue table input for a TableDef: Parquet, partitions projected from the key layout, days from
 * `keptDays` ago to today (an older range makes Athena list thousands of empty day prefixes).
 */
export function tableInput(
  table: TableDef,
  bucketName: string,
  keptDays: number,
): glue.CfnTable.TableInputProperty {
  const location = `s3://${bucketName}/${table.prefix}/`;
  const template = `${location}${table.partitions.map((p) => `${p.name}=\${${p.name}}`).join('/')}/`;
  const parameters: Record<string, string> = {
    classification: 'parquet',
    EXTERNAL: 'TRUE',
    'projection.enabled': 'true',
    'storage.location.template': template,
  };
  for (const p of table.partitions) {
    if (p.name === 'dt') {
      Object.assign(parameters, {
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd',
        'projection.dt.range': `NOW-${keptDays}DAYS,NOW`,
        'projection.dt.interval': '1',
        'projection.dt.interval.unit': 'DAYS',
      });
    } else if (p.name === 'hour') {
      Object.assign(parameters, {
        'projection.hour.type': 'integer',
        'projection.hour.range': '0,23',
        'projection.hour.digits': '2',
      });
    }
  }
  return {
    name: table.name,
    description: table.doc,
    tableType: 'EXTERNAL_TABLE',
    parameters,
    partitionKeys: table.partitions.map((p) => ({ name: p.name, type: 'string', comment: p.doc })),
    storageDescriptor: {
      location,
      columns: table.columns.map((c) => ({
        name: c.name,
        type: GLUE_TYPES[c.type],
        comment: c.doc.slice(0, 255),
      })),
      inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
      outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
      serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
    },
  };
}

export class Catalog extends Construct {
  readonly eventsDatabase: glue.CfnDatabase;
  readonly analyticsDatabase: glue.CfnDatabase;
  readonly eventsTable: glue.CfnTable;
  readonly aggregateTables: glue.CfnTable[];
  readonly analystsWorkgroup: athena.CfnWorkGroup;
  readonly opsWorkgroup: athena.CfnWorkGroup;
  readonly aggregateWorkgroup: athena.CfnWorkGroup;
  readonly aggregationDatabase: glue.CfnDatabase;
  /** The database whose `events` table the aggregate function's queries read. */
  readonly aggregationDatabaseName: string;
  readonly analystsPolicy: iam.ManagedPolicy;
  readonly opsPolicy: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: CatalogProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const account = stack.account;
    const catalogId = account;
    const eventsDb = `${props.prefix}_events`;
    const analyticsDb = `${props.prefix}_analytics`;
    this.eventsDatabase = new glue.CfnDatabase(this, 'EventsDatabase', {
      catalogId,
      databaseInput: { name: eventsDb, description: 'logveil events: pseudonymous, 30 days, ops only' },
    });
    this.analyticsDatabase = new glue.CfnDatabase(this, 'AnalyticsDatabase', {
      catalogId,
      databaseInput: { name: analyticsDb, description: 'logveil aggregates: anonymous, for analysts' },
    });
    this.eventsTable = new glue.CfnTable(this, 'EventsTable', {
      catalogId,
      databaseName: eventsDb,
      tableInput: tableInput(EVENTS_TABLE, props.analytics.bucketName, props.eventsDays),
    });
    this.eventsTable.node.addDependency(this.eventsDatabase);
    // The aggregate function's view of the same events: a day is projected as far back as aggregates
    // are kept, so a backfill of an old day (fresh objects, old dt) is computed, never read as empty.
    // Its queries always name their days; ops keep the 30-day table for unfiltered queries.
    const aggregationDb = `${props.prefix}_aggregation`;
    this.aggregationDatabase = new glue.CfnDatabase(this, 'AggregationDatabase', {
      catalogId,
      databaseInput: {
        name: aggregationDb,
        description: 'logveil: the events as the aggregate function reads them',
      },
    });
    const aggregationEvents = new glue.CfnTable(this, 'AggregationEventsTable', {
      catalogId,
      databaseName: aggregationDb,
      tableInput: tableInput(EVENTS_TABLE, props.analytics.bucketName, props.aggregatesDays),
    });
    aggregationEvents.node.addDependency(this.aggregationDatabase);
    this.aggregationDatabaseName = aggregationDb;
    this.aggregateTables = AGGREGATE_TABLES.map((table) => {
      const t = new glue.CfnTable(this, `Table-${table.name}`, {
        catalogId,
        databaseName: analyticsDb,
        tableInput: tableInput(table, props.analytics.bucketName, props.aggregatesDays),
      });
      t.node.addDependency(this.analyticsDatabase);
      return t;
    });

    const workgroup = (name: string, resultsPrefix: string, bytesScannedCutoffPerQuery?: number) =>
      new athena.CfnWorkGroup(this, `Workgroup-${name}`, {
        name: `${props.prefix}-${name}`,
        description: `logveil ${name}`,
        state: 'ENABLED',
        recursiveDeleteOption: true,
        workGroupConfiguration: {
          enforceWorkGroupConfiguration: true,
          publishCloudWatchMetricsEnabled: true,
          ...(bytesScannedCutoffPerQuery === undefined ? {} : { bytesScannedCutoffPerQuery }),
          engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
          resultConfiguration: {
            outputLocation: `s3://${props.results.bucketName}/${resultsPrefix}/`,
            encryptionConfiguration: { encryptionOption: 'SSE_S3' },
          },
        },
      });
    this.analystsWorkgroup = workgroup('analysts', 'analysts');
    this.opsWorkgroup = workgroup('ops', 'ops');
    // The aggregate function's own: its results expire in a day (storage.ts), and no query of it may
    // scan more than the limit (a runaway query costs at most the limit's price).
    this.aggregateWorkgroup = workgroup(
      'aggregate',
      `${AGGREGATE_RESULTS_PREFIX}results`,
      AGGREGATE_BYTES_SCANNED_CUTOFF,
    );

    for (const query of namedQueries()) {
      const named = new athena.CfnNamedQuery(this, `Query-${query.name}`, {
        name: query.name,
        description: query.description.slice(0, 1024),
        database: analyticsDb,
        queryString: query.sql,
        workGroup: this.analystsWorkgroup.name,
      });
      named.node.addDependency(this.analystsWorkgroup);
    }

    const region = stack.region;
    const glueArn = (resource: string) => `arn:${stack.partition}:glue:${region}:${account}:${resource}`;
    const policy = (
      name: string,
      wg: athena.CfnWorkGroup,
      databases: string[],
      prefixes: string[],
      resultsPrefix: string,
    ) => {
      const statements = [
        new iam.PolicyStatement({
          sid: 'Athena',
          actions: [
            'athena:StartQueryExecution',
            'athena:StopQueryExecution',
            'athena:GetQueryExecution',
            'athena:GetQueryResults',
            'athena:GetQueryResultsStream',
            'athena:ListQueryExecutions',
            'athena:GetWorkGroup',
            'athena:ListNamedQueries',
            'athena:GetNamedQuery',
            'athena:BatchGetNamedQuery',
            'athena:BatchGetQueryExecution',
          ],
          resources: [`arn:${stack.partition}:athena:${region}:${account}:workgroup/${wg.name}`],
        }),
        // The Athena console lists workgroups, engine versions, catalogs, databases and tables
        // before it runs anything (AWS's example policy for a named workgroup); these actions read
        // metadata only, and Glue's grants below still decide which databases and tables show.
        new iam.PolicyStatement({
          sid: 'AthenaConsole',
          actions: [
            'athena:ListWorkGroups',
            'athena:ListEngineVersions',
            'athena:ListDataCatalogs',
            'athena:ListDatabases',
            'athena:GetDatabase',
            'athena:ListTableMetadata',
            'athena:GetTableMetadata',
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'Catalog',
          actions: [
            'glue:GetDatabase',
            'glue:GetDatabases',
            'glue:GetTable',
            'glue:GetTables',
            'glue:GetPartition',
            'glue:GetPartitions',
          ],
          resources: [
            glueArn('catalog'),
            ...databases.flatMap((db) => [glueArn(`database/${db}`), glueArn(`table/${db}/*`)]),
          ],
        }),
        new iam.PolicyStatement({
          sid: 'ReadTables',
          actions: ['s3:GetObject'],
          resources: prefixes.map((p) => props.analytics.arnForObjects(`${p}*`)),
        }),
        new iam.PolicyStatement({
          sid: 'ListTables',
          actions: ['s3:ListBucket'],
          resources: [props.analytics.bucketArn],
          conditions: { StringLike: { 's3:prefix': prefixes.map((p) => `${p}*`) } },
        }),
        new iam.PolicyStatement({
          sid: 'BucketLocation',
          actions: ['s3:GetBucketLocation'],
          resources: [props.analytics.bucketArn, props.results.bucketArn],
        }),
        new iam.PolicyStatement({
          sid: 'Results',
          actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
          resources: [props.results.arnForObjects(`${resultsPrefix}/*`)],
        }),
        new iam.PolicyStatement({
          sid: 'ListResults',
          actions: ['s3:ListBucket'],
          resources: [props.results.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${resultsPrefix}/*`] } },
        }),
      ];
      return new iam.ManagedPolicy(this, `${name}Policy`, {
        description: `logveil ${name}: Athena workgroup ${wg.name}`,
        statements,
      });
    };
    this.analystsPolicy = policy(
      'Analysts',
      this.analystsWorkgroup,
      [analyticsDb],
      ['aggregates/'],
      'analysts',
    );
    this.opsPolicy = policy(
      'Ops',
      this.opsWorkgroup,
      [analyticsDb, eventsDb],
      ['aggregates/', 'events/'],
      'ops',
    );
    const glueTables = (db: string) =>
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/${db}/*]`;
    acknowledge(
      this.analystsPolicy,
      'Analysts read every aggregate table (one Glue database, the aggregates/ prefix) and their own query results; tables and partitions are created by the app. The Athena console needs its list/read metadata actions on * (AWS example policy for a named workgroup).',
      'AwsSolutions-IAM5[Resource::*]',
      objectsOf(props.analytics, 'aggregates/*'),
      objectsOf(props.results, 'analysts/*'),
      glueTables(analyticsDb),
    );
    acknowledge(
      this.opsPolicy,
      'Ops read every table of the two logveil databases (events/ and aggregates/ prefixes) and their own query results. The Athena console needs its list/read metadata actions on *.',
      'AwsSolutions-IAM5[Resource::*]',
      objectsOf(props.analytics, 'aggregates/*'),
      objectsOf(props.analytics, 'events/*'),
      objectsOf(props.results, 'ops/*'),
      glueTables(analyticsDb),
      glueTables(eventsDb),
    );
  }
}
