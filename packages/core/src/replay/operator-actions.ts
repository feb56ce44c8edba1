import { messagingNames } from "../messaging/identities.js";
import {
  archiveName,
  chatDeadLetterQueueName,
  deadLetterQueueName,
  forwarderDeadLetterQueueName,
  storageStackName,
} from "./stage-resources.js";

/** The kinds of resource an operator's IAM policy names, each a set of ARN patterns of the stage. */
export type OperatorResource =
  | "anyStateMachine"
  | "stateMachine"
  | "execution"
  | "queue"
  | "dataKey"
  | "archive"
  | "replay"
  | "eventBus"
  | "anyRule"
  | "rule"
  | "dataBucket"
  | "dataObject"
  | "storageStack"
  | "chatQueue"
  | "chatStream"
  | "chatConsumer"
  | "messagingKey";

/** One SDK command the ops commands send, and what IAM must allow for it. */
export interface OperatorAction {
  /** The SDK client, as `@aws-sdk/client-<x>` names its class (`SFNClient` → `SFN`). */
  client: "SFN" | "SQS" | "EventBridge" | "S3" | "CloudFormation" | "Kinesis" | "Lambda";
  /** The command's name, without `Command`. */
  command: string;
  /**
   * The IAM actions it needs, and on which resources; `viaService`: the messaging key may be used only through
   * this service in the messaging region (kms:ViaService), as the command uses it.
   */
  allows: { action: string; resources: OperatorResource[]; viaService?: "sqs" | "kinesis" }[];
}

/**
 * Every command `medpipe failures|replay|replay-chat|redrive|status|hold|release --stage` sends, with the IAM actions
 * it needs (Service Authorization Reference; a batch SQS call needs the single call's action): the operator role is
 * built from this table, and a test checks that it lists exactly what the ops tests saw sent. The state machines
 * are encrypted with the data key, so reading an execution needs kms:Decrypt and starting one kms:GenerateDataKey
 * too (docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html). The chat stream and its failure
 * queue are encrypted with the Messaging stack's key: reading either needs kms:Decrypt of it
 * (docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html).
 */
export const OPERATOR_ACTIONS: readonly OperatorAction[] = [
  {
    client: "SFN",
    command: "ListStateMachines",
    allows: [{ action: "states:ListStateMachines", resources: ["anyStateMachine"] }],
  },
  {
    client: "SFN",
    command: "ListExecutions",
    allows: [{ action: "states:ListExecutions", resources: ["stateMachine"] }],
  },
  {
    client: "SFN",
    command: "DescribeExecution",
    allows: [
      { action: "states:DescribeExecution", resources: ["execution"] },
      { action: "kms:Decrypt", resources: ["dataKey"] },
    ],
  },
  {
    client: "SFN",
    command: "GetExecutionHistory",
    allows: [
      { action: "states:GetExecutionHistory", resources: ["execution"] },
      { action: "kms:Decrypt", resources: ["dataKey"] },
    ],
  },
  {
    client: "SFN",
    command: "RedriveExecution",
    allows: [
      { action: "states:RedriveExecution", resources: ["execution"] },
      { action: "kms:Decrypt", resources: ["dataKey"] },
    ],
  },
  {
    client: "SFN",
    command: "StartExecution",
    allows: [
      { action: "states:StartExecution", resources: ["stateMachine"] },
      { action: "kms:GenerateDataKey", resources: ["dataKey"] },
      { action: "kms:Decrypt", resources: ["dataKey"] },
    ],
  },
  {
    client: "SQS",
    command: "GetQueueUrl",
    allows: [{ action: "sqs:GetQueueUrl", resources: ["queue", "chatQueue"] }],
  },
  {
    client: "SQS",
    command: "GetQueueAttributes",
    allows: [{ action: "sqs:GetQueueAttributes", resources: ["queue", "chatQueue"] }],
  },
  {
    client: "SQS",
    command: "ReceiveMessage",
    allows: [
      { action: "sqs:ReceiveMessage", resources: ["queue", "chatQueue"] },
      // The data region's queues are encrypted with the data key, the chat queue with the messaging key.
      { action: "kms:Decrypt", resources: ["dataKey"] },
      { action: "kms:Decrypt", resources: ["messagingKey"], viaService: "sqs" },
    ],
  },
  {
    client: "SQS",
    command: "ChangeMessageVisibilityBatch",
    allows: [{ action: "sqs:ChangeMessageVisibility", resources: ["queue", "chatQueue"] }],
  },
  {
    client: "SQS",
    command: "DeleteMessageBatch",
    allows: [{ action: "sqs:DeleteMessage", resources: ["queue", "chatQueue"] }],
  },
  {
    client: "EventBridge",
    command: "DescribeArchive",
    allows: [{ action: "events:DescribeArchive", resources: ["archive"] }],
  },
  {
    client: "EventBridge",
    command: "ListRuleNamesByTarget",
    // ListRuleNamesByTarget has no resource type: IAM only matches it on "*".
    allows: [{ action: "events:ListRuleNamesByTarget", resources: ["anyRule"] }],
  },
  {
    client: "EventBridge",
    command: "DescribeRule",
    allows: [{ action: "events:DescribeRule", resources: ["rule"] }],
  },
  {
    client: "EventBridge",
    command: "StartReplay",
    // StartReplay authorizes the archive, the bus it replays to and the replay.
    allows: [{ action: "events:StartReplay", resources: ["archive", "eventBus", "replay"] }],
  },
  {
    client: "EventBridge",
    command: "DescribeReplay",
    allows: [{ action: "events:DescribeReplay", resources: ["replay"] }],
  },
  {
    client: "S3",
    command: "ListObjectVersions",
    allows: [{ action: "s3:ListBucketVersions", resources: ["dataBucket"] }],
  },
  {
    client: "S3",
    command: "PutObjectLegalHold",
    allows: [{ action: "s3:PutObjectLegalHold", resources: ["dataObject"] }],
  },
  {
    client: "CloudFormation",
    command: "DescribeStacks",
    allows: [{ action: "cloudformation:DescribeStacks", resources: ["storageStack"] }],
  },
  {
    client: "Kinesis",
    command: "GetShardIterator",
    allows: [{ action: "kinesis:GetShardIterator", resources: ["chatStream"] }],
  },
  {
    client: "Kinesis",
    command: "GetRecords",
    allows: [
      { action: "kinesis:GetRecords", resources: ["chatStream"] },
      { action: "kms:Decrypt", resources: ["messagingKey"], viaService: "kinesis" },
    ],
  },
  {
    client: "Lambda",
    command: "Invoke",
    allows: [{ action: "lambda:InvokeFunction", resources: ["chatConsumer"] }],
  },
];

/** What the ARN patterns of a stage's operator resources are made of. */
export interface OperatorScope {
  partition: string;
  account: string;
  stage: string;
  /** The data region, the Chime control region (the forwarder's) and the Chime SDK messaging region. */
  regions: { data: string; control: string; messaging: string };
  dataKeyArn: string;
  /** The ARNs of the recordings, transcripts and medical-data buckets. */
  dataBucketArns: string[];
}

/**
 * The ARN patterns of one kind of operator resource in a stage.
 *
 * @example
 * operatorResourceArns("execution", scope); // ["arn:aws:states:eu-west-1:1:execution:prod-medpipe-*:*"]
 */
export function operatorResourceArns(resource: OperatorResource, scope: OperatorScope): string[] {
  const { partition, account, stage, regions } = scope;
  const at = (service: string, region: string) => `arn:${partition}:${service}:${region}:${account}`;
  switch (resource) {
    case "anyStateMachine":
      return ["*"];
    case "stateMachine":
      return [`${at("states", regions.data)}:stateMachine:${stage}-medpipe-*`];
    case "execution":
      return [`${at("states", regions.data)}:execution:${stage}-medpipe-*:*`];
    case "queue":
      return [
        `${at("sqs", regions.data)}:${deadLetterQueueName(stage, "*")}`,
        `${at("sqs", regions.control)}:${forwarderDeadLetterQueueName(stage)}`,
      ];
    case "dataKey":
      return [scope.dataKeyArn];
    case "archive":
      return [`${at("events", regions.data)}:archive/${archiveName(stage)}`];
    case "eventBus":
      return [`${at("events", regions.data)}:event-bus/default`];
    case "replay":
      return [`${at("events", regions.data)}:replay/${stage}-medpipe-*`];
    case "anyRule":
      return ["*"];
    case "rule":
      return [`${at("events", regions.data)}:rule/${stage}-medpipe-*`];
    case "dataBucket":
      return scope.dataBucketArns;
    case "dataObject":
      return scope.dataBucketArns.map((arn) => `${arn}/*`);
    case "storageStack":
      return [`${at("cloudformation", regions.data)}:stack/${storageStackName(stage)}/*`];
    case "chatQueue":
      return [`${at("sqs", regions.messaging)}:${chatDeadLetterQueueName(stage)}`];
    case "chatStream":
      return [`${at("kinesis", regions.messaging)}:stream/${messagingNames(stage).stream}`];
    case "chatConsumer":
      return [`${at("lambda", regions.messaging)}:function:${messagingNames(stage).consumer}`];
    case "messagingKey":
      // The Messaging stack's key is in another stack and region, its id unknown here: any key of the messaging
      // region, usable only through the service an entry names (operatorCondition).
      return [`${at("kms", regions.messaging)}:key/*`];
  }
}

/**
 * The IAM condition of an allow entry: for one with `viaService`, kms:ViaService of that service in the messaging
 * region; null for the others.
 *
 * @example
 * operatorCondition({ action: "kms:Decrypt", resources: ["messagingKey"], viaService: "sqs" }, scope);
 * // { StringEquals: { "kms:ViaService": "sqs.eu-central-1.amazonaws.com" } }
 */
export function operatorCondition(
  allow: OperatorAction["allows"][number],
  scope: OperatorScope,
): { StringEquals: { "kms:ViaService": string } } | null {
  return allow.viaService
    ? { StringEquals: { "kms:ViaService": `${allow.viaService}.${scope.regions.messaging}.amazonaws.com` } }
    : null;
}
