import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { OPERATOR_ACTIONS, operatorCondition, operatorResourceArns } from "./operator-actions.js";

const scope = {
  partition: "aws",
  account: "111122223333",
  stage: "prod",
  regions: { data: "eu-west-1", control: "eu-central-1", messaging: "us-east-1" },
  dataKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/data",
  dataBucketArns: ["arn:aws:s3:::recordings", "arn:aws:s3:::transcripts", "arn:aws:s3:::medical-data"],
};

describe("the operator role's actions", () => {
  it("name the stage's own resources, in the data region and the forwarder's control region", () => {
    const arns = (resource: Parameters<typeof operatorResourceArns>[0]) =>
      operatorResourceArns(resource, scope);
    expect(arns("execution")).toEqual(["arn:aws:states:eu-west-1:111122223333:execution:prod-medpipe-*:*"]);
    expect(arns("queue")).toEqual([
      "arn:aws:sqs:eu-west-1:111122223333:prod-medpipe-*-dlq",
      "arn:aws:sqs:eu-central-1:111122223333:prod-medpipe-forwarder-dlq",
    ]);
    expect(arns("replay")).toEqual(["arn:aws:events:eu-west-1:111122223333:replay/prod-medpipe-*"]);
    expect(arns("dataObject")).toEqual(scope.dataBucketArns.map((arn) => `${arn}/*`));
    expect(arns("anyRule")).toEqual(["*"]);
    expect(arns("eventBus")).toEqual(["arn:aws:events:eu-west-1:111122223333:event-bus/default"]);
    for (const { allows } of OPERATOR_ACTIONS) {
      for (const { resources } of allows) expect(resources.flatMap(arns).length).toBeGreaterThan(0);
    }
  });

  it("name the chat queue, stream and consumer of the Messaging stack in the messaging region", () => {
    const arns = (resource: Parameters<typeof operatorResourceArns>[0]) =>
      operatorResourceArns(resource, scope);
    expect(arns("chatQueue")).toEqual(["arn:aws:sqs:us-east-1:111122223333:prod-medpipe-chat-dlq"]);
    expect(arns("chatStream")).toEqual([
      "arn:aws:kinesis:us-east-1:111122223333:stream/chime-messaging-prod-medpipe",
    ]);
    expect(arns("chatConsumer")).toEqual([
      "arn:aws:lambda:us-east-1:111122223333:function:prod-medpipe-chat-consumer",
    ]);
    expect(arns("messagingKey")).toEqual(["arn:aws:kms:us-east-1:111122223333:key/*"]);
  });

  it("let the messaging region's keys decrypt only through the chat queue's and stream's services there", () => {
    const allows = OPERATOR_ACTIONS.flatMap((a) => a.allows);
    const onMessagingKeys = allows.filter((allow) => allow.resources.includes("messagingKey"));
    expect(onMessagingKeys.map((allow) => [allow.action, operatorCondition(allow, scope)])).toEqual([
      ["kms:Decrypt", { StringEquals: { "kms:ViaService": "sqs.us-east-1.amazonaws.com" } }],
      ["kms:Decrypt", { StringEquals: { "kms:ViaService": "kinesis.us-east-1.amazonaws.com" } }],
    ]);
    for (const allow of allows.filter((a) => !a.resources.includes("messagingKey"))) {
      expect(operatorCondition(allow, scope)).toBeNull();
    }
  });

  it("let an operator read and start executions of the state machines the data key encrypts", () => {
    const actionsOf = (command: string) =>
      OPERATOR_ACTIONS.find((a) => a.client === "SFN" && a.command === command)?.allows.map((a) => a.action);
    for (const command of ["DescribeExecution", "GetExecutionHistory", "RedriveExecution"]) {
      expect(actionsOf(command)).toContain("kms:Decrypt");
    }
    expect(actionsOf("StartExecution")).toEqual(
      expect.arrayContaining(["kms:GenerateDataKey", "kms:Decrypt"]),
    );
  });

  it("are each listed in the README's operator paragraph", async () => {
    const readme = await readFile(new URL("../../../../README.md", import.meta.url), "utf8");
    const operations = readme.slice(readme.indexOf("## Operations"), readme.indexOf("## Other commands"));
    const actions = OPERATOR_ACTIONS.flatMap(({ allows }) => allows.map(({ action }) => action));
    expect(actions.filter((action) => !operations.includes(`\`${action}\``))).toEqual([]);
  });
});
