import {
  archivePattern,
  EXECUTION_FAILURES_RULE,
  executionFailurePattern,
  rulePatterns,
} from "@medpipe/core/events";
import { taskTimeoutSeconds } from "@medpipe/core/workflow";
import { Aws, Duration } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { type StackContext, use } from "sst/constructs";
import { cdkPattern } from "./event-pattern.js";
import { Storage } from "./Storage.js";
import { taskFunction } from "./task-function.js";
import { Workflows } from "./Workflows.js";

/** How long the archive keeps events for `medpipe replay`: well past Step Functions' 14-day redrive window. */
const ARCHIVE_RETENTION_DAYS = 90;

/**
 * EventBridge rules on the default bus, built from the patterns in core, each starting its workflow with
 * retries and an encrypted dead-letter queue; the rule that records failed executions in the run log; and the
 * archive ops replay a window from.
 */
export function Routing({ stack }: StackContext) {
  const { key, recordings } = use(Storage);
  const { machines, taskProps } = use(Workflows);
  const bus = events.EventBus.fromEventBusName(stack, "DefaultBus", "default");
  const deadLetterQueue = (rule: string) =>
    new sqs.Queue(stack, `${rule}DeadLetters`, {
      queueName: `${stack.stage}-medpipe-${rule}-dlq`,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

  // Starting an execution of a state machine under the customer managed key needs the key: the rules start
  // executions under one role allowed only that, and only for this stage's state machines.
  const encryptsExecutions = {
    StringLike: {
      "kms:EncryptionContext:aws:states:stateMachineArn": `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:stateMachine:${stack.stage}-medpipe-*`,
    },
  };
  const startsWorkflows = new iam.Role(stack, "StartsWorkflows", {
    description: "EventBridge rules start the pipeline's workflows",
    assumedBy: new iam.ServicePrincipal("events.amazonaws.com", {
      conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
    }),
  });
  startsWorkflows.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resources: [key.keyArn],
      conditions: encryptsExecutions,
    }),
  );

  const deadLetterQueues = rulePatterns({ recordingsBucket: recordings.bucketName }).map((rule) => {
    const deadLetters = deadLetterQueue(rule.name);
    new events.Rule(stack, `${rule.name}Rule`, {
      eventBus: bus,
      eventPattern: cdkPattern(rule.pattern),
      targets: [
        new targets.SfnStateMachine(machines[rule.workflow], {
          role: startsWorkflows,
          deadLetterQueue: deadLetters,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    return deadLetters;
  });

  // A task fails its execution (no state catches it), so that a redrive resumes at the task; Step Functions then
  // reports the failure only as the execution's status change, which this rule turns into the run log's record.
  const failureDeadLetters = deadLetterQueue(EXECUTION_FAILURES_RULE);
  const recordFailure = taskFunction(stack, "record-failure", {
    ...taskProps,
    timeout: taskTimeoutSeconds("record-failure"),
    deadLetterQueue: failureDeadLetters,
  });
  recordFailure.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ["states:GetExecutionHistory", "states:DescribeExecution"],
      resources: [
        `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${stack.stage}-medpipe-*:*`,
      ],
    }),
  );
  recordFailure.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ["kms:Decrypt"],
      resources: [key.keyArn],
      conditions: encryptsExecutions,
    }),
  );
  new events.Rule(stack, `${EXECUTION_FAILURES_RULE}Rule`, {
    eventBus: bus,
    eventPattern: cdkPattern(executionFailurePattern(Object.values(machines).map((m) => m.stateMachineArn))),
    targets: [
      new targets.LambdaFunction(recordFailure, {
        deadLetterQueue: failureDeadLetters,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
    ],
  });
  deadLetterQueues.push(failureDeadLetters);

  const archive = new events.CfnArchive(stack, "EventArchive", {
    archiveName: `${stack.stage}-medpipe-events`,
    sourceArn: `arn:${Aws.PARTITION}:events:${Aws.REGION}:${Aws.ACCOUNT_ID}:event-bus/default`,
    eventPattern: archivePattern({ recordingsBucket: recordings.bucketName }),
    retentionDays: ARCHIVE_RETENTION_DAYS,
    kmsKeyIdentifier: key.keyArn,
  });

  stack.addOutputs({
    ArchiveName: archive.archiveName ?? "",
    DeadLetterQueues: stack.toJsonString(deadLetterQueues.map((queue) => queue.queueUrl)),
  });
  return { deadLetterQueues, archive };
}
