import {
  archiveName,
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
  | "storageStack";

/** One SDK command the ops commands send, and what IAM must allow for it. */
export interface OperatorAction {
  /** The SDK client, as `@aws-sdk/client-<x>` names its class (`SFNClient` → `SFN`). */
  client: "SFN" | "SQS" | "EventBridge" | "S3" | "CloudFormation";
  /** The command's name, without `Command`. */
  command: string;
  /** The IAM actions it needs, and on which resources. */
  allows: { action: string; resources: OperatorResource[] }[];
}

/**
 * Every command `medpipe failures|replay|redrive|status|hold|release --stage` sends, with the IAM actions it needs
 * (Service Authorization Reference; a batch SQS call needs the single call's action): the operator role is
 * built from this table, and a test checks that it lists exactly what the ops tests saw sent. The state machines
 * are encrypted with the data key, so reading an execution needs kms:Decrypt and starting one kms:GenerateDataKey
 * too (docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html).
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
  { client: "SQS", command: "GetQueueUrl", allows: [{ action: "sqs:GetQueueUrl", resources: ["queue"] }] },
  {
    client: "SQS",
    command: "GetQueueAttributes",
    allows: [{ action: "sqs:GetQueueAttributes", resources: ["queue"] }],
  },
  {
    client: "SQS",
    command: "ReceiveMessage",
    allows: [
      { action: "sqs:ReceiveMessage", resources: ["queue"] },
      // The data region's queues are encrypted with the data key.
      { action: "kms:Decrypt", resources: ["dataKey"] },
    ],
  },
  {
    client: "SQS",
    command: "ChangeMessageVisibilityBatch",
    allows: [{ action: "sqs:ChangeMessageVisibility", resources: ["queue"] }],
  },
  {
    client: "SQS",
    command: "DeleteMessageBatch",
    allows: [{ action: "sqs:DeleteMessage", resources: ["queue"] }],
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
];

/** What the ARN patterns of a stage's operator resources are made of. */
export interface OperatorScope {
  partition: string;
  account: string;
  stage: string;
  regions: { data: string; control: string };
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
  }
}
