import type { WorkflowName } from "../events/workflows.js";

/**
 * The names of a stage's resources that ops look up: the stacks deploy them under these names and the ops
 * commands (and the operator role's resource ARNs) find them by them. Every name starts `<stage>-medpipe-`.
 */

/** A workflow's state machine (stacks/Workflows.ts). */
export const stateMachineName = (stage: string, workflow: WorkflowName) => `${stage}-medpipe-${workflow}`;
/** A routing rule target's dead-letter queue (stacks/Routing.ts). */
export const deadLetterQueueName = (stage: string, rule: string) => `${stage}-medpipe-${rule}-dlq`;
/** The dead-letter queue of the forwarder's rules, in the Chime control region (stacks/Forwarder.ts). */
export const forwarderDeadLetterQueueName = (stage: string) => `${stage}-medpipe-forwarder-dlq`;
/** The event archive a replay reads (stacks/Routing.ts). */
export const archiveName = (stage: string) => `${stage}-medpipe-events`;
/** The CloudFormation stack whose outputs name the data buckets (SST: `<stage>-<app>-<stack>`). */
export const storageStackName = (stage: string) => `${stage}-medpipe-Storage`;
/** The chat consumer's failure queue, in the Chime SDK messaging region (stacks/Messaging.ts). */
export const chatDeadLetterQueueName = (stage: string) => `${stage}-medpipe-chat-dlq`;
