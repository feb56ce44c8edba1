import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { GetRoleCommand, IAMClient, NoSuchEntityException } from "@aws-sdk/client-iam";
import { GetAccountSettingsCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { ListServiceQuotasCommand, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetParametersCommand, SSMClient } from "@aws-sdk/client-ssm";
import { loadConfig } from "@medpipe/core/config";
import { type EmbeddedSupabase, startEmbeddedSupabase } from "@medpipe/core/sink/embedded";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkAwsStage } from "./aws-doctor.js";
import {
  checklistText,
  concurrencyCheck,
  exitCodeOf,
  mediaPipelinesCheck,
  migratedPaths,
  reservedConcurrencyOf,
  schemaCheck,
  subscriptionsCheck,
} from "./checklist.js";

const BIN = fileURLToPath(new URL("../../bin/medpipe.js", import.meta.url));
const ACCOUNT = "111122223333";
const config = loadConfig("prod", {});
const OPS_TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:prod-medpipe-Ops-OpsAlertsB39E82AA-1x2y3z`;
const FORWARDER_TOPIC = `arn:aws:sns:eu-central-1:${ACCOUNT}:prod-medpipe-Forwarder-ForwarderAlerts-4w5v`;
const MESSAGING_TOPIC = `arn:aws:sns:eu-central-1:${ACCOUNT}:prod-medpipe-Messaging-MessagingAlerts-7k8j`;

/** Two functions as the stacks synthesize them: one reserving concurrency, both bound to the Supabase secrets. */
const templates = {
  "prod-medpipe-Workflows": {
    Resources: {
      ExtractEntities: {
        Type: "AWS::Lambda::Function",
        Properties: {
          ReservedConcurrentExecutions: 2,
          Environment: {
            Variables: {
              MEDPIPE_TASK: "extract-entities",
              SST_Secret_value_SUPABASE_URL: "__FETCH_FROM_SSM__",
              SST_Secret_value_SUPABASE_SERVICE_ROLE_KEY: "__FETCH_FROM_SSM__",
            },
          },
        },
      },
      PostResults: {
        Type: "AWS::Lambda::Function",
        Properties: {
          Environment: { Variables: { SST_Secret_value_SUPABASE_URL: "__FETCH_FROM_SSM__" } },
        },
      },
    },
  },
  "prod-medpipe-Ops": {
    Resources: {
      HoldNewObject: { Type: "AWS::Lambda::Function", Properties: { ReservedConcurrentExecutions: 10 } },
    },
  },
};

describe("the doctor's checks", () => {
  it("adds up what the stacks reserve, and needs Lambda's 100 unreserved on top", () => {
    expect(reservedConcurrencyOf(templates)).toBe(12);
    expect(concurrencyCheck({ accountLimit: 1000, reserved: 12, extractions: 5 }).status).toBe("ok");
    const newAccount = concurrencyCheck({ accountLimit: 10, reserved: 12, extractions: 5 });
    expect(newAccount).toMatchObject({ status: "fail", detail: expect.stringContaining("112 needed") });
    expect(newAccount.fix).toContain("at least 112");
  });

  it("fits stacks that reserve nothing in a new account, with room for the extraction slots", () => {
    expect(concurrencyCheck({ accountLimit: 10, reserved: 0, extractions: 5 }).status).toBe("ok");
    expect(concurrencyCheck({ accountLimit: 10, reserved: 0, extractions: 12 })).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("13 needed"),
    });
  });

  it("finds every table and write function of the migrations in the PostgREST schema, naming what is missing", () => {
    const paths = Object.fromEntries(migratedPaths().map((path) => [path, {}]));
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        "/consults",
        "/capacity_slots",
        "/rpc/acquire_capacity_slot",
        "/rpc/claim_run",
      ]),
    );
    expect(schemaCheck({ swagger: "2.0", paths }).status).toBe("ok");
    const { "/rpc/sweep_expired": _, ...withoutSweep } = paths;
    expect(schemaCheck({ swagger: "2.0", paths: withoutSweep })).toMatchObject({
      status: "fail",
      detail: "reachable, but missing /rpc/sweep_expired",
      fix: expect.stringContaining("supabase db push"),
    });
  });

  it("fails an alerts topic nobody is subscribed to, or whose subscription is not confirmed", () => {
    expect(subscriptionsCheck("ops alerts", []).fix).toContain("MEDPIPE_ALERT_EMAIL");
    expect(
      subscriptionsCheck("ops alerts", [
        { SubscriptionArn: `${OPS_TOPIC}:0b1c2d3e`, Protocol: "https" },
        { SubscriptionArn: "PendingConfirmation", Protocol: "email" },
      ]),
    ).toMatchObject({ status: "fail", detail: "1 of 2 not confirmed (email)" });
  });

  it("compares the media pipelines quota with the consults expected at once and one concatenation", () => {
    expect(mediaPipelinesCheck({ region: "eu-central-1", quota: 10, consults: 9 }).status).toBe("ok");
    expect(mediaPipelinesCheck({ region: "eu-central-1", quota: 10, consults: 10 }).status).toBe("fail");
    expect(mediaPipelinesCheck({ region: "eu-central-1", quota: null, consults: 10 }).status).toBe("skip");
  });

  it("prints each failure with its fix, and exits 1 when any check failed", () => {
    const checks = [
      { check: "A", status: "ok" as const, detail: "fine" },
      { check: "B", status: "fail" as const, detail: "broken", fix: "mend it" },
    ];
    expect(checklistText(checks)).toBe("ok    A: fine\nFAIL  B: broken\n      fix: mend it\n");
    expect(exitCodeOf(checks)).toBe(1);
    expect(exitCodeOf(checks.slice(0, 1))).toBe(0);
  });
});

describe("medpipe doctor --stage", () => {
  const iam = mockClient(IAMClient);
  const lambda = mockClient(LambdaClient);
  // client-ssm is pinned to the version SST's runtime uses, whose types predate aws-sdk-client-mock's.
  const ssm = mockClient(SSMClient as never) as unknown as ReturnType<typeof mockClient>;
  const quotas = mockClient(ServiceQuotasClient);
  const cloudFormation = mockClient(CloudFormationClient);
  const sns = mockClient(SNSClient);
  let supabase: EmbeddedSupabase;

  beforeAll(async () => {
    supabase = await startEmbeddedSupabase();
  });
  afterAll(() => supabase?.stop());

  /** The stage as its documented responses show it when everything a deploy needs is in place. */
  function healthyStage() {
    iam
      .reset()
      .on(GetRoleCommand)
      .resolves({
        Role: {
          Path: "/aws-service-role/mediapipelines.chime.amazonaws.com/",
          RoleName: "AWSServiceRoleForAmazonChimeSDKMediaPipelines",
          RoleId: "AROAEXAMPLEID",
          Arn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/mediapipelines.chime.amazonaws.com/AWSServiceRoleForAmazonChimeSDKMediaPipelines`,
          CreateDate: new Date("2026-01-05T10:00:00Z"),
        },
      });
    lambda
      .reset()
      .on(GetAccountSettingsCommand)
      .resolves({
        AccountLimit: {
          TotalCodeSize: 80_530_636_800,
          CodeSizeUnzipped: 262_144_000,
          CodeSizeZipped: 52_428_800,
          ConcurrentExecutions: 1000,
          UnreservedConcurrentExecutions: 988,
        },
        AccountUsage: { TotalCodeSize: 1_234_567, FunctionCount: 14 },
      });
    ssm
      .reset()
      .on(GetParametersCommand as never)
      .callsFake(async ({ Names = [] }: { Names?: string[] }) => {
        const values: Record<string, string> = {
          "/sst/medpipe/prod/Secret/SUPABASE_URL/value": supabase.url,
          "/sst/medpipe/.fallback/Secret/SUPABASE_SERVICE_ROLE_KEY/value": supabase.serviceRoleKey,
        };
        return {
          Parameters: Names.filter((name) => name in values).map((Name) => ({
            Name,
            Type: "SecureString",
            Value: values[Name],
            Version: 1,
            ARN: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter${Name}`,
            DataType: "text",
          })),
          InvalidParameters: Names.filter((name) => !(name in values)),
        };
      });
    quotas
      .reset()
      .on(ListServiceQuotasCommand)
      .resolves({
        Quotas: [
          {
            ServiceCode: "chime",
            ServiceName: "Amazon Chime",
            QuotaArn: `arn:aws:servicequotas:eu-central-1:${ACCOUNT}:chime/L-0000EXAMPLE`,
            QuotaCode: "L-0000EXAMPLE",
            QuotaName: "Amazon Chime SDK media pipeline - Maximum pipelines",
            Value: 10,
            Unit: "None",
            Adjustable: true,
            GlobalQuota: false,
          },
        ],
      });
    cloudFormation
      .reset()
      .on(DescribeStacksCommand)
      .callsFake(async ({ StackName }: { StackName: string }) => ({
        Stacks: [
          {
            StackName,
            CreationTime: new Date("2026-01-05T10:00:00Z"),
            StackStatus: "UPDATE_COMPLETE",
            Outputs: StackName.endsWith("-Ops")
              ? [{ OutputKey: "AlertsTopic", OutputValue: OPS_TOPIC }]
              : StackName.endsWith("-Messaging")
                ? [{ OutputKey: "MessagingAlertsTopic", OutputValue: MESSAGING_TOPIC }]
                : [{ OutputKey: "ForwarderAlertsTopic", OutputValue: FORWARDER_TOPIC }],
          },
        ],
      }));
    sns
      .reset()
      .on(ListSubscriptionsByTopicCommand)
      .callsFake(async ({ TopicArn }: { TopicArn: string }) => ({
        Subscriptions: [
          {
            SubscriptionArn: `${TopicArn}:2f8a1c3d-5e6b-4a7c-9d0e-1f2a3b4c5d6e`,
            Owner: ACCOUNT,
            Protocol: "email",
            Endpoint: "oncall@clinic.example",
            TopicArn,
          },
        ],
      }));
  }

  beforeEach(healthyStage);

  it("passes a stage that has everything a deploy needs, reading the schema from the Supabase the secrets name", async () => {
    const checks = await checkAwsStage({ stage: "prod", config, templates, consults: 8 });

    expect(checks.filter((check) => check.status !== "ok")).toEqual([]);
    expect(checks.map((check) => check.check)).toEqual([
      "Media pipelines service-linked role",
      "Lambda concurrency",
      "SST secrets",
      "Supabase schema",
      "Medical services in the data region",
      "Chime media pipelines quota",
      "Alert subscriptions (ops alerts)",
      "Alert subscriptions (forwarder alerts)",
      "Alert subscriptions (messaging alerts)",
    ]);
    expect(exitCodeOf(checks)).toBe(0);
    expect(ssm).toHaveReceivedCommandWith(GetParametersCommand as never, { WithDecryption: true } as never);
    expect(sns).toHaveReceivedCommandWith(ListSubscriptionsByTopicCommand, { TopicArn: FORWARDER_TOPIC });
    expect(sns).toHaveReceivedCommandWith(ListSubscriptionsByTopicCommand, { TopicArn: MESSAGING_TOPIC });
    expect(checklistText(checks)).not.toContain(supabase.serviceRoleKey);
  });

  it("names each thing a new account lacks, with its fix", async () => {
    iam.on(GetRoleCommand).rejects(
      new NoSuchEntityException({
        message: "The role with name AWSServiceRoleForAmazonChimeSDKMediaPipelines cannot be found.",
        $metadata: { httpStatusCode: 404 },
      }),
    );
    lambda.on(GetAccountSettingsCommand).resolves({
      AccountLimit: { ConcurrentExecutions: 10, UnreservedConcurrentExecutions: 10 },
    });
    ssm.on(GetParametersCommand as never).callsFake(async ({ Names = [] }: { Names?: string[] }) => ({
      Parameters: [
        {
          Name: "/sst/medpipe/prod/Secret/SUPABASE_URL/value",
          Type: "SecureString",
          Value: supabase.url,
          Version: 1,
        },
      ],
      InvalidParameters: Names.filter((name) => !name.endsWith("/prod/Secret/SUPABASE_URL/value")),
    }));
    sns.on(ListSubscriptionsByTopicCommand).resolves({
      Subscriptions: [{ SubscriptionArn: "PendingConfirmation", Protocol: "email", TopicArn: OPS_TOPIC }],
    });

    const checks = await checkAwsStage({ stage: "prod", config, templates, consults: 12 });
    const failed = Object.fromEntries(
      checks.filter((check) => check.status === "fail").map((check) => [check.check, check]),
    );

    expect(Object.keys(failed).sort()).toEqual([
      "Alert subscriptions (forwarder alerts)",
      "Alert subscriptions (messaging alerts)",
      "Alert subscriptions (ops alerts)",
      "Chime media pipelines quota",
      "Lambda concurrency",
      "Media pipelines service-linked role",
      "SST secrets",
      "Supabase schema",
    ]);
    expect(failed["Media pipelines service-linked role"]?.fix).toContain(
      "create-service-linked-role --aws-service-name mediapipelines.chime.amazonaws.com",
    );
    expect(failed["SST secrets"]?.fix).toBe(
      "npx sst secrets set SUPABASE_SERVICE_ROLE_KEY <value> --stage prod",
    );
    expect(failed["Lambda concurrency"]?.detail).toContain("account limit 10");
    expect(failed["Chime media pipelines quota"]?.detail).toContain("13 needed for 12 consults");
    expect(exitCodeOf(checks)).toBe(1);
  });

  it("fails only the checks whose call was refused, under the error's name", async () => {
    const denied = Object.assign(
      new Error("User is not authorized to perform: sns:ListSubscriptionsByTopic"),
      {
        name: "AuthorizationErrorException",
        $metadata: { httpStatusCode: 403 },
      },
    );
    sns.on(ListSubscriptionsByTopicCommand).rejects(denied);

    const checks = await checkAwsStage({ stage: "prod", config, templates, consults: null });

    expect(checks.find((check) => check.check === "Alert subscriptions (ops alerts)")).toMatchObject({
      status: "fail",
      detail: "could not check: AuthorizationErrorException",
      fix: expect.stringContaining("sns:ListSubscriptionsByTopic"),
    });
    // The ops, forwarder and messaging alerts topics, and nothing else.
    expect(checks.filter((check) => check.status === "fail")).toHaveLength(3);
  });
});

describe("medpipe doctor --out", () => {
  let out: string;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), "medpipe-doctor-"));
    await (await startEmbeddedSupabase({ dataDir: join(out, "supabase") })).stop();
  });
  afterAll(() => rm(out, { recursive: true, force: true }));

  it("checks a local run's database and the rig's concurrency, skipping what needs an AWS account", async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [BIN, "doctor", "--out", out], (error, stdout) =>
        resolve({ code: error ? Number(error.code) : 0, stdout }),
      ),
    );

    expect(stdout).toMatch(/^ok {4}Supabase schema: reachable, \d+ tables and functions/m);
    expect(stdout).toMatch(/^ok {4}Lambda concurrency: account limit 1000, the stacks reserve none/m);
    expect(stdout).toMatch(/^skip {2}Alert subscriptions: needs an AWS account/m);
    expect(code).toBe(0);
  }, 60_000);
});
