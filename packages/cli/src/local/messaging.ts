import { randomUUID } from "node:crypto";
import { ChimeSDKIdentityClient } from "@aws-sdk/client-chime-sdk-identity";
import { ChimeSDKMessagingClient } from "@aws-sdk/client-chime-sdk-messaging";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { SQSClient } from "@aws-sdk/client-sqs";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { installLocalChimeMessaging, type LocalChimeMessaging } from "./aws/chime-messaging.js";
import { installLocalKinesisApi, LocalKinesis } from "./aws/kinesis.js";
import { installLocalSqs } from "./aws/sqs.js";
import { LocalEventSourceMapping, localEventSourceMappings } from "./event-source-mappings.js";
import type { LocalLambda } from "./lambda.js";
import { LOCAL_ACCOUNT, type LocalResources } from "./resources.js";

/** The file a run keeps the chat failure queue's messages in: `{queue, sentAt, body}` lines, body as SQS holds it. */
export const CHAT_LETTERS_FILE = "chat-letters.jsonl";

/** The chat failure queue's message as a run keeps it. */
export interface QueuedMessage {
  queue: string;
  sentAt: string;
  body: string;
}

/**
 * Consults' messaging on the local rig, deployed from the stacks: the Messaging stack's Kinesis streams, the Chime
 * SDK identity and messaging stand-in, SQS for the failure queue, the stream's event source mappings invoking the
 * consumer through {@link LocalLambda}, and the stack's custom resources (the AppInstance's provisioning, run
 * through its own handler as CloudFormation's provider would) and SSM parameters. Nothing of it is in pipeline.ts
 * but the hook that builds it.
 *
 * @example
 * const messaging = installLocalMessaging({ resources, lambda, out, io, later, append, parameters, region });
 * await messaging.deploy();
 */
export function installLocalMessaging(options: {
  resources: LocalResources;
  lambda: LocalLambda;
  out: string;
  region: string;
  io: <T>(work: Promise<T>) => Promise<T>;
  later: (ms: number, work: () => Promise<void>) => void;
  append: (file: string, line: unknown) => Promise<void>;
  /** The SSM stand-in's parameters, where the stacks' `AWS::SSM::Parameter`s are put. */
  parameters: Record<string, string>;
}) {
  const { resources } = options;
  const now = () => new Date();
  const kinesis = new LocalKinesis(
    resources.ofType("AWS::Kinesis::Stream").map((stream) => ({
      name: stream.name,
      arn: stream.arn,
      shardCount: Number(stream.properties.ShardCount ?? 1),
      retentionHours: Number(stream.properties.RetentionPeriodHours ?? 24),
      encrypted:
        (stream.properties.StreamEncryption as { EncryptionType?: string } | undefined)?.EncryptionType ===
        "KMS",
    })),
    { out: options.out, io: options.io, now },
  );
  const deliver = (queue: string, body: string) =>
    options.append(CHAT_LETTERS_FILE, { queue, sentAt: now().toISOString(), body } satisfies QueuedMessage);
  const stubs = {
    kinesis: mockClient(KinesisClient),
    identity: mockClient(ChimeSDKIdentityClient),
    messaging: mockClient(ChimeSDKMessagingClient),
    sqs: mockClient(SQSClient),
  };
  installLocalKinesisApi(stubs.kinesis, kinesis);
  installLocalSqs(stubs.sqs, { queues: resources.ofType("AWS::SQS::Queue").map((q) => q.name), deliver });
  const chime: LocalChimeMessaging = installLocalChimeMessaging(stubs.identity, stubs.messaging, {
    kinesis,
    region: options.region,
    account: LOCAL_ACCOUNT,
    now,
  });
  const mappings = localEventSourceMappings(resources).map(
    (definition) =>
      new LocalEventSourceMapping(definition, {
        kinesis,
        invoke: (arn, event) => options.lambda.invoke(arn, event),
        toDestination: deliver,
        later: options.later,
        now,
        region: options.region,
      }),
  );

  return {
    kinesis,
    chime,
    mappings,
    stubs: stubs as { [name in keyof typeof stubs]: AwsClientStub<never> },
    /**
     * Deploys what CloudFormation would run at deploy time: each custom resource backed by a function of the rig
     * (through the CDK provider framework's `USER_ON_EVENT_FUNCTION_ARN`) gets its Create, its answer kept for
     * `Fn::GetAtt`; then the SSM parameters are put, with those answers resolved.
     */
    async deploy(): Promise<void> {
      for (const custom of resources.resources.filter(
        (r) => r.type.startsWith("Custom::") || r.type === "AWS::CloudFormation::CustomResource",
      )) {
        const token = resources.resolve(custom.properties.ServiceToken, custom.stack);
        const framework = typeof token === "string" ? resources.find(token) : undefined;
        const variables = (
          framework?.properties.Environment as { Variables?: Record<string, unknown> } | undefined
        )?.Variables;
        if (!framework || !variables?.USER_ON_EVENT_FUNCTION_ARN) continue;
        const handlerArn = resources.resolveString(variables.USER_ON_EVENT_FUNCTION_ARN, framework.stack);
        const { ServiceToken: _token, ...properties } = resources.resolve(
          custom.properties,
          custom.stack,
        ) as Record<string, unknown>;
        const answer = (await options.lambda.invoke(handlerArn, {
          RequestType: "Create",
          RequestId: randomUUID(),
          ResponseURL: "http://localhost/unused",
          ResourceType: custom.type,
          LogicalResourceId: custom.logicalId,
          StackId: custom.stack,
          ServiceToken: token,
          ResourceProperties: { ServiceToken: token, ...properties },
        })) as { Data?: Record<string, unknown> } | null;
        resources.setAttributes(custom, answer?.Data ?? {});
      }
      for (const parameter of resources.ofType("AWS::SSM::Parameter")) {
        options.parameters[parameter.name] = resources.resolveString(
          parameter.properties.Value,
          parameter.stack,
        );
      }
    },
    restore(): void {
      for (const stub of Object.values(stubs)) stub.restore();
    },
  };
}

export type LocalMessaging = ReturnType<typeof installLocalMessaging>;
