import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { WorkflowName } from "@medpipe/core/events";
import type { DeadLetter } from "@medpipe/core/replay";
import { peekDeadLetters } from "./aws-dead-letters.js";
import { type DescribedExecution, describeExecution, FINISHED } from "./aws-executions.js";
import { type DeadLetterQueue, findDeadLetterQueues, findStateMachines } from "./aws-resources.js";

export interface AwsStageOptions {
  stage: string;
  /** The stage's data region, where the pipeline runs (its configuration's `regions.data`). */
  region: string;
  now?: () => Date;
  /** Between two looks at a replay or at executions under way; 5 s. */
  pollMilliseconds?: number;
}

/** A deployed stage as one ops command sees it: its clients, and its resources looked up once. */
export interface AwsStage {
  stage: string;
  region: string;
  now: () => Date;
  sfn: SFNClient;
  sqs: SQSClient;
  eventBridge: EventBridgeClient;
  /** The ARN of each workflow's state machine. */
  machines(): Promise<Map<WorkflowName, string>>;
  queues(): Promise<DeadLetterQueue[]>;
  /** DescribeExecution, once per finished execution (a finished execution does not change until redriven). */
  describe(executionArn: string, workflow: WorkflowName): Promise<DescribedExecution>;
  /** Forgets a redriven execution, which is under way again. */
  forget(executionArn: string): void;
  /** Every message of the stage's dead-letter queues, peeked. */
  deadLetters(): Promise<{ queue: DeadLetterQueue; letter: DeadLetter & { receiptHandle: string } }[]>;
  /** Waits one poll interval. */
  sleep(): Promise<void>;
}

/**
 * Opens a stage in its region: SDK clients with the default credential chain, resources found by name.
 *
 * @example
 * const stage = awsStage({ stage: "prod", region: "eu-west-1" }); await stage.machines();
 */
export function awsStage(options: AwsStageOptions): AwsStage {
  const { stage, region } = options;
  const pollMillis = options.pollMilliseconds ?? 5_000;
  const sfn = new SFNClient({ region });
  const sqs = new SQSClient({ region });
  const finished = new Map<string, DescribedExecution>();
  const queues = once(() => findDeadLetterQueues(sqs, stage, region));
  return {
    stage,
    region,
    now: options.now ?? (() => new Date()),
    sfn,
    sqs,
    eventBridge: new EventBridgeClient({ region }),
    machines: once(() => findStateMachines(sfn, stage, region)),
    queues,
    async describe(executionArn, workflow) {
      const known = finished.get(executionArn);
      if (known) return known;
      const described = await describeExecution(sfn, executionArn, workflow);
      if (FINISHED.includes(described.status)) finished.set(executionArn, described);
      return described;
    },
    forget: (executionArn) => void finished.delete(executionArn),
    async deadLetters() {
      const peeked = await Promise.all(
        (await queues()).map(async (queue) =>
          (await peekDeadLetters(sqs, queue)).map((letter) => ({ queue, letter })),
        ),
      );
      return peeked.flat();
    },
    sleep: () => new Promise((resolve) => setTimeout(resolve, pollMillis)),
  };
}

/** Calls `load` the first time only. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}
