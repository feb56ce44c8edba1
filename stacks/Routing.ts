import { archivePattern, rulePatterns } from "@medpipe/core/events";
import { Aws, Duration } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { type StackContext, use } from "sst/constructs";
import { cdkPattern } from "./event-pattern.js";
import { Storage } from "./Storage.js";
import { Workflows } from "./Workflows.js";

/** How long the archive keeps events for `medpipe replay`: well past Step Functions' 14-day redrive window. */
const ARCHIVE_RETENTION_DAYS = 90;

/**
 * EventBridge rules on the default bus, built from the patterns in core, each starting its workflow with
 * retries and an encrypted dead-letter queue; and the archive ops replay a window from.
 */
export function Routing({ stack }: StackContext) {
  const { key, recordings } = use(Storage);
  const { machines } = use(Workflows);
  const bus = events.EventBus.fromEventBusName(stack, "DefaultBus", "default");

  const deadLetterQueues = rulePatterns({ recordingsBucket: recordings.bucketName }).map((rule) => {
    const deadLetters = new sqs.Queue(stack, `${rule.name}DeadLetters`, {
      queueName: `${stack.stage}-medpipe-${rule.name}-dlq`,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    new events.Rule(stack, `${rule.name}Rule`, {
      eventBus: bus,
      eventPattern: cdkPattern(rule.pattern),
      targets: [
        new targets.SfnStateMachine(machines[rule.workflow], {
          deadLetterQueue: deadLetters,
          retryAttempts: 185,
          maxEventAge: Duration.hours(24),
        }),
      ],
    });
    return deadLetters;
  });

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
