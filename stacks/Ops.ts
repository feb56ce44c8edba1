import { MISSING_ENTITIES_METRIC } from "@medpipe/core/meeting";
import { objectLandedPattern } from "@medpipe/core/retention";
import type { SCHEDULED_TASKS } from "@medpipe/core/workflow";
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as sns from "aws-cdk-lib/aws-sns";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { type StackContext, use } from "sst/constructs";
import { subscribeAlerts } from "./alerts.js";
import { useConfig } from "./config.js";
import { cdkPattern } from "./event-pattern.js";
import { operatorRole } from "./operator-role.js";
import { Routing } from "./Routing.js";
import { Storage } from "./Storage.js";
import { taskFunction } from "./task-function.js";
import { Workflows } from "./Workflows.js";

/** Sustained throttling: more than this many throttled Comprehend Medical calls in each of three 5-minute periods. */
const COMPREHEND_THROTTLES_PER_5_MINUTES = 20;

/**
 * What ops watch and what runs on a clock: the stale-meeting closer and the missing-entities check (hourly), the
 * retention sweeper (daily), the hold of objects landing for a meeting under legal hold; alarms on dead letters,
 * failed executions, sustained Comprehend throttling, failed replication and consults left without entities, to
 * the alerts topic and whoever the configuration subscribes to it; the operator role when configured; and the
 * pipeline dashboard.
 */
export function Ops({ stack, app }: StackContext) {
  const config = useConfig(app);
  const { key, recordings, transcripts, medicalData, replication } = use(Storage);
  const { fns, machines, taskProps } = use(Workflows);
  const { deadLetterQueues } = use(Routing);

  const scheduleDeadLetters = new sqs.Queue(stack, "ScheduledTaskDeadLetters", {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const scheduled = (name: (typeof SCHEDULED_TASKS)[number], schedule: events.Schedule) => {
    const fn = taskFunction(stack, name, {
      ...taskProps,
      timeout: 300,
      deadLetterQueue: scheduleDeadLetters,
    });
    new events.Rule(stack, `${fn.node.id}Schedule`, {
      schedule,
      targets: [new targets.LambdaFunction(fn, { deadLetterQueue: scheduleDeadLetters, retryAttempts: 2 })],
    });
    return fn;
  };
  const closer = scheduled("close-stale-meetings", events.Schedule.rate(Duration.hours(1)));
  closer.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ["events:PutEvents"],
      resources: [`arn:${stack.partition}:events:${stack.region}:${stack.account}:event-bus/default`],
    }),
  );
  scheduled("sweep-retention", events.Schedule.rate(Duration.days(1)));
  scheduled("check-missing-entities", events.Schedule.rate(Duration.hours(1)));

  const holdDeadLetters = new sqs.Queue(stack, "HoldNewObjectDeadLetters", {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  const holdNewObject = taskFunction(stack, "hold-new-object", {
    ...taskProps,
    timeout: 30,
    deadLetterQueue: holdDeadLetters,
  });
  holdNewObject.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ["s3:PutObjectLegalHold"],
      resources: [recordings, transcripts, medicalData].map((bucket) => bucket.arnForObjects("*")),
    }),
  );
  new events.Rule(stack, "HoldNewObjectRule", {
    eventPattern: cdkPattern(
      objectLandedPattern({
        recordings: recordings.bucketName,
        transcripts: transcripts.bucketName,
        medicalData: medicalData.bucketName,
      }),
    ),
    targets: [
      new targets.LambdaFunction(holdNewObject, {
        deadLetterQueue: holdDeadLetters,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    ],
  });

  const topic = new sns.Topic(stack, "OpsAlerts", { masterKey: key, enforceSSL: true });
  subscribeAlerts(topic, config);
  const alarm = (
    id: string,
    metric: cloudwatch.IMetric,
    props: Partial<cloudwatch.CreateAlarmOptions> = {},
  ) => {
    const created = new cloudwatch.Alarm(stack, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    created.addAlarmAction(new actions.SnsAction(topic));
    return created;
  };
  for (const queue of [...deadLetterQueues, scheduleDeadLetters, holdDeadLetters]) {
    alarm(
      `${queue.node.id}NotEmpty`,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
    );
  }
  for (const [workflow, machine] of Object.entries(machines)) {
    alarm(`${machine.node.id}ExecutionsFailed`, machine.metricFailed({ period: Duration.minutes(5) }), {
      alarmDescription: `${workflow} executions failed: run medpipe failures`,
    });
    alarm(`${machine.node.id}ExecutionsTimedOut`, machine.metricTimedOut({ period: Duration.minutes(5) }));
  }
  const throttles = new cloudwatch.Metric({
    namespace: "medpipe",
    metricName: "ComprehendThrottles",
    dimensionsMap: { service: "medpipe" },
    statistic: "Sum",
    period: Duration.minutes(5),
  });
  alarm("ComprehendThrottlingSustained", throttles, {
    threshold: COMPREHEND_THROTTLES_PER_5_MINUTES,
    evaluationPeriods: 3,
    alarmDescription:
      "Comprehend Medical keeps throttling: lower extraction concurrency or ask for a quota raise",
  });

  for (const { source, destinationBucket, ruleId } of replication) {
    alarm(
      `${source.node.id}ReplicationFailed`,
      new cloudwatch.Metric({
        namespace: "AWS/S3",
        metricName: "OperationsFailedReplication",
        dimensionsMap: {
          SourceBucket: source.bucketName,
          DestinationBucket: destinationBucket,
          RuleId: ruleId,
        },
        statistic: "Sum",
        period: Duration.minutes(5),
      }),
      {
        alarmDescription: `objects of ${source.node.id} failed to replicate to ${destinationBucket}: check the replica stack and the replication role`,
      },
    );
  }
  const missingEntities = new cloudwatch.Metric({
    namespace: "medpipe",
    metricName: MISSING_ENTITIES_METRIC,
    dimensionsMap: { service: "medpipe" },
    statistic: "Maximum",
    period: Duration.hours(1),
  });
  alarm("EntitiesMissing", missingEntities, {
    alarmDescription:
      `recorded consults ended ${config.missingEntities.afterHours} h ago without entities: the ` +
      "check-missing-entities log names their meeting ids; run medpipe status <meetingId>",
  });

  const operator = operatorRole(stack, config, { key, dataBuckets: [recordings, transcripts, medicalData] });
  stack.addOutputs({
    AlertsTopic: topic.topicArn,
    ...(operator ? { OperatorRoleArn: operator.roleArn } : {}),
  });

  new cloudwatch.Dashboard(stack, "PipelineDashboard", {
    dashboardName: `${stack.stage}-medpipe`,
    widgets: [
      [
        new cloudwatch.GraphWidget({
          title: "Executions failed / succeeded",
          left: Object.values(machines).map((m) => m.metricFailed()),
          right: Object.values(machines).map((m) => m.metricSucceeded()),
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: "Dead letters",
          left: deadLetterQueues.map((q) => q.metricApproximateNumberOfMessagesVisible()),
          width: 12,
        }),
      ],
      [
        new cloudwatch.GraphWidget({
          title: "Comprehend Medical throttles",
          left: [throttles],
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: "Task errors",
          left: Object.values(fns).map((fn) => fn.metricErrors()),
          width: 12,
        }),
      ],
    ],
  });
  return { topic };
}
