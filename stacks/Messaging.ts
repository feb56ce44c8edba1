import { configVariables } from "@medpipe/core/config";
import {
  HANDLER_VARIABLE,
  MESSAGING_REGION_VARIABLE,
  MESSAGING_RETENTION_DAYS,
  MESSAGING_STREAM_MIN_SHARDS,
  messagingNames,
  messagingRegion,
} from "@medpipe/core/messaging";
import { chatDeadLetterQueueName } from "@medpipe/core/replay";
import { Aws, CustomResource, Duration, RemovalPolicy } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kinesis from "aws-cdk-lib/aws-kinesis";
import * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { KinesisEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import * as ssm from "aws-cdk-lib/aws-ssm";
import * as cr from "aws-cdk-lib/custom-resources";
import { Config, Function as SstFunction, type StackContext } from "sst/constructs";
import { subscribeAlerts } from "./alerts.js";
import { useConfig } from "./config.js";

/** How the chat consumer reads the stream: as AWS documents the Kinesis event source mapping's settings. */
export const CHAT_CONSUMER = {
  batchSize: 100,
  /** A failing batch is retried this many times (bisected on a function error, which does not count), then dropped to the failure queue. */
  retryAttempts: 5,
  /** A record the consumer has not applied within a day goes to the failure queue; the stream keeps it 7 days. */
  maxRecordAge: Duration.days(1),
  streamRetention: Duration.days(7),
  /** The alarm on the consumer falling behind: its oldest unread record older than this. */
  iteratorAgeAlarm: Duration.minutes(5),
};

/**
 * Chime SDK messaging for the consults, in the stage's messaging region (the AppInstance, its stream and the
 * stream's consumer must share one): the AppInstance with the pipeline's admin identity, retention and data
 * streaming (a custom resource, since CloudFormation has no type for those), the KMS-encrypted stream Chime
 * requires, and the consumer that applies every channel message to Supabase `chat`, through an event source
 * mapping with partial batch responses, bisection and an encrypted failure queue that `medpipe failures` lists and
 * `medpipe replay-chat` re-applies; alarms on the consumer's iterator age, errors and failures.
 */
export function Messaging({ stack, app }: StackContext) {
  const config = useConfig(app);
  const names = messagingNames(app.stage);
  const removalPolicy = config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
  const key = new kms.Key(stack, "MessagingKey", {
    description: "Encrypts the chat stream, its failure queue and the messaging alerts",
    enableKeyRotation: true,
    removalPolicy,
  });
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: "CloudWatchAlarmsToEncryptedTopic",
      principals: [new iam.ServicePrincipal("cloudwatch.amazonaws.com")],
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resources: ["*"],
      conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
    }),
  );

  const stream = new kinesis.Stream(stack, "ChatStream", {
    streamName: names.stream,
    shardCount: MESSAGING_STREAM_MIN_SHARDS,
    encryption: kinesis.StreamEncryption.KMS,
    encryptionKey: key,
    retentionPeriod: CHAT_CONSUMER.streamRetention,
    removalPolicy,
  });
  const failures = new sqs.Queue(stack, "ChatFailures", {
    queueName: chatDeadLetterQueueName(app.stage),
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });

  const environment = {
    ...configVariables(config),
    [MESSAGING_REGION_VARIABLE]: messagingRegion(),
    SST_STAGE: app.stage,
    POWERTOOLS_SERVICE_NAME: "medpipe",
  };
  const consumer = new SstFunction(stack, "ChatConsumer", {
    functionName: names.consumer,
    handler: "packages/functions/src/apply-chat-messages.handler",
    bind: [new Config.Secret(stack, "SUPABASE_URL"), new Config.Secret(stack, "SUPABASE_SERVICE_ROLE_KEY")],
    environment: {
      ...environment,
      [HANDLER_VARIABLE]: "apply-chat-messages",
      CHAT_FAILURES_QUEUE_URL: failures.queueUrl,
    },
    timeout: 60,
    memorySize: 512,
    nodejs: { format: "esm", minify: true },
  });
  failures.grantSendMessages(consumer);
  consumer.addEventSource(
    new KinesisEventSource(stream, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: CHAT_CONSUMER.batchSize,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      retryAttempts: CHAT_CONSUMER.retryAttempts,
      maxRecordAge: CHAT_CONSUMER.maxRecordAge,
      onFailure: new SqsDlq(failures),
    }),
  );

  const provisioner = new SstFunction(stack, "MessagingProvisioner", {
    handler: "packages/functions/src/provision-messaging.handler",
    environment: { [HANDLER_VARIABLE]: "provision-messaging", POWERTOOLS_SERVICE_NAME: "medpipe" },
    timeout: 120,
    nodejs: { format: "esm", minify: true },
  });
  const appInstances = `arn:${Aws.PARTITION}:chime:${Aws.REGION}:${Aws.ACCOUNT_ID}:app-instance/*`;
  provisioner.addToRolePolicy(
    new iam.PolicyStatement({ actions: ["chime:CreateAppInstance"], resources: ["*"] }),
  );
  provisioner.addToRolePolicy(
    new iam.PolicyStatement({
      actions: [
        "chime:UpdateAppInstance",
        "chime:DeleteAppInstance",
        "chime:CreateAppInstanceUser",
        "chime:CreateAppInstanceAdmin",
        "chime:PutAppInstanceRetentionSettings",
        "chime:PutMessagingStreamingConfigurations",
        "chime:DeleteMessagingStreamingConfigurations",
      ],
      resources: [appInstances],
    }),
  );
  // PutMessagingStreamingConfigurations checks the stream as its caller, and creates Chime's service-linked role.
  provisioner.addToRolePolicy(
    new iam.PolicyStatement({ actions: ["kinesis:DescribeStream"], resources: [stream.streamArn] }),
  );
  provisioner.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ["iam:CreateServiceLinkedRole"],
      resources: [
        `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/aws-service-role/messaging.chime.amazonaws.com/AWSServiceRoleForChimeSDKMessaging`,
      ],
      conditions: { StringEquals: { "iam:AWSServiceName": "messaging.chime.amazonaws.com" } },
    }),
  );
  const provider = new cr.Provider(stack, "MessagingProvider", { onEventHandler: provisioner });
  const messaging = new CustomResource(stack, "ChimeMessaging", {
    serviceToken: provider.serviceToken,
    resourceType: "Custom::ChimeMessaging",
    properties: {
      Stage: app.stage,
      AppInstanceName: names.appInstance,
      RetentionDays: MESSAGING_RETENTION_DAYS,
      StreamArn: stream.streamArn,
    },
    removalPolicy,
  });
  const appInstanceArn = messaging.getAttString("AppInstanceArn");
  new ssm.StringParameter(stack, "AppInstanceArnParameter", {
    parameterName: names.appInstanceParameter,
    description: "The stage's Chime SDK messaging AppInstance, for the consult API's messaging routes",
    stringValue: appInstanceArn,
  });

  const topic = new sns.Topic(stack, "MessagingAlerts", { masterKey: key, enforceSSL: true });
  subscribeAlerts(topic, config);
  const alarm = (id: string, metric: cloudwatch.IMetric, props: Partial<cloudwatch.AlarmProps>) =>
    new cloudwatch.Alarm(stack, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    }).addAlarmAction(new actions.SnsAction(topic));
  alarm(
    "ChatConsumerBehind",
    consumer.metric("IteratorAge", { statistic: "Maximum", period: Duration.minutes(5) }),
    {
      threshold: CHAT_CONSUMER.iteratorAgeAlarm.toMilliseconds(),
      evaluationPeriods: 2,
      alarmDescription: "chat messages wait to reach Supabase: check the chat consumer's errors and Supabase",
    },
  );
  alarm("ChatConsumerErrors", consumer.metricErrors({ period: Duration.minutes(5) }), {
    alarmDescription: "the chat consumer fails batches: its log names the error; they are retried",
  });
  alarm(
    "ChatFailuresNotEmpty",
    failures.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    {
      alarmDescription:
        "chat records could not be applied: run medpipe failures, fix, then medpipe replay-chat",
    },
  );

  stack.addOutputs({
    AppInstanceArn: appInstanceArn,
    ChatStream: stream.streamName,
    ChatFailuresQueue: failures.queueUrl,
    MessagingAlertsTopic: topic.topicArn,
  });
  return { appInstanceArn, stream, failures };
}
