import { API_ROUTES, routeKey } from "@medpipe/core/api";
import { archivePattern, rulePatterns } from "@medpipe/core/events";
import { WORKFLOW_TASKS } from "@medpipe/core/workflow";
import validateAsl from "asl-validator";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { stateMachinesOf } from "../packages/cli/src/local/state-machines.js";
import { synthesize } from "./synthesize.js";

type Templates = Record<string, Record<string, unknown>>;

describe("the pipeline stacks", () => {
  let templates: Templates;
  let findings: unknown[];
  const stack = (name: string) => Template.fromJSON(templates[`test-medpipe-${name}`] ?? {});
  const resourcesOf = (name: string, type: string) => Object.entries(stack(name).findResources(type));

  beforeAll(async () => {
    ({ templates, findings } = await synthesize({ stage: "test" }));
  });

  it("deploys storage, workflows, routing, ops and the API to the data region with no unreviewed cdk-nag finding", () => {
    expect(Object.keys(templates).sort()).toEqual([
      "test-medpipe-Api",
      "test-medpipe-Ops",
      "test-medpipe-Routing",
      "test-medpipe-Storage",
      "test-medpipe-Workflows",
    ]);
    expect(findings).toEqual([]);
  });

  describe("workflows", () => {
    it("are Standard state machines with JSONPath definitions that pass asl-validator", () => {
      const machines = stateMachinesOf(templates["test-medpipe-Workflows"] as never);
      expect([...machines.keys()].sort()).toEqual([
        "attendance",
        "media-pipeline",
        "meeting-lifecycle",
        "transcription",
      ]);
      for (const machine of machines.values()) {
        const result = validateAsl(machine.definition);
        expect(result.isValid, `${machine.workflow}: ${result.errorsText()}`).toBe(true);
        expect((machine.definition as { QueryLanguage?: string }).QueryLanguage ?? "JSONPath").toBe(
          "JSONPath",
        );
      }
      for (const [, machine] of resourcesOf("Workflows", "AWS::StepFunctions::StateMachine")) {
        expect(machine.Properties.StateMachineType).toBe("STANDARD");
      }
    });

    it("log every execution to an encrypted log group without execution data, traced by X-Ray", () => {
      for (const [, machine] of resourcesOf("Workflows", "AWS::StepFunctions::StateMachine")) {
        expect(machine.Properties.LoggingConfiguration).toMatchObject({
          Level: "ALL",
          IncludeExecutionData: false,
        });
        expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
      }
      const [[, logGroup]] = resourcesOf("Workflows", "AWS::Logs::LogGroup") as [
        [string, { Properties: { KmsKeyId?: unknown } }],
      ];
      expect(logGroup.Properties.KmsKeyId).toBeDefined();
    });

    it("bind every task state to a function of that task, running Node.js 22", () => {
      const machines = stateMachinesOf(templates["test-medpipe-Workflows"] as never);
      const bound = new Set([...machines.values()].flatMap((m) => Object.values(m.taskOfState)));
      expect([...bound].sort()).toEqual([...WORKFLOW_TASKS].sort());
      for (const [, fn] of resourcesOf("Workflows", "AWS::Lambda::Function")) {
        expect(fn.Properties.Runtime).toBe("nodejs22.x");
      }
    });

    it("give functions the Supabase secrets only as SSM references, never as values", () => {
      const tasks = resourcesOf("Workflows", "AWS::Lambda::Function").filter(
        ([, fn]) => fn.Properties.Environment?.Variables?.MEDPIPE_TASK,
      );
      expect(tasks).toHaveLength(WORKFLOW_TASKS.length);
      for (const [, fn] of tasks) {
        const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
        expect(variables.SST_Secret_value_SUPABASE_SERVICE_ROLE_KEY).toBe("__FETCH_FROM_SSM__");
        expect(variables.SST_Secret_value_SUPABASE_URL).toBe("__FETCH_FROM_SSM__");
      }
    });

    it("retry transient errors and catch everything else into the failure path", () => {
      const machines = stateMachinesOf(templates["test-medpipe-Workflows"] as never);
      for (const machine of machines.values()) {
        for (const [name, state] of Object.entries(machine.definition.States)) {
          if (state.Type !== "Task") continue;
          const retry = state.Retry as { ErrorEquals: string[] }[];
          expect(retry[0]?.ErrorEquals, `${machine.workflow}.${name}`).toContain("ThrottlingException");
          if (name !== "RecordFailure") {
            expect((state.Catch as { ErrorEquals: string[] }[])[0]?.ErrorEquals).toEqual(["States.ALL"]);
          }
        }
      }
    });
  });

  describe("routing", () => {
    it("has one rule per core pattern, starting its workflow with retries and an encrypted dead-letter queue", () => {
      const rules = resourcesOf("Routing", "AWS::Events::Rule");
      expect(rules).toHaveLength(rulePatterns({ recordingsBucket: "x" }).length);
      for (const [, rule] of rules) {
        const [target] = rule.Properties.Targets;
        expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 });
        expect(target.DeadLetterConfig.Arn).toBeDefined();
        expect(JSON.stringify(target.Arn)).toContain("Workflow");
      }
      for (const [, queue] of resourcesOf("Routing", "AWS::SQS::Queue")) {
        expect(queue.Properties.KmsMasterKeyId).toBeDefined();
      }
    });

    it("uses the core rule patterns as they are, with the recordings bucket filled in", () => {
      const rules = resourcesOf("Routing", "AWS::Events::Rule").map(
        ([, rule]) => rule.Properties.EventPattern,
      );
      const expected = rulePatterns({ recordingsBucket: "BUCKET" }).map((rule) =>
        JSON.parse(JSON.stringify(rule.pattern)),
      );
      const withBucket = (pattern: unknown) =>
        JSON.parse(JSON.stringify(pattern).replace(/\{"Fn::ImportValue":"[^"]+"\}/g, '"BUCKET"'));
      expect(rules.map(withBucket)).toEqual(expect.arrayContaining(expected));
    });

    it("archives every event the rules consume, encrypted, for 90 days", () => {
      const [[, archive]] = resourcesOf("Routing", "AWS::Events::Archive") as [
        [string, { Properties: Record<string, unknown> }],
      ];
      expect(archive.Properties.RetentionDays).toBe(90);
      expect(archive.Properties.KmsKeyIdentifier).toBeDefined();
      const pattern = JSON.parse(
        JSON.stringify(archive.Properties.EventPattern).replace(/\{"Fn::ImportValue":"[^"]+"\}/g, '"BUCKET"'),
      );
      expect(pattern).toEqual(JSON.parse(JSON.stringify(archivePattern({ recordingsBucket: "BUCKET" }))));
    });
  });

  describe("api", () => {
    it("serves exactly the core route table, on Node.js 22", () => {
      const routes = resourcesOf("Api", "AWS::ApiGatewayV2::Route").map(
        ([, route]) => route.Properties.RouteKey,
      );
      expect(routes.sort()).toEqual(API_ROUTES.map(routeKey).sort());
      for (const [, fn] of resourcesOf("Api", "AWS::Lambda::Function")) {
        expect(fn.Properties.Runtime).toBe("nodejs22.x");
      }
    });

    it("throttles the stage and logs each request's ids, status and timings, encrypted, without caller IP or path", () => {
      const [[, stage]] = resourcesOf("Api", "AWS::ApiGatewayV2::Stage") as [
        [string, { Properties: Record<string, { [key: string]: unknown }> }],
      ];
      expect(stage.Properties.DefaultRouteSettings).toMatchObject({
        ThrottlingRateLimit: 50,
        ThrottlingBurstLimit: 100,
      });
      const format = String(stage.Properties.AccessLogSettings?.Format);
      expect(JSON.parse(format)).toMatchObject({
        requestId: "$context.requestId",
        status: "$context.status",
      });
      expect(format).not.toMatch(/sourceIp|userAgent|\$context\.path/);
      const logGroups = resourcesOf("Api", "AWS::Logs::LogGroup");
      expect(logGroups.map(([, group]) => group.Properties.KmsKeyId)).not.toContain(undefined);
    });

    it("give the route functions the Supabase secrets, the JWT secret included, only as SSM references", () => {
      const routeFunctions = resourcesOf("Api", "AWS::Lambda::Function").filter(
        ([, fn]) => fn.Properties.Environment?.Variables?.SST_Secret_value_SUPABASE_JWT_SECRET,
      );
      expect(routeFunctions).toHaveLength(API_ROUTES.length);
      for (const [, fn] of routeFunctions) {
        const variables = fn.Properties.Environment.Variables as Record<string, unknown>;
        for (const secret of ["SUPABASE_URL", "SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_JWT_SECRET"]) {
          expect(variables[`SST_Secret_value_${secret}`]).toBe("__FETCH_FROM_SSM__");
        }
      }
    });

    it("lets only the join and end functions call Chime, on meetings of the control region", () => {
      const statements = resourcesOf("Api", "AWS::IAM::Policy").flatMap(([, policy]) =>
        (
          policy.Properties.PolicyDocument.Statement as Array<{
            Action: string | string[];
            Resource: unknown;
          }>
        ).map((statement) => ({ ...statement, policy: JSON.stringify(policy.Properties.Roles) })),
      );
      const chime = statements.filter((statement) => JSON.stringify(statement.Action).includes("chime:"));
      expect(chime.flatMap((statement) => [statement.Action].flat()).sort()).toEqual([
        "chime:CreateAttendee",
        "chime:CreateMeetingWithAttendees",
        "chime:DeleteMeeting",
        "chime:GetMeeting",
      ]);
      for (const statement of chime)
        expect(JSON.stringify(statement.Resource)).toContain(":chime:eu-central-1:");
    });
  });

  describe("ops", () => {
    it("alarms on dead letters, failed and timed-out executions and sustained Comprehend throttling", () => {
      const alarms = resourcesOf("Ops", "AWS::CloudWatch::Alarm").map(([, alarm]) => alarm.Properties);
      const metricNames = alarms.map((alarm) => alarm.MetricName);
      expect(metricNames.filter((name) => name === "ApproximateNumberOfMessagesVisible")).toHaveLength(
        rulePatterns({ recordingsBucket: "x" }).length + 1,
      );
      expect(metricNames.filter((name) => name === "ExecutionsFailed")).toHaveLength(4);
      expect(metricNames.filter((name) => name === "ExecutionsTimedOut")).toHaveLength(4);
      expect(alarms.find((alarm) => alarm.MetricName === "ComprehendThrottles")).toMatchObject({
        EvaluationPeriods: 3,
        Threshold: 20,
      });
      for (const alarm of alarms) expect(alarm.AlarmActions).toHaveLength(1);
    });

    it("closes stale meetings hourly and sweeps retention daily", () => {
      const schedules = resourcesOf("Ops", "AWS::Events::Rule").map(
        ([, rule]) => rule.Properties.ScheduleExpression,
      );
      expect(schedules.sort()).toEqual(["rate(1 day)", "rate(1 hour)"]);
    });
  });
});

describe("regions", () => {
  it("deploys only the event forwarder to the Chime control region, targeting the data region's bus", async () => {
    const { templates, findings } = await synthesize({ stage: "test", region: "eu-central-1" });
    expect(Object.keys(templates)).toEqual(["test-medpipe-Forwarder"]);
    expect(findings).toEqual([]);
    const rules = Object.values(
      Template.fromJSON(templates["test-medpipe-Forwarder"] ?? {}).findResources("AWS::Events::Rule"),
    );
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(JSON.stringify(rule.Properties.Targets[0].Arn)).toContain(":events:eu-west-1:");
      expect(rule.Properties.EventPattern.source).toEqual(["aws.chime"]);
    }
  });

  it("refuses to synthesize in a region that is neither the data nor a Chime region of the pipeline", async () => {
    await expect(synthesize({ stage: "test", region: "us-west-1" })).rejects.toThrow(
      /cannot deploy to us-west-1: deploy the pipeline to the data region eu-west-1/,
    );
  });
});
