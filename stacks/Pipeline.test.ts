import { API_ROUTES, routeKey } from "@medpipe/core/api";
import { configVariables, loadConfig } from "@medpipe/core/config";
import { archivePattern, executionFailurePattern, rulePatterns, validatePattern } from "@medpipe/core/events";
import { MISSING_ENTITIES_METRIC } from "@medpipe/core/meeting";
import { LAMBDA_CONCURRENCY, reservableConcurrency } from "@medpipe/core/quotas";
import { forwarderDeadLetterQueueName, OPERATOR_ACTIONS } from "@medpipe/core/replay";
import { RETENTION_DAYS, replicaKeyAlias } from "@medpipe/core/retention";
import {
  retriersOf,
  TASKS,
  taskTimeoutSeconds,
  WORKFLOW_TASKS,
  type WorkflowTaskName,
} from "@medpipe/core/workflow";
import validateAsl from "asl-validator";
import { Match, Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localFunctions } from "../packages/cli/src/local/lambda.js";
import { LocalResources, type Template as LocalTemplate } from "../packages/cli/src/local/resources.js";
import { localStateMachines } from "../packages/cli/src/local/step-functions.js";
import { synthesize, synthesizeStage } from "./synthesize.js";

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

    it("reserve no concurrency anywhere, which a new account could not grant", () => {
      const reserving = Object.entries(templates).flatMap(([name, template]) =>
        Object.entries(
          (template as { Resources: Record<string, { Type: string; Properties?: object }> }).Resources,
        )
          .filter(([, resource]) => resource.Type === "AWS::Lambda::Function")
          .filter(([, resource]) => "ReservedConcurrentExecutions" in (resource.Properties ?? {}))
          .map(([id]) => `${name}/${id}`),
      );
      expect(reservableConcurrency(LAMBDA_CONCURRENCY.newAccount)).toBe(0);
      expect(reserving).toEqual([]);
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

    it("keep every execution's input, output and history under the customer managed key", () => {
      const storageKey = Object.keys(stack("Storage").findResources("AWS::KMS::Key")).find((id) =>
        id.startsWith("DataKey"),
      );
      for (const [, machine] of resourcesOf("Workflows", "AWS::StepFunctions::StateMachine")) {
        expect(machine.Properties.EncryptionConfiguration).toMatchObject({
          Type: "CUSTOMER_MANAGED_KMS_KEY",
          KmsKeyId: { "Fn::ImportValue": expect.stringContaining(storageKey ?? "no data key") },
          KmsDataKeyReusePeriodSeconds: 300,
        });
      }
      // The rules start executions, and the failure recorder reads them, only with the key of this stage's machines.
      const statements = [...resourcesOf("Routing", "AWS::IAM::Policy")].flatMap(
        ([, policy]) => policy.Properties.PolicyDocument.Statement,
      );
      const keyUses = statements.filter((statement) => JSON.stringify(statement.Action).includes("kms:"));
      expect(keyUses.length).toBeGreaterThanOrEqual(2);
      for (const statement of keyUses) {
        expect(JSON.stringify(statement.Condition)).toContain(
          "kms:EncryptionContext:aws:states:stateMachineArn",
        );
      }
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
        expect(target.RoleArn).toEqual({ "Fn::GetAtt": [expect.stringMatching(/^StartsWorkflows/), "Arn"] });
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

    it("lets only the join and end functions call Chime meetings, on meetings of the control region", () => {
      const statements = resourcesOf("Api", "AWS::IAM::Policy").flatMap(([, policy]) =>
        (
          policy.Properties.PolicyDocument.Statement as Array<{
            Action: string | string[];
            Resource: unknown;
          }>
        ).map((statement) => ({ ...statement, policy: JSON.stringify(policy.Properties.Roles) })),
      );
      // The messaging routes' Chime SDK messaging actions are Messaging.test.ts's.
      const chime = statements.filter(
        (statement) =>
          JSON.stringify(statement.Action).includes("chime:") &&
          !JSON.stringify(statement.Resource).includes(":app-instance/"),
      );
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

    it("alarms when objects fail to replicate and when recorded consults stay without entities", () => {
      const alarms = resourcesOf("Ops", "AWS::CloudWatch::Alarm").map(([, alarm]) => alarm.Properties);
      const replication = alarms.filter((alarm) => alarm.MetricName === "OperationsFailedReplication");
      expect(replication).toHaveLength(3);
      for (const alarm of replication) {
        expect(alarm.Namespace).toBe("AWS/S3");
        expect(alarm.Dimensions.map((d: { Name: string }) => d.Name).sort()).toEqual([
          "DestinationBucket",
          "RuleId",
          "SourceBucket",
        ]);
        expect(JSON.stringify(alarm.Dimensions)).toMatch(/-medpipe-(recordings|transcripts|medical-data)-/);
      }
      expect(alarms.find((alarm) => alarm.MetricName === MISSING_ENTITIES_METRIC)).toMatchObject({
        Namespace: "medpipe",
        Statistic: "Maximum",
        Period: 3600,
        Threshold: 1,
      });
      const [, check] =
        resourcesOf("Ops", "AWS::Lambda::Function").find(
          ([, fn]) => fn.Properties.Environment?.Variables?.MEDPIPE_TASK === "check-missing-entities",
        ) ?? [];
      expect(check?.Properties.Environment.Variables.MEDPIPE_MISSING_ENTITIES_AFTER_HOURS).toBe("6");
    });

    it("names the alerts topic as an output, and creates no operator role unless asked to", () => {
      const outputs = stack("Ops").toJSON().Outputs as Record<string, { Value: unknown }>;
      expect(outputs.AlertsTopic?.Value).toEqual({ Ref: expect.stringMatching(/^OpsAlerts/) });
      expect(resourcesOf("Ops", "AWS::IAM::Role").map(([id]) => id)).not.toContainEqual(
        expect.stringMatching(/^OperatorRole/),
      );
    });

    it("closes stale meetings and checks for missing entities hourly, and sweeps retention daily", () => {
      const schedules = resourcesOf("Ops", "AWS::Events::Rule").flatMap(([, rule]) =>
        rule.Properties.ScheduleExpression ? [rule.Properties.ScheduleExpression] : [],
      );
      expect(schedules.sort()).toEqual(["rate(1 day)", "rate(1 hour)", "rate(1 hour)"]);
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
  it("deploys the event forwarder, targeting the data region's bus, and messaging to the Chime control region", async () => {
    const { templates, findings } = await synthesize({ stage: "test", region: "eu-central-1" });
    expect(Object.keys(templates)).toEqual(["test-medpipe-Forwarder", "test-medpipe-Messaging"]);
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

describe("compliance evidence and disaster recovery", () => {
  let templates: Templates;
  let regions: Record<string, string>;
  let findings: unknown[];
  const stack = (name: string) => Template.fromJSON(templates[`test-medpipe-${name}`] ?? {});
  const resourcesOf = (name: string, type: string) => Object.entries(stack(name).findResources(type));
  const dataBuckets = () =>
    resourcesOf("Storage", "AWS::S3::Bucket").filter(([id]) =>
      /^(Recordings|Transcripts|MedicalData)/.test(id),
    );

  beforeAll(async () => {
    ({ templates, regions, findings } = await synthesizeStage({ stage: "test" }));
  });

  it("synthesizes every stack of the stage in its region, with no unreviewed cdk-nag finding in any", () => {
    expect(regions).toEqual({
      "test-medpipe-Api": "eu-west-1",
      "test-medpipe-Storage": "eu-west-1",
      "test-medpipe-Workflows": "eu-west-1",
      "test-medpipe-Routing": "eu-west-1",
      "test-medpipe-Ops": "eu-west-1",
      "test-medpipe-Forwarder": "eu-central-1",
      "test-medpipe-Messaging": "eu-central-1",
      "test-medpipe-Replica": "af-south-1",
    });
    expect(findings).toEqual([]);
  });

  it("replicates every data bucket, KMS-encrypted objects included, to its replica in the secondary region", () => {
    const [roleId] =
      resourcesOf("Storage", "AWS::IAM::Role").find(([id]) => id.startsWith("ReplicationRole")) ?? [];
    expect(dataBuckets()).toHaveLength(3);
    for (const [id, bucket] of dataBuckets()) {
      const { Role, Rules } = bucket.Properties.ReplicationConfiguration;
      expect(Role).toEqual({ "Fn::GetAtt": [roleId, "Arn"] });
      expect(Rules).toHaveLength(1);
      const [rule] = Rules;
      expect(rule).toMatchObject({
        Status: "Enabled",
        Filter: { Prefix: "" },
        DeleteMarkerReplication: { Status: "Disabled" },
        SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: "Enabled" } },
        Destination: {
          ReplicationTime: { Status: "Enabled", Time: { Minutes: 15 } },
          Metrics: { Status: "Enabled", EventThreshold: { Minutes: 15 } },
        },
      });
      const slug = id.startsWith("MedicalData")
        ? "medical-data"
        : id.replace(/[0-9A-F]{8}$/, "").toLowerCase();
      const destination = JSON.stringify(rule.Destination.Bucket);
      expect(destination).toContain(`:s3:::test-medpipe-${slug}-`);
      expect(destination).toContain("-af-south-1");
      const replicaKey = JSON.stringify(rule.Destination.EncryptionConfiguration.ReplicaKmsKeyID);
      expect(replicaKey).toContain(":kms:af-south-1:");
      expect(replicaKey).toContain(`:${replicaKeyAlias("test")}`);
    }
  });

  it("lets the replication role read versions with their locks and write replicas, and nothing else", () => {
    const [, policy] =
      resourcesOf("Storage", "AWS::IAM::ManagedPolicy").find(([id]) => id.startsWith("ReplicationPolicy")) ??
      [];
    const statements = policy?.Properties.PolicyDocument.Statement as { Action: string | string[] }[];
    const actions = statements.flatMap((statement) => [statement.Action].flat()).sort();
    expect(actions).toEqual([
      "kms:Decrypt",
      "kms:Encrypt",
      "kms:GenerateDataKey",
      "s3:GetObjectLegalHold",
      "s3:GetObjectRetention",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionForReplication",
      "s3:GetObjectVersionTagging",
      "s3:GetReplicationConfiguration",
      "s3:ListBucket",
      "s3:ReplicateObject",
      "s3:ReplicateTags",
    ]);
    const encrypts = statements.find((statement) => [statement.Action].flat().includes("kms:Encrypt"));
    expect(JSON.stringify(encrypts)).toContain(`"kms:ResourceAliases":"${replicaKeyAlias("test")}"`);
  });

  it("deploys the replica buckets to the secondary region, locked like their sources, under a key of their own", () => {
    const replica = Template.fromJSON(templates["test-medpipe-Replica"] ?? {});
    replica.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
    replica.hasResourceProperties("AWS::KMS::Alias", { AliasName: replicaKeyAlias("test") });
    const sourceLock = dataBuckets()[0]?.[1].Properties.ObjectLockConfiguration;
    const buckets = Object.entries(replica.findResources("AWS::S3::Bucket")).filter(([id]) =>
      id.includes("Replica"),
    );
    expect(buckets).toHaveLength(3);
    const names = new Set<string>();
    for (const [, bucket] of buckets) {
      const properties = bucket.Properties;
      names.add(JSON.stringify(properties.BucketName));
      expect(properties.ObjectLockConfiguration).toEqual(sourceLock);
      expect(properties.ObjectLockConfiguration.Rule.DefaultRetention.Days).toBe(RETENTION_DAYS);
      expect(properties.VersioningConfiguration).toEqual({ Status: "Enabled" });
      expect(properties.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
        ServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: expect.anything() },
      });
      expect(properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] });
      expect(properties.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicPolicy: true });
    }
    // The names the Storage stack replicates to are exactly the replica stack's bucket names.
    const destinations = dataBuckets().map(([, bucket]) =>
      JSON.stringify(bucket.Properties.ReplicationConfiguration.Rules[0].Destination.Bucket),
    );
    for (const name of names) {
      expect(
        destinations.some((destination) =>
          destination.includes(JSON.parse(name)["Fn::Join"][1][0].replace(/-$/, "")),
        ),
      ).toBe(true);
    }
    for (const policy of Object.values(replica.findResources("AWS::S3::BucketPolicy"))) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      );
    }
  });

  it("records every read and write of the PHI buckets and every management event in a validated, locked trail", () => {
    const [, trail] = resourcesOf("Storage", "AWS::CloudTrail::Trail")[0] ?? [];
    expect(trail?.Properties).toMatchObject({
      EnableLogFileValidation: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      KMSKeyId: { "Fn::GetAtt": [expect.stringMatching(/^AuditKey/), "Arn"] },
      CloudWatchLogsLogGroupArn: expect.anything(),
    });
    const selectors = trail?.Properties.EventSelectors as { DataResources?: unknown }[];
    expect(selectors).toContainEqual({ IncludeManagementEvents: true, ReadWriteType: "All" });
    const selector = selectors.find((candidate) => candidate.DataResources) as {
      DataResources: { Type: string; Values: unknown }[];
    };
    expect(selector).toMatchObject({ IncludeManagementEvents: true, ReadWriteType: "All" });
    const [resources] = selector.DataResources;
    expect(resources?.Type).toBe("AWS::S3::Object");
    const logged = JSON.stringify(resources?.Values);
    for (const [id] of dataBuckets()) expect(logged).toContain(id);
    expect(logged.match(/-af-south-1\//g)).toHaveLength(3);
    const bucketId = trail?.Properties.S3BucketName.Ref;
    const bucket = stack("Storage").findResources("AWS::S3::Bucket")[bucketId];
    expect(bucket?.Properties.ObjectLockConfiguration.Rule.DefaultRetention.Days).toBe(RETENTION_DAYS);
  });

  it("keeps server access logs for the retention period and refuses to delete them earlier", () => {
    const [id, accessLogs] =
      resourcesOf("Storage", "AWS::S3::Bucket").find(([logicalId]) => logicalId.startsWith("AccessLogs")) ??
      [];
    expect(accessLogs?.Properties.LifecycleConfiguration.Rules[0]).toMatchObject({
      ExpirationInDays: RETENTION_DAYS,
      NoncurrentVersionExpiration: { NoncurrentDays: 30 },
    });
    expect(accessLogs?.Properties.ObjectLockConfiguration).toBeUndefined();
    stack("Storage").hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"] }),
        ]),
      },
    });
  });
});

describe("a stage configured with alert subscribers and an operator role", () => {
  const settings = {
    MEDPIPE_ALERT_EMAIL: "oncall@clinic.example",
    MEDPIPE_ALERT_URL: "https://hooks.clinic.example/medpipe",
    MEDPIPE_OPERATOR_ROLE_TRUST: "arn:aws:iam::111122223333:role/clinic-ops",
  };
  let synthesized: Awaited<ReturnType<typeof synthesizeStage>>;
  const stack = (name: string) => Template.fromJSON(synthesized.templates[`alerts-medpipe-${name}`] ?? {});

  beforeAll(async () => {
    Object.assign(process.env, settings);
    synthesized = await synthesizeStage({ stage: "alerts" });
  });
  afterAll(() => {
    for (const name of Object.keys(settings)) delete process.env[name];
  });

  it("passes cdk-nag with the role and the subscriptions", () => {
    expect(synthesized.findings).toEqual([]);
  });

  it("subscribes the e-mail and the HTTPS endpoint to the alerts topics of the data and the control region", () => {
    for (const name of ["Ops", "Forwarder"]) {
      const subscriptions = Object.values(stack(name).findResources("AWS::SNS::Subscription")).map(
        (subscription) => subscription.Properties,
      );
      expect(subscriptions.map(({ Protocol, Endpoint }) => [Protocol, Endpoint]).sort()).toEqual([
        ["email", settings.MEDPIPE_ALERT_EMAIL],
        ["https", settings.MEDPIPE_ALERT_URL],
      ]);
    }
  });

  it("creates the operator role with exactly the actions OPERATOR_ACTIONS lists, trusted by the configured role", () => {
    const [role] = Object.values(stack("Ops").findResources("AWS::IAM::Role")).filter(
      (r) => r.Properties.RoleName === "alerts-medpipe-operator",
    );
    expect(role?.Properties.AssumeRolePolicyDocument.Statement[0].Principal).toEqual({
      AWS: settings.MEDPIPE_OPERATOR_ROLE_TRUST,
    });
    const [policy] = Object.values(stack("Ops").findResources("AWS::IAM::ManagedPolicy"));
    const statements = policy?.Properties.PolicyDocument.Statement as {
      Action: string | string[];
      Resource: unknown;
      Condition?: unknown;
    }[];
    const granted = statements.flatMap((statement) => [statement.Action].flat());
    const listed = OPERATOR_ACTIONS.flatMap(({ allows }) => allows.map(({ action }) => action));
    expect(new Set(granted)).toEqual(new Set(listed));
    const onMessagingKeys = statements.filter((statement) =>
      JSON.stringify(statement.Resource).includes(":kms:eu-central-1:"),
    );
    expect(onMessagingKeys.map(({ Action, Condition }) => [Action, Condition])).toEqual([
      ["kms:Decrypt", { StringEquals: { "kms:ViaService": "sqs.eu-central-1.amazonaws.com" } }],
      ["kms:Decrypt", { StringEquals: { "kms:ViaService": "kinesis.eu-central-1.amazonaws.com" } }],
    ]);
    const outputs = stack("Ops").toJSON().Outputs as Record<string, unknown>;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["AlertsTopic", "OperatorRoleArn"]));
  });
});
