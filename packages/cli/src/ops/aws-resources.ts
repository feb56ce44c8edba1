import { ListStateMachinesCommand, type SFNClient } from "@aws-sdk/client-sfn";
import { GetQueueUrlCommand, QueueDoesNotExist, type SQSClient } from "@aws-sdk/client-sqs";
import { rulePatterns, WORKFLOWS, type WorkflowName } from "@medpipe/core/events";

/** A stage's state machine, as stacks/Workflows.ts names it. */
export const stateMachineName = (stage: string, workflow: WorkflowName) => `${stage}-medpipe-${workflow}`;
/** A rule target's dead-letter queue, as stacks/Routing.ts names it. */
export const deadLetterQueueName = (stage: string, rule: string) => `${stage}-medpipe-${rule}-dlq`;
/** The event archive a replay reads, as stacks/Routing.ts names it. */
export const archiveName = (stage: string) => `${stage}-medpipe-events`;

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
  rule: string;
  workflow: WorkflowName;
  url: string;
}

/** The routing rules by name and workflow (the recordings bucket shapes a pattern, never a name). */
const RULES = rulePatterns({ recordingsBucket: "-" }).map(({ name, workflow }) => ({ name, workflow }));

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
 * The stage's dead-letter queues, one per routing rule, with the workflow each rule starts.
 *
 * @example
 * for (const queue of await findDeadLetterQueues(new SQSClient({ region }), "prod", region)) peek(queue.url);
 */
export async function findDeadLetterQueues(
  sqs: SQSClient,
  stage: string,
  region: string,
): Promise<DeadLetterQueue[]> {
  return Promise.all(
    RULES.map(async (rule) => {
      const name = deadLetterQueueName(stage, rule.name);
      try {
        const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
        return { rule: rule.name, workflow: rule.workflow, url: QueueUrl ?? "" };
      } catch (error) {
        if (error instanceof QueueDoesNotExist) throw new StageNotFoundError(stage, region, `queue ${name}`);
        throw error;
      }
    }),
  );
}
