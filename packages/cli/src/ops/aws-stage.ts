import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { WorkflowName } from "@medpipe/core/events";
import type { DataBuckets } from "@medpipe/core/retention";
import {
  type QueueRead,
  type ReadLetter,
  readDeadLetters,
  readNotes,
  releaseDeadLetters,
} from "./aws-dead-letters.js";
import { type DescribedExecution, describeExecution, FINISHED } from "./aws-executions.js";
import {
  type DeadLetterQueue,
  findDataBuckets,
  findDeadLetterQueues,
  findStateMachines,
} from "./aws-resources.js";
import type { OpsReporter } from "./backend.js";

/** The HTTP handler SDK clients send requests through (`requestHandler` in their configuration). */
type RequestHandler = NonNullable<ConstructorParameters<typeof SFNClient>[0]>["requestHandler"];

export interface AwsStageOptions {
  stage: string;
  /** The stage's data region, where the pipeline runs, and Chime control region, where its forwarder runs. */
  regions: { data: string; control: string };
  now?: () => Date;
  /** Between two looks at a replay or at executions under way; 5 s. */
  pollMilliseconds?: number;
  /** Where every SDK client sends its requests; the SDK's own HTTP client unless a test serves AWS's APIs. */
  requestHandler?: RequestHandler;
}

/**
 * Attempts of a Step Functions call: ThrottlingException is retried with the SDK's adaptive mode, which also
 * slows the client to the rate the service accepts, so that a listing of hundreds of failures gets through.
 */
const SFN_MAX_ATTEMPTS = 10;

/** A deployed stage as one ops command sees it: its clients, and its resources looked up once. */
export interface AwsStage {
  stage: string;
  /** The data region. */
  region: string;
  now: () => Date;
  sfn: SFNClient;
  /** The SQS client of a region (the data region's queues, and the forwarder's in the control region). */
  sqsIn(region: string): SQSClient;
  eventBridge: EventBridgeClient;
  s3: S3Client;
  /** The ARN of each workflow's state machine. */
  machines(): Promise<Map<WorkflowName, string>>;
  queues(): Promise<DeadLetterQueue[]>;
  buckets(): Promise<DataBuckets>;
  /** DescribeExecution, once per finished execution (a finished execution does not change until redriven). */
  describe(executionArn: string, workflow: WorkflowName): Promise<DescribedExecution>;
  /** Forgets a redriven execution, which is under way again. */
  forget(executionArn: string): void;
  /**
   * Every letter of every dead-letter queue, each read and released again; notes go to the reporter when a
   * queue holds more than was read.
   */
  deadLetters(reporter: OpsReporter): Promise<{ queue: DeadLetterQueue; letter: ReadLetter }[]>;
  /** Every queue read, letters hidden: the caller releases or deletes them. */
  readQueues(reporter: OpsReporter): Promise<QueueRead[]>;
  /** Waits one poll interval. */
  sleep(): Promise<void>;
}

/**
 * Opens a stage: SDK clients with the default credential chain, resources found by name.
 *
 * @example
 * const stage = awsStage({ stage: "prod", regions: { data: "eu-west-1", control: "eu-central-1" } });
 */
export function awsStage(options: AwsStageOptions): AwsStage {
  const { stage, regions, requestHandler } = options;
  const region = regions.data;
  const pollMillis = options.pollMilliseconds ?? 5_000;
  const sdk = (at: string) => ({ region: at, ...(requestHandler ? { requestHandler } : {}) });
  const sfn = new SFNClient({ ...sdk(region), retryMode: "adaptive", maxAttempts: SFN_MAX_ATTEMPTS });
  const sqsClients = new Map<string, SQSClient>();
  const sqsIn = (at: string) => {
    let client = sqsClients.get(at);
    if (!client) {
      client = new SQSClient(sdk(at));
      sqsClients.set(at, client);
    }
    return client;
  };
  const cloudFormation = new CloudFormationClient(sdk(region));
  const finished = new Map<string, DescribedExecution>();
  const queues = once(() => findDeadLetterQueues(sqsIn, stage, regions));

  async function readQueues(reporter: OpsReporter): Promise<QueueRead[]> {
    const settled = await Promise.allSettled(
      (await queues()).map((queue) => readDeadLetters(sqsIn(queue.region), queue)),
    );
    const reads = settled.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
    const failed = settled.find((s) => s.status === "rejected");
    if (failed) {
      await Promise.all(reads.map((read) => releaseDeadLetters(sqsIn(read.queue.region), read)));
      throw failed.reason;
    }
    for (const line of reads.flatMap(readNotes)) reporter.note(line);
    return reads;
  }

  return {
    stage,
    region,
    now: options.now ?? (() => new Date()),
    sfn,
    sqsIn,
    eventBridge: new EventBridgeClient(sdk(region)),
    s3: new S3Client(sdk(region)),
    machines: once(() => findStateMachines(sfn, stage, region)),
    queues,
    buckets: once(() => findDataBuckets(cloudFormation, stage, region)),
    async describe(executionArn, workflow) {
      const known = finished.get(executionArn);
      if (known) return known;
      const described = await describeExecution(sfn, executionArn, workflow);
      if (FINISHED.includes(described.status)) finished.set(executionArn, described);
      return described;
    },
    forget: (executionArn) => void finished.delete(executionArn),
    readQueues,
    async deadLetters(reporter) {
      const reads = await readQueues(reporter);
      await Promise.all(reads.map((read) => releaseDeadLetters(sqsIn(read.queue.region), read)));
      return reads.flatMap((read) => read.letters.map((letter) => ({ queue: read.queue, letter })));
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
