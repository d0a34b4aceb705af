/**
 * The raw stream for hosts (docs/operations.md): Firehose splits each record into lines (newline
 * deaggregation), the transform function turns each line into an event with its partition keys, and
 * Firehose converts the events to Parquet through the Glue events table into `events/dt=…/hour=…/`.
 * Failed records go to `errors/`, which expires after a day and which no human role can read.
 */
import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import type * as glue from 'aws-cdk-lib/aws-glue';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PROCESSOR_BUFFER_MB } from '../../lib/stream/processor-buffer.ts';
import { LogveilFunction } from './logveil-function.ts';
import { acknowledge, acknowledgeObjectGrants, arnOf, GRANT_ACTIONS, objectsOf } from './nag.ts';

export interface StreamProps {
  readonly analytics: s3.IBucket;
  readonly salts: s3.IBucket;
  readonly eventsTable: glue.CfnTable;
  readonly environment: Record<string, string>;
  readonly logRetentionDays: number;
}

export const EVENTS_PREFIX = 'events/dt=!{partitionKeyFromLambda:dt}/hour=!{partitionKeyFromLambda:hour}/';
export const ERRORS_PREFIX = 'errors/raw/!{firehose:error-output-type}/!{timestamp:yyyy-MM-dd}/';

export class Stream extends Construct {
  readonly deliveryStream: firehose.DeliveryStream;
  readonly transform: LogveilFunction;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: StreamProps) {
    super(scope, id);
    // Firehose gives a transform at most 5 minutes; a 1 MiB batch takes well under a second, the rest is headroom
    // for a cold start and salt creation.
    this.transform = new LogveilFunction(this, 'Transform', {
      handler: 'transform',
      memoryMb: 1024,
      timeout: Duration.minutes(2),
      environment: props.environment,
      logRetentionDays: props.logRetentionDays,
      description: 'logveil: Firehose records (raw lines) → anonymized events',
      networkData: true,
    });
    props.salts.grantRead(this.transform.fn);
    props.salts.grantPut(this.transform.fn);
    acknowledgeObjectGrants(this.transform, [objectsOf(props.salts, '*')]);
    this.logGroup = new logs.LogGroup(this, 'DeliveryLogs', {
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deliveryStream = new firehose.DeliveryStream(this, 'Raw', {
      encryption: firehose.StreamEncryption.awsOwnedKey(),
      destination: new firehose.S3Bucket(props.analytics, {
        dataOutputPrefix: EVENTS_PREFIX,
        // Without it Firehose names objects with no extension, and the aggregation, which reads
        // `*.parquet` under events/, would never see the stream's events.
        fileExtension: '.parquet',
        errorOutputPrefix: ERRORS_PREFIX,
        // Parquet conversion needs at least 64 MiB; the larger the files, the cheaper the queries.
        bufferingSize: Size.mebibytes(128),
        bufferingInterval: Duration.seconds(300),
        dynamicPartitioning: { enabled: true, retryDuration: Duration.seconds(300) },
        processors: [
          firehose.RecordDeAggregationProcessor.delimited('\n'),
          new firehose.LambdaFunctionProcessor(this.transform.fn, {
            // Rendered as whole MiB here; the real size is set below.
            bufferSize: Size.mebibytes(1),
            bufferInterval: Duration.seconds(60),
            retries: 3,
          }),
        ],
        dataFormatConversion: {
          schemaConfiguration: firehose.SchemaConfiguration.fromCfnTable(props.eventsTable),
          inputFormat: firehose.InputFormat.OPENX_JSON,
          outputFormat: firehose.OutputFormat.PARQUET,
        },
        loggingConfig: new firehose.EnableLogging(this.logGroup),
      }),
    });
    // The processor buffer is derived from Lambda's 6 MB response limit and the shortest lines
    // (lib/stream/processor-buffer.ts); it is a fraction of a MiB, which the L2 cannot render.
    const cfn = this.deliveryStream.node.defaultChild as firehose.CfnDeliveryStream;
    const destination =
      cfn.extendedS3DestinationConfiguration as firehose.CfnDeliveryStream.ExtendedS3DestinationConfigurationProperty;
    const processing =
      destination.processingConfiguration as firehose.CfnDeliveryStream.ProcessingConfigurationProperty;
    const processors = processing.processors as firehose.CfnDeliveryStream.ProcessorProperty[];
    const lambda = processors.findIndex((p) => p.type === 'Lambda');
    const parameters = processors[lambda]
      ?.parameters as firehose.CfnDeliveryStream.ProcessorParameterProperty[];
    const size = parameters.findIndex((p) => p.parameterName === 'BufferSizeInMBs');
    if (lambda < 0 || size < 0) throw new Error('the transform processor has no BufferSizeInMBs to set');
    cfn.addPropertyOverride(
      `ExtendedS3DestinationConfiguration.ProcessingConfiguration.Processors.${lambda}.Parameters.${size}.ParameterValue`,
      String(PROCESSOR_BUFFER_MB),
    );
    acknowledge(
      this,
      'Firehose writes under partition prefixes it creates at run time, invokes the transform by version, and reads schema versions the Glue table may use.',
      ...GRANT_ACTIONS,
      objectsOf(props.analytics, '*'),
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[Resource::${arnOf(this.transform.fn)}:*]`,
    );
  }
}
