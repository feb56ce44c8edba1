import { API_ROUTES, routeKey } from "@medpipe/core/api";
import { configVariables, loadConfig } from "@medpipe/core/config";
import { archivePattern, executionFailurePattern, rulePatterns, validatePattern } from "@medpipe/core/events";
import { forwarderDeadLetterQueueName } from "@medpipe/core/replay";
import {
  retriersOf,
  TASKS,
  taskTimeoutSeconds,
  WORKFLOW_TASKS,
  type WorkflowTaskName,
} from "@medpipe/core/workflow";
import validateAsl from "asl-validator";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { localFunctions } from "../packages/cli/src/local/lambda.js";
import { LocalResources, type Template as LocalTemplate } from "../packages/cli/src/local/resources.js";
import { localStateMachines } from "../packages/cli/src/local/step-functions.js";
import { synthesize } from "./synthesize.js";

type Templates = Record<string, Record<string, unknown>>;

/** S3's longest bucket name (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
const LONGEST_BUCKET_NAME = "b".repeat(63);

/**
 * Every event pattern the templates deploy, rules' and archives', by `stack/logical id`, with each deploy-time
 * value (the recordings bucket's name, imported from Storage) at its longest, so the length quota is checked too.
 */
function deployedPatterns(templates: Templates): [string, unknown][] {
  return Object.entries(templates).flatMap(([stackName, template]) =>
    Object.entries(
      (template.Resources ?? {}) as Record<string, { Type: string; Properties?: Record<string, unknown> }>,
    )
      .filter(([, resource]) => ["AWS::Events::Rule", "AWS::Events::Archive"].includes(resource.Type))
      .filter(([, resource]) => resource.Properties?.EventPattern !== undefined)
      .map(([id, resource]): [string, unknown] => [
        `${stackName}/${id}`,
        JSON.parse(
          JSON.stringify(resource.Properties?.EventPattern).replace(
            /\{"Fn::ImportValue":"[^"]+"\}/g,
            JSON.stringify(LONGEST_BUCKET_NAME),
          ),
        ),
      ]),
  );
}

describe("the pipeline stacks", () => {
  let templates: Templates;
  let findings: unknown[];
  const stack = (name: string) => Template.fromJSON(templates[`test-medpipe-${name}`] ?? {});
  const resourcesOf = (name: string, type: string) => Object.entries(stack(name).findResources(type));
  const deployed = () => new LocalResources(templates as unknown as Record<string, LocalTemplate>);
  const machinesOf = () => localStateMachines(deployed());
  /** Each Task state of every workflow, with the task of the function it invokes. */
  const taskStates = () => {
    const functions = new Map(localFunctions(deployed()).map((fn) => [fn.arn, fn]));
    return machinesOf().flatMap((machine) =>
      Object.entries(machine.definition.States)
        .filter(([, state]) => state.Type === "Task")
        .map(([name, state]) => ({
          id: `${machine.workflow}.${name}`,
          state,
          task: functions.get(String(state.Resource))?.source as WorkflowTaskName,
        })),
    );
  };

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
      const machines = machinesOf();
      expect(machines.map((m) => m.workflow).sort()).toEqual([
        "attendance",
        "media-pipeline",
        "meeting-lifecycle",
        "transcription",
      ]);
      for (const machine of machines) {
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
      const bound = new Set(taskStates().map(({ task }) => task));
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

    it("retry what each task's dependencies raise transiently, catch nothing, and outwait their function", () => {
      for (const { id, state, task } of taskStates()) {
        const retriers = retriersOf(task).map((r) => ({
          ErrorEquals: r.errors,
          IntervalSeconds: r.intervalSeconds,
          BackoffRate: r.backoffRate,
          MaxAttempts: r.maxAttempts,
          MaxDelaySeconds: r.maxDelaySeconds,
          JitterStrategy: "FULL",
        }));
        expect(state.Retry, id).toEqual(retriers);
        expect(state.Catch, id).toBeUndefined();
        expect(state.TimeoutSeconds, id).toBe(taskTimeoutSeconds(task) + 10);
      }
    });

    it("give every function the deployed configuration, so that no handler runs on defaults", async () => {
      const stage = "config-check";
      const environment = {
        MEDPIPE_TRANSCRIBE_POLL_SECONDS: "45",
        MEDPIPE_MEDIA_PIPELINE_REGION: "eu-west-2",
      };
      Object.assign(process.env, environment);
      try {
        const { templates: configured } = await synthesize({ stage, checks: false });
        const functions = localFunctions(
          new LocalResources(configured as unknown as Record<string, LocalTemplate>),
        );
        expect(functions.map((fn) => fn.source).sort()).toEqual(
          [...TASKS, ...API_ROUTES.map((route) => route.handler)].sort(),
        );
        const expected = configVariables(loadConfig(stage, process.env));
        for (const fn of functions) expect(fn.environment, fn.name).toMatchObject(expected);
        expect(expected).toMatchObject(environment);
      } finally {
        for (const name of Object.keys(environment)) delete process.env[name];
      }
    });

    it("reserve concurrency for extraction only, which a new account can still grant", () => {
      const reserved = resourcesOf("Workflows", "AWS::Lambda::Function").filter(
        ([, fn]) => fn.Properties.ReservedConcurrentExecutions !== undefined,
      );
      expect(reserved.map(([, fn]) => fn.Properties.Environment.Variables.MEDPIPE_TASK)).toEqual([
        "extract-entities",
      ]);
    });

    it("create the Chime media pipelines' service-linked role, keeping one the account already has", () => {
      const [[, role]] = resourcesOf("Workflows", "Custom::AWS") as [
        [string, { Properties: { Create: unknown } }],
      ];
      const create = JSON.parse(JSON.stringify(role.Properties.Create).replace(/\{"Fn::[^}]+\}/g, '""'));
      expect(JSON.parse(create)).toMatchObject({
        service: "IAM",
        action: "createServiceLinkedRole",
        parameters: { AWSServiceName: "mediapipelines.chime.amazonaws.com" },
        ignoreErrorCodesMatching: "InvalidInput.*",
      });
    });
  });

  describe("failure recording", () => {
    it("turns every failed, timed-out or aborted execution of the four workflows into the run log's record", () => {
      const machineArns = machinesOf().map((m) => m.arn);
      const resources = deployed();
      const [rule] = resources
        .ofType("AWS::Events::Rule")
        .filter((r) => JSON.stringify(r.properties.EventPattern ?? null).includes("aws.states"));
      expect(rule).toBeDefined();
      const pattern = resources.resolve(rule?.properties.EventPattern, rule?.stack) as Record<
        string,
        unknown
      >;
      const expected = executionFailurePattern(machineArns) as Record<string, unknown>;
      expect(pattern).toEqual(expected);
      const [target] = resources.resolve(rule?.properties.Targets, rule?.stack) as {
        Arn: string;
        DeadLetterConfig: unknown;
      }[];
      const recorder = localFunctions(resources).find((fn) => fn.arn === target?.Arn);
      expect(recorder?.source).toBe("record-failure");
      expect(target?.DeadLetterConfig).toBeDefined();
    });
  });

  describe("routing", () => {
    it("has one rule per core pattern, starting its workflow with retries and an encrypted dead-letter queue", () => {
      const rules = resourcesOf("Routing", "AWS::Events::Rule").filter(([, rule]) =>
        JSON.stringify(rule.Properties.Targets[0].Arn).includes("Workflow"),
      );
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

    it("deploys only event patterns EventBridge accepts: every rule's and the archive's", () => {
      const patterns = deployedPatterns(templates);
      for (const [id, pattern] of patterns) {
        expect(JSON.stringify(pattern), id).not.toContain("Fn::");
        expect(() => validatePattern(pattern), id).not.toThrow();
      }
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
      const queues = [...resourcesOf("Routing", "AWS::SQS::Queue"), ...resourcesOf("Ops", "AWS::SQS::Queue")];
      expect(metricNames.filter((name) => name === "ApproximateNumberOfMessagesVisible")).toHaveLength(
        queues.length,
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
      const schedules = resourcesOf("Ops", "AWS::Events::Rule").flatMap(([, rule]) =>
        rule.Properties.ScheduleExpression ? [rule.Properties.ScheduleExpression] : [],
      );
      expect(schedules.sort()).toEqual(["rate(1 day)", "rate(1 hour)"]);
    });

    it("holds every object landing in a data bucket when its meeting is under legal hold", () => {
      const rule = resourcesOf("Ops", "AWS::Events::Rule").find(
        ([, r]) => r.Properties.EventPattern?.["detail-type"]?.[0] === "Object Created",
      )?.[1];
      expect(rule?.Properties.EventPattern.detail.bucket.name).toHaveLength(3);
      const [fnId, fn] =
        resourcesOf("Ops", "AWS::Lambda::Function").find(
          ([, f]) => f.Properties.Environment?.Variables?.MEDPIPE_TASK === "hold-new-object",
        ) ?? [];
      expect(rule?.Properties.Targets[0].Arn).toEqual({ "Fn::GetAtt": [fnId, "Arn"] });
      expect(rule?.Properties.Targets[0].DeadLetterConfig).toBeDefined();
      expect(fn?.Properties.Runtime).toBe("nodejs22.x");
      const statements = resourcesOf("Ops", "AWS::IAM::Policy").flatMap(
        ([, policy]) => policy.Properties.PolicyDocument.Statement,
      );
      const holds = statements.find((statement) => statement.Action === "s3:PutObjectLegalHold");
      expect(holds?.Resource).toHaveLength(3);
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
    const chimePatterns = rulePatterns({ recordingsBucket: "x" })
      .map((rule) => rule.pattern)
      .filter((pattern) => (pattern.source as readonly unknown[]).includes("aws.chime"));
    const forwarded = deployedPatterns(templates);
    expect(forwarded.map(([, pattern]) => pattern)).toEqual(chimePatterns);
    for (const [id, pattern] of forwarded) expect(() => validatePattern(pattern), id).not.toThrow();
    const forwarder = Template.fromJSON(templates["test-medpipe-Forwarder"] ?? {});
    const [queueId, queue] = Object.entries(forwarder.findResources("AWS::SQS::Queue"))[0] ?? [];
    expect(queue?.Properties.QueueName).toBe(forwarderDeadLetterQueueName("test"));
    const [alarm] = Object.values(forwarder.findResources("AWS::CloudWatch::Alarm"));
    expect(alarm?.Properties).toMatchObject({
      MetricName: "ApproximateNumberOfMessagesVisible",
      Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId, "QueueName"] } }],
      AlarmActions: [{ Ref: expect.stringMatching(/^ForwarderAlerts/) }],
    });
    const [topic] = Object.values(forwarder.findResources("AWS::SNS::Topic"));
    expect(topic?.Properties.KmsMasterKeyId).toBeDefined();
  });

  it("refuses to synthesize in a region that is neither the data nor a Chime region of the pipeline", async () => {
    await expect(synthesize({ stage: "test", region: "us-west-1" })).rejects.toThrow(
      /cannot deploy to us-west-1: deploy the pipeline to the data region eu-west-1/,
    );
  });
});
