import { rulePatterns } from "@medpipe/core/events";
import { Aws, Duration } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { StackContext } from "sst/constructs";
import { useConfig } from "./config.js";
import { cdkPattern } from "./event-pattern.js";

/**
 * Deployed in the Chime control (or media pipeline) region when it is not the data region: Chime delivers
 * meeting and media pipeline events only there, so this forwards the ones the pipeline's rules consume to the
 * data region's default bus, where the pipeline runs and archives them.
 */
export function Forwarder({ stack, app }: StackContext) {
  const config = useConfig(app);
  const dataRegionBus = events.EventBus.fromEventBusArn(
    stack,
    "DataRegionBus",
    `arn:${Aws.PARTITION}:events:${config.regions.data}:${Aws.ACCOUNT_ID}:event-bus/default`,
  );
  const deadLetters = new sqs.Queue(stack, "ForwardingDeadLetters", {
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
}
