import { type CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { ListStateMachinesCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { GetQueueUrlCommand, QueueDoesNotExist, type SQSClient } from "@aws-sdk/client-sqs";
import { EXECUTION_FAILURES_RULE, rulePatterns, WORKFLOWS, type WorkflowName } from "@medpipe/core/events";
import {
  deadLetterQueueName,
  forwarderDeadLetterQueueName,
  stateMachineName,
  storageStackName,
} from "@medpipe/core/replay";
import type { DataBuckets } from "@medpipe/core/retention";

export {
  archiveName,
  deadLetterQueueName,
  forwarderDeadLetterQueueName,
  stateMachineName,
  storageStackName,
} from "@medpipe/core/replay";

/** The stage's resources are not in the region: not deployed, or deployed elsewhere. */
export class StageNotFoundError extends Error {
  override name = "StageNotFoundError";

  constructor(
    readonly stage: string,
    readonly region: string,
    readonly missing: string,
  ) {
    super(`${missing} not found in ${region}: is stage ${stage} deployed there?`);
  }
}

export interface DeadLetterQueue {
  /** The routing rule whose target it serves, or `forwarder` for the forwarder's rules. */
  rule: string;
  /** The workflow its rule starts; null for the forwarder's, whose letters go where their event routes. */
  workflow: WorkflowName | null;
  name: string;
  url: string;
  region: string;
}

/** The routing rules by name and workflow (the recordings bucket shapes a pattern, never a name). */
const RULES = rulePatterns({ recordingsBucket: "-" }).map(({ name, workflow }) => ({ name, workflow }));

/** The Storage stack's outputs that name the data buckets (stacks/Storage.ts). */
const BUCKET_OUTPUTS: Record<keyof DataBuckets, string> = {
  recordings: "RecordingsBucket",
  transcripts: "TranscriptsBucket",
  medicalData: "MedicalDataBucket",
};

/**
 * The ARN of each of the stage's state machines, found by name.
 *
 * @example
 * const machines = await findStateMachines(new SFNClient({ region }), "prod", region);
 */
export async function findStateMachines(
  sfn: SFNClient,
  stage: string,
  region: string,
): Promise<Map<WorkflowName, string>> {
  const wanted = new Map(WORKFLOWS.map((workflow) => [stateMachineName(stage, workflow), workflow]));
  const found = new Map<WorkflowName, string>();
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
    for (const machine of page.stateMachines ?? []) {
      const workflow = wanted.get(machine.name ?? "");
      if (workflow && machine.stateMachineArn) found.set(workflow, machine.stateMachineArn);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  const missing = [...wanted].find(([, workflow]) => !found.has(workflow));
  if (missing) throw new StageNotFoundError(stage, region, `state machine ${missing[0]}`);
  return found;
}

/**
 * The stage's dead-letter queues: one per routing rule in the data region, with the workflow each rule starts,
 * the failure recorder's (status changes of failed executions it could not record in the run log), and the
 * forwarder's in the Chime control region (when it is not the data region, where no forwarder runs).
 *
 * @example
 * const queues = await findDeadLetterQueues(stage.sqsIn, "prod", { data: "eu-west-1", control: "eu-central-1" });
 */
export async function findDeadLetterQueues(
  sqsIn: (region: string) => SQSClient,
  stage: string,
  regions: { data: string; control: string },
): Promise<DeadLetterQueue[]> {
  const wanted = RULES.map((rule) => ({
    rule: rule.name,
    workflow: rule.workflow as WorkflowName | null,
    name: deadLetterQueueName(stage, rule.name),
    region: regions.data,
  }));
  wanted.push({
    rule: EXECUTION_FAILURES_RULE,
    workflow: null,
    name: deadLetterQueueName(stage, EXECUTION_FAILURES_RULE),
    region: regions.data,
  });
  if (regions.control !== regions.data) {
    wanted.push({
      rule: "forwarder",
      workflow: null,
      name: forwarderDeadLetterQueueName(stage),
      region: regions.control,
    });
  }
  return Promise.all(
    wanted.map(async (queue) => {
      try {
        const { QueueUrl } = await sqsIn(queue.region).send(
          new GetQueueUrlCommand({ QueueName: queue.name }),
        );
        return { ...queue, url: QueueUrl ?? "" };
      } catch (error) {
        if (error instanceof QueueDoesNotExist) {
          throw new StageNotFoundError(stage, queue.region, `queue ${queue.name}`);
        }
        throw error;
      }
    }),
  );
}

/**
 * The stage's data bucket names, from the outputs of its Storage stack (their names are generated at deploy).
 *
 * @example
 * const buckets = await findDataBuckets(new CloudFormationClient({ region }), "prod", region);
 */
export async function findDataBuckets(
  cloudFormation: CloudFormationClient,
  stage: string,
  region: string,
): Promise<DataBuckets> {
  const stackName = storageStackName(stage);
  const notFound = new StageNotFoundError(stage, region, `stack ${stackName}`);
  const described = await cloudFormation
    .send(new DescribeStacksCommand({ StackName: stackName }))
    .catch((error: unknown) => {
      // DescribeStacks answers ValidationError "Stack with id … does not exist" (CloudFormation API reference).
      if (error instanceof Error && error.name === "ValidationError") throw notFound;
      throw error;
    });
  const outputs = new Map(
    (described.Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
  );
  const buckets = Object.fromEntries(
    Object.entries(BUCKET_OUTPUTS).map(([bucket, output]) => [bucket, outputs.get(output)]),
  ) as Partial<DataBuckets>;
  const { recordings, transcripts, medicalData } = buckets;
  if (!recordings || !transcripts || !medicalData) throw notFound;
  return { recordings, transcripts, medicalData };
}
