import { rulePatterns } from "@medpipe/core/events";
import { forwarderDeadLetterQueueName } from "@medpipe/core/replay";
import { Aws, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { StackContext } from "sst/constructs";
import { subscribeAlerts } from "./alerts.js";
import { useConfig } from "./config.js";
import { cdkPattern } from "./event-pattern.js";

/**
 * Deployed in the Chime control (or media pipeline) region when it is not the data region: Chime delivers
 * meeting and media pipeline events only there, so this forwards the ones the pipeline's rules consume to the
 * data region's default bus, where the pipeline runs and archives them. What it cannot deliver waits in
 * `<stage>-medpipe-forwarder-dlq`, which `medpipe failures` lists and `medpipe replay` re-delivers, and which
 * alarms to a topic of this region (an alarm's actions must be in its own region) with the stage's subscribers.
 */
export function Forwarder({ stack, app }: StackContext) {
  const config = useConfig(app);
  const dataRegionBus = events.EventBus.fromEventBusArn(
    stack,
    "DataRegionBus",
    `arn:${Aws.PARTITION}:events:${config.regions.data}:${Aws.ACCOUNT_ID}:event-bus/default`,
  );
  const deadLetters = new sqs.Queue(stack, "ForwardingDeadLetters", {
    queueName: forwarderDeadLetterQueueName(app.stage),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const chimeRules = rulePatterns({ recordingsBucket: "unused-in-forwarder" }).filter((rule) =>
    (rule.pattern.source as readonly unknown[] | undefined)?.includes("aws.chime"),
  );
  for (const rule of chimeRules) {
    new events.Rule(stack, `Forward${rule.name}`, {
      eventPattern: cdkPattern(rule.pattern),
      targets: [new targets.EventBus(dataRegionBus, { deadLetterQueue: deadLetters })],
    });
  }

  const alertsKey = new kms.Key(stack, "AlertsKey", {
    description: "Encrypts the forwarder's alerts topic",
    enableKeyRotation: true,
    removalPolicy: config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  alertsKey.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "CloudWatchAlarmsToEncryptedTopic",
      principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resources: ["*"],
      conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
    }),
  );
  const topic = new sns.Topic(stack, "ForwarderAlerts", { masterKey: alertsKey, enforceSSL: true });
  subscribeAlerts(topic, config);
  new cloudwatch.Alarm(stack, "ForwardingDeadLettersNotEmpty", {
    metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription:
      "Chime events could not be forwarded to the data region: run medpipe failures, then medpipe replay",
  }).addAlarmAction(new actions.SnsAction(topic));
  stack.addOutputs({ ForwarderDeadLetterQueue: deadLetters.queueUrl, ForwarderAlertsTopic: topic.topicArn });
}
