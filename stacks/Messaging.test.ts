import { API_ROUTES, routeKey } from "@medpipe/core/api";
import { MESSAGING_RETENTION_DAYS, messagingNames } from "@medpipe/core/messaging";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { CHAT_CONSUMER } from "./Messaging.js";
import { type SynthesizedStage, synthesizeStage } from "./synthesize.js";

/** The stage synthesized once, every region, with cdk-nag's checks. */
let stage: SynthesizedStage;
const stack = (name: string) => Template.fromJSON(stage.templates[`test-medpipe-${name}`] ?? {});
const resourcesOf = (name: string, type: string) => Object.entries(stack(name).findResources(type));
const names = messagingNames("test");

beforeAll(async () => {
  stage = await synthesizeStage({ stage: "test" });
});

describe("the Messaging stack", () => {
  it("deploys to the Chime SDK messaging region, with no unreviewed cdk-nag finding", () => {
    expect(stage.regions["test-medpipe-Messaging"]).toBe("eu-central-1");
    expect(stage.findings).toEqual([]);
  });

  it("streams into a KMS-encrypted Kinesis stream named and sized as Chime requires", () => {
    const [[, stream]] = resourcesOf("Messaging", "AWS::Kinesis::Stream") as [
      [string, { Properties: Record<string, unknown> }],
    ];
    expect(stream.Properties).toMatchObject({
      Name: names.stream,
      ShardCount: 2,
      RetentionPeriodHours: 168,
      StreamEncryption: {
        EncryptionType: "KMS",
        KeyId: { "Fn::GetAtt": [expect.stringMatching(/^MessagingKey/), "Arn"] },
      },
    });
    expect(String(stream.Properties.Name)).toMatch(/^chime-messaging-/);
    stack("Messaging").hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });

  it("provisions the AppInstance with seven-year retention and streaming through a custom resource with create, update and delete", () => {
    const [[, resource]] = resourcesOf("Messaging", "Custom::ChimeMessaging") as [
      [string, { Properties: Record<string, unknown> }],
    ];
    expect(resource.Properties).toMatchObject({
      Stage: "test",
      AppInstanceName: names.appInstance,
      RetentionDays: MESSAGING_RETENTION_DAYS,
      StreamArn: { "Fn::GetAtt": [expect.stringMatching(/^ChatStream/), "Arn"] },
    });
    const parameters = resourcesOf("Messaging", "AWS::SSM::Parameter").map(([, p]) => p.Properties);
    expect(parameters).toEqual([
      expect.objectContaining({
        Name: names.appInstanceParameter,
        Value: { "Fn::GetAtt": [expect.stringMatching(/^ChimeMessaging/), "AppInstanceArn"] },
      }),
    ]);
    const provisioner = resourcesOf("Messaging", "AWS::Lambda::Function").find(
      ([, fn]) => fn.Properties.Environment?.Variables?.MEDPIPE_HANDLER === "provision-messaging",
    );
    expect(provisioner).toBeDefined();
  });

  it("consumes the stream with partial batch responses, bisection, bounded retries and an encrypted failure queue", () => {
    const [[, mapping]] = resourcesOf("Messaging", "AWS::Lambda::EventSourceMapping") as [
      [string, { Properties: Record<string, unknown> }],
    ];
    const [[queueId, queue]] = resourcesOf("Messaging", "AWS::SQS::Queue") as [
      [string, { Properties: Record<string, unknown> }],
    ];
    expect(mapping.Properties).toMatchObject({
      StartingPosition: "TRIM_HORIZON",
      BatchSize: CHAT_CONSUMER.batchSize,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      MaximumRetryAttempts: CHAT_CONSUMER.retryAttempts,
      MaximumRecordAgeInSeconds: 86_400,
      DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": [queueId, "Arn"] } } },
    });
    expect(queue.Properties).toMatchObject({
      QueueName: "test-medpipe-chat-dlq",
      KmsMasterKeyId: { "Fn::GetAtt": [expect.stringMatching(/^MessagingKey/), "Arn"] },
    });
    const consumer = resourcesOf("Messaging", "AWS::Lambda::Function").find(
      ([, fn]) => fn.Properties.Environment?.Variables?.MEDPIPE_HANDLER === "apply-chat-messages",
    )?.[1];
    expect(consumer?.Properties).toMatchObject({ FunctionName: names.consumer, Runtime: "nodejs22.x" });
    const variables = consumer?.Properties.Environment.Variables as Record<string, unknown>;
    expect(variables.SST_Secret_value_SUPABASE_SERVICE_ROLE_KEY).toBe("__FETCH_FROM_SSM__");
    expect(variables.CHAT_FAILURES_QUEUE_URL).toEqual({ Ref: queueId });
  });

  it("alarms on the consumer's iterator age and errors and on failed records, to an encrypted topic", () => {
    const alarms = resourcesOf("Messaging", "AWS::CloudWatch::Alarm").map(([, alarm]) => alarm.Properties);
    expect(alarms.map((alarm) => alarm.MetricName).sort()).toEqual([
      "ApproximateNumberOfMessagesVisible",
      "Errors",
      "IteratorAge",
    ]);
    expect(alarms.find((alarm) => alarm.MetricName === "IteratorAge")).toMatchObject({
      Statistic: "Maximum",
      Threshold: CHAT_CONSUMER.iteratorAgeAlarm.toMilliseconds(),
    });
    for (const alarm of alarms)
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^MessagingAlerts/) }]);
    const [[, topic]] = resourcesOf("Messaging", "AWS::SNS::Topic") as [
      [string, { Properties: Record<string, unknown> }],
    ];
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  });
});

describe("the consult API's messaging routes", () => {
  it("serves the two messaging routes of core's route table", () => {
    const deployed = resourcesOf("Api", "AWS::ApiGatewayV2::Route").map(
      ([, route]) => route.Properties.RouteKey,
    );
    const messaging = API_ROUTES.filter((route) =>
      ["post-message", "redact-message"].includes(route.handler),
    );
    expect(messaging.map(routeKey)).toEqual([
      "POST /consults/{consultId}/messages",
      "DELETE /consults/{consultId}/messages/{messageId}",
    ]);
    expect(deployed).toEqual(expect.arrayContaining(messaging.map(routeKey)));
  });

  it("let the messaging functions call Chime messaging only on this account's AppInstances in the messaging region, and read its AppInstance's parameter", () => {
    const statements = resourcesOf("Api", "AWS::IAM::Policy").flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]).map(
        (s) => ({
          actions: [s.Action].flat(),
          resource: JSON.stringify(s.Resource),
        }),
      ),
    );
    const messaging = statements.filter((s) => s.actions.some((a) => /Channel|AppInstance/.test(a)));
    expect(new Set(messaging.flatMap((s) => s.actions))).toEqual(
      new Set([
        "chime:SendChannelMessage",
        "chime:GetChannelMessage",
        "chime:RedactChannelMessage",
        "chime:CreateAppInstanceUser",
        "chime:CreateChannel",
        "chime:CreateChannelMembership",
        "chime:CreateChannelModerator",
      ]),
    );
    for (const statement of messaging) expect(statement.resource).toContain(":chime:eu-central-1:");
    for (const statement of messaging) expect(statement.resource).toContain(":app-instance/*");
    const reads = statements.filter((s) => s.actions.includes("ssm:GetParameter"));
    expect(reads).toHaveLength(2);
    for (const read of reads) expect(read.resource).toContain(`:ssm:eu-central-1:`);
    for (const read of reads) expect(read.resource).toContain(names.appInstanceParameter);
  });
});
