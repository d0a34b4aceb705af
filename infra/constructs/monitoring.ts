/**
 * Monitoring (docs/operations.md): alarms on the dead-letter queue, function errors and throttles, Firehose
 * delivery and conversion failures, the malformed-line and dropped-record rates the functions report,
 * rejected objects and failed salt destruction — all to one SNS topic (e-mail subscription by context).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoringProps {
  readonly deadLetters: sqs.IQueue;
  readonly functions: Record<string, lambda.IFunction>;
  readonly deliveryStreamName: string;
  readonly alarmEmail: string | null;
}

const FIVE_MINUTES = Duration.minutes(5);

function appMetric(name: string, service: string, statistic = 'Sum'): cloudwatch.Metric {
  // Powertools publishes EMF metrics with the `service` dimension.
  return new cloudwatch.Metric({
    namespace: 'logveil',
    metricName: name,
    dimensionsMap: { service },
    statistic,
    period: FIVE_MINUTES,
  });
}

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: 'logveil alarms',
      enforceSSL: true,
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const alarm = (
      name: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      description: string,
      periods = 1,
    ) => {
      const a = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(a);
      return a;
    };

    alarm(
      'DeadLetters',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      }),
      1,
      'Raw objects failed 5 times and wait in the dead-letter queue (see docs/operations.md, DLQ redrive).',
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors({ period: FIVE_MINUTES }), 1, `The ${name} function failed.`);
      alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES }),
        1,
        `The ${name} function was throttled.`,
      );
    }
    const firehose = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/Firehose',
        metricName,
        dimensionsMap: { DeliveryStreamName: props.deliveryStreamName },
        statistic,
        period: FIVE_MINUTES,
      });
    const lessThanOne = (name: string, metric: cloudwatch.IMetric, description: string) => {
      const a = new cloudwatch.Alarm(this, name, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(a);
    };
    lessThanOne(
      'StreamDelivery',
      firehose('DeliveryToS3.Success', 'Average'),
      'Firehose failed to deliver to the analytics bucket.',
    );
    lessThanOne(
      'StreamTransform',
      firehose('ExecuteProcessing.Success', 'Average'),
      'Firehose could not invoke the transform function.',
    );
    alarm(
      'StreamConversion',
      firehose('FailedConversion.Records', 'Sum'),
      1,
      'Firehose could not convert events to Parquet (records went to errors/).',
    );

    for (const service of ['logveil-ingest', 'logveil-transform']) {
      const bad = appMetric(service === 'logveil-ingest' ? 'MalformedLines' : 'DroppedRecords', service);
      const good = appMetric('LinesParsed', service);
      alarm(
        `${service === 'logveil-ingest' ? 'Malformed' : 'Dropped'}Rate`,
        new cloudwatch.MathExpression({
          expression: 'IF(good + bad > 0, bad / (good + bad), 0)',
          usingMetrics: { good, bad },
          period: FIVE_MINUTES,
          label: `${service} share of lines not turned into events`,
        }),
        0.5,
        `More than half of the lines reaching ${service} are malformed or dropped: wrong format in SOURCES?`,
        3,
      );
    }
    alarm(
      'OverflowRecords',
      appMetric('OverflowRecords', 'logveil-transform'),
      1,
      'Transform responses reached the 6 MB limit: lower the processor buffer.',
    );
    alarm(
      'ObjectsRejected',
      appMetric('ObjectsRejected', 'logveil-ingest'),
      1,
      'Raw objects were binary, broken gzip or of the wrong format (kept in the raw bucket).',
    );
    alarm(
      'SaltDestruction',
      appMetric('SaltDestructionFailed', 'logveil-aggregate'),
      1,
      'Day salts were not destroyed on time: visitor ids stay linkable until they are.',
    );
  }
}
