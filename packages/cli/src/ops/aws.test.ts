import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  StartReplayCommand,
} from "@aws-sdk/client-eventbridge";
import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { WORKFLOWS } from "@medpipe/core/events";
import { asReplayed, InvalidOptionError } from "@medpipe/core/replay";
import { createSupabaseSink, sinkClient } from "@medpipe/core/sink";
import { startEmbeddedSupabase } from "@medpipe/core/sink/embedded";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { awsBackend } from "./aws.js";
import { StageNotFoundError } from "./aws-resources.js";

const EVENTS = fileURLToPath(new URL("../../../../examples/demo-consult/events/", import.meta.url));
const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const MEETING_ID = "16ca8b41-0ca0-4234-9645-68ed5e4c0a5f";
const NOW = new Date("2026-04-12T12:00:00Z");
const machineArn = (workflow: string) =>
  `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:prod-medpipe-${workflow}`;
const executionArn = (workflow: string, name: string) =>
  `arn:aws:states:${REGION}:${ACCOUNT}:execution:prod-medpipe-${workflow}:${name}`;
const queueUrl = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;

const sfn = mockClient(SFNClient);
const sqs = mockClient(SQSClient);
const eventBridge = mockClient(EventBridgeClient);

let started: Record<string, unknown>;
let joined: Record<string, unknown>;
const audio = {
  version: "0",
  id: "9fca4ca2-6b9f-4519-9abf-fda0c5a5ce72",
  "detail-type": "Object Created",
  source: "aws.s3",
  account: ACCOUNT,
  time: "2026-04-12T09:07:00Z",
  region: REGION,
  resources: ["arn:aws:s3:::prod-recordings"],
  detail: {
    version: "0",
    bucket: { name: "prod-recordings" },
    object: { key: `concatenated/${MEETING_ID}/audio/a.mp4`, size: 51, etag: "e" },
    reason: "PutObject",
  },
};

/** An execution as ListExecutions and DescribeExecution report it (Step Functions API reference). */
interface FakeExecution {
  workflow: string;
  name: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  input: unknown;
  describe?: Partial<DescribeExecutionOutput>;
}

function serve(executions: FakeExecution[]) {
  sfn.on(ListExecutionsCommand).callsFake(async (input) => ({
    executions: executions
      .filter((e) => machineArn(e.workflow) === input.stateMachineArn)
      .filter((e) => !input.statusFilter || e.status === input.statusFilter)
      .sort((a, b) => Date.parse(b.startDate) - Date.parse(a.startDate))
      .map((e) => ({
        executionArn: executionArn(e.workflow, e.name),
        stateMachineArn: machineArn(e.workflow),
        name: e.name,
        status: e.status,
        startDate: new Date(e.startDate),
        stopDate: e.stopDate ? new Date(e.stopDate) : undefined,
      })),
  }));
  sfn.on(DescribeExecutionCommand).callsFake(async (input) => {
    const e = executions.find((x) => executionArn(x.workflow, x.name) === input.executionArn);
    if (!e)
      throw new ExecutionDoesNotExist({
        message: `Execution Does Not Exist: '${input.executionArn}'`,
        $metadata: {},
      });
    return {
      executionArn: input.executionArn,
      stateMachineArn: machineArn(e.workflow),
      name: e.name,
      status: e.status,
      startDate: new Date(e.startDate),
      stopDate: e.stopDate ? new Date(e.stopDate) : undefined,
      input: JSON.stringify(e.input),
      ...e.describe,
    };
  });
}

/** A dead-letter message as EventBridge sends it to a rule target's queue. */
function deadLetter(event: unknown, receipt: string): Message {
  return {
    MessageId: `m-${receipt}`,
    ReceiptHandle: receipt,
    Body: JSON.stringify(event),
    Attributes: { SentTimestamp: String(Date.parse("2026-04-12T10:00:00Z")) },
    MessageAttributes: {
      RULE_ARN: {
        DataType: "String",
        StringValue: `arn:aws:events:${REGION}:${ACCOUNT}:rule/prod-medpipe-Attendance`,
      },
      TARGET_ARN: { DataType: "String", StringValue: machineArn("attendance") },
      ERROR_CODE: { DataType: "String", StringValue: "SDK_CLIENT_ERROR" },
      ERROR_MESSAGE: { DataType: "String", StringValue: "Unable to invoke StartExecution: AccessDenied" },
    },
  };
}

function deadLetters(byQueue: Record<string, Message[]>) {
  sqs.on(ReceiveMessageCommand).callsFake(async (input) => ({
    Messages: byQueue[String(input.QueueUrl).split("/").at(-1) ?? ""] ?? [],
  }));
}

const backend = (environment: Record<string, string | undefined> = {}) =>
  awsBackend({ stage: "prod", region: REGION, now: () => NOW, pollMilliseconds: 0, environment });
const reports: [string, number, number][] = [];
const reporter = {
  progress: (phase: string, done: number, total: number) => void reports.push([phase, done, total]),
  note: () => {},
};

beforeAll(async () => {
  started = JSON.parse(await readFile(`${EVENTS}01-meeting-started.json`, "utf8"));
  joined = JSON.parse(await readFile(`${EVENTS}02-attendee-joined-clinician.json`, "utf8"));
});

beforeEach(() => {
  sfn.reset();
  sqs.reset();
  eventBridge.reset();
  reports.length = 0;
  sfn.on(ListStateMachinesCommand).resolves({
    stateMachines: [
      ...WORKFLOWS.map((workflow) => ({
        stateMachineArn: machineArn(workflow),
        name: `prod-medpipe-${workflow}`,
        type: "STANDARD" as const,
        creationDate: new Date("2026-01-01T00:00:00Z"),
      })),
      {
        stateMachineArn: machineArn("x"),
        name: "dev-medpipe-attendance",
        type: "STANDARD",
        creationDate: new Date(),
      },
    ],
  });
  sqs.on(GetQueueUrlCommand).callsFake(async (input) => ({ QueueUrl: queueUrl(String(input.QueueName)) }));
  deadLetters({});
  serve([]);
});

describe("failures in a stage", () => {
  it("lists failed executions with the state that failed and dead letters with EventBridge's error", async () => {
    serve([
      {
        workflow: "transcription",
        name: "6b0c-exec",
        status: "FAILED",
        startDate: "2026-04-12T09:07:01Z",
        stopDate: "2026-04-12T09:08:00Z",
        input: audio,
        describe: {
          error: "ComprehendRequestError",
          cause: JSON.stringify({
            errorType: "ComprehendRequestError",
            errorMessage: "DetectEntitiesV2 request 0 failed",
          }),
        },
      },
      {
        workflow: "transcription",
        name: "long-ago",
        status: "FAILED",
        startDate: "2026-04-01T09:07:01Z",
        stopDate: "2026-04-01T09:08:00Z",
        input: audio,
      },
    ]);
    const history = (type: string, name?: string): HistoryEvent => ({
      id: 0,
      timestamp: new Date("2026-04-12T09:08:00Z"),
      type: type as HistoryEvent["type"],
      ...(name ? { stateEnteredEventDetails: { name } } : {}),
    });
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({
        events: [
          history("ExecutionFailed"),
          history("FailStateEntered", "Failed"),
          history("TaskStateExited"),
          history("TaskSucceeded"),
          history("TaskStateEntered", "RecordFailure"),
          history("PassStateEntered", "ExtractEntitiesFailed"),
        ],
        nextToken: "page-2",
      })
      .resolvesOnce({
        events: [
          history("TaskFailed"),
          history("TaskStarted"),
          history("TaskScheduled"),
          history("TaskStateEntered", "ExtractEntities"),
          history("TaskStateEntered", "CheckTranscription"),
        ],
      });
    deadLetters({ "prod-medpipe-Attendance-dlq": [deadLetter(joined, "r1")] });

    const rows = await backend().failures(new Date("2026-04-12T00:00:00Z"));

    expect(rows).toEqual([
      {
        source: "execution",
        time: "2026-04-12T09:08:00.000Z",
        workflow: "transcription",
        execution: "6b0c-exec",
        meetingId: MEETING_ID,
        step: "ExtractEntities",
        error: "ComprehendRequestError",
        cause: "DetectEntitiesV2 request 0 failed",
        idempotencyKey: audio.id,
        eventId: audio.id,
      },
      {
        source: "dead-letter",
        time: "2026-04-12T10:00:00.000Z",
        workflow: "attendance",
        execution: null,
        meetingId: MEETING_ID,
        step: "prod-medpipe-Attendance",
        error: "SDK_CLIENT_ERROR",
        cause: "Unable to invoke StartExecution: AccessDenied",
        idempotencyKey: joined.id,
        eventId: joined.id,
      },
    ]);
    expect(sfn).toHaveReceivedCommandWith(GetExecutionHistoryCommand, {
      reverseOrder: true,
      nextToken: "page-2",
    });
    expect(sqs).toHaveReceivedCommandWith(ReceiveMessageCommand, {
      QueueUrl: queueUrl("prod-medpipe-Attendance-dlq"),
      VisibilityTimeout: 0,
      MessageAttributeNames: ["All"],
    });
  });

  it("names a timed-out execution's error and the state it was in", async () => {
    serve([
      {
        workflow: "transcription",
        name: "slow",
        status: "TIMED_OUT",
        startDate: "2026-04-12T07:00:00Z",
        stopDate: "2026-04-12T09:00:00Z",
        input: audio,
      },
    ]);
    sfn.on(GetExecutionHistoryCommand).resolves({
      events: [
        { id: 9, timestamp: NOW, type: "ExecutionTimedOut" },
        {
          id: 8,
          timestamp: NOW,
          type: "WaitStateEntered",
          stateEnteredEventDetails: { name: "WaitForTranscript" },
        },
      ],
    });
    expect(await backend().failures(new Date("2026-04-12T08:00:00Z"))).toEqual([
      expect.objectContaining({ execution: "slow", step: "WaitForTranscript", error: "States.Timeout" }),
    ]);
  });

  it("says the stage is not deployed when one of its state machines is missing", async () => {
    sfn.on(ListStateMachinesCommand).resolves({ stateMachines: [] });
    await expect(backend().failures(NOW)).rejects.toThrow(StageNotFoundError);
    await expect(backend().failures(NOW)).rejects.toThrow(
      "state machine prod-medpipe-meeting-lifecycle not found in eu-west-1: is stage prod deployed there?",
    );
  });
});

describe("replay in a stage", () => {
  const window = { from: new Date("2026-04-12T09:00:00Z"), to: new Date("2026-04-12T10:00:00Z") };
  const replayName = "medpipe-20260412T120000";

  it("replays the window from the archive to the stage's rules, follows it, then waits for its executions", async () => {
    eventBridge.on(DescribeArchiveCommand).resolves({
      ArchiveArn: `arn:aws:events:${REGION}:${ACCOUNT}:archive/prod-medpipe-events`,
      EventSourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`,
      State: "ENABLED",
    });
    eventBridge.on(ListRuleNamesByTargetCommand).callsFake(async (input) => ({
      RuleNames: String(input.TargetArn).endsWith("attendance") ? ["prod-medpipe-Attendance"] : [],
    }));
    eventBridge.on(DescribeRuleCommand).callsFake(async (input) => ({
      Name: input.Name,
      Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/${input.Name}`,
    }));
    eventBridge.on(StartReplayCommand).resolves({ State: "STARTING", ReplayStartTime: NOW });
    eventBridge
      .on(DescribeReplayCommand)
      .resolvesOnce({ State: "RUNNING", EventLastReplayedTime: new Date("2026-04-12T09:30:00Z") })
      .resolves({ State: "COMPLETED", EventLastReplayedTime: new Date("2026-04-12T09:59:00Z") });
    serve([
      {
        workflow: "attendance",
        name: "ours",
        status: "SUCCEEDED",
        startDate: "2026-04-12T12:00:30Z",
        input: asReplayed(joined, replayName),
      },
      {
        workflow: "attendance",
        name: "not-ours",
        status: "SUCCEEDED",
        startDate: "2026-04-12T12:00:40Z",
        input: joined,
      },
    ]);
    deadLetters({ "prod-medpipe-Attendance-dlq": [deadLetter(joined, "r7")] });

    const report = await backend().replay({ window, meetingId: null }, reporter);

    expect(report).toEqual({ replayName, events: 1, executions: 1, failed: 0 });
    expect(eventBridge).toHaveReceivedCommandWith(StartReplayCommand, {
      ReplayName: replayName,
      EventSourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:archive/prod-medpipe-events`,
      EventStartTime: window.from,
      EventEndTime: window.to,
      Destination: {
        Arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`,
        FilterArns: [`arn:aws:events:${REGION}:${ACCOUNT}:rule/prod-medpipe-Attendance`],
      },
    });
    expect(reports).toContainEqual(["replay", 50, 100]);
    expect(reports).toContainEqual(["replay", 100, 100]);
    expect(reports.at(-1)).toEqual(["executions", 1, 1]);
    expect(sqs).toHaveReceivedCommandWith(DeleteMessageCommand, { ReceiptHandle: "r7" });
  });

  it("stops with the reason when EventBridge fails the replay", async () => {
    eventBridge.on(DescribeArchiveCommand).resolves({ ArchiveArn: "arn:a", EventSourceArn: "arn:b" });
    eventBridge.on(ListRuleNamesByTargetCommand).resolves({ RuleNames: ["r"] });
    eventBridge.on(DescribeRuleCommand).resolves({ Arn: "arn:r" });
    eventBridge.on(StartReplayCommand).resolves({});
    eventBridge.on(DescribeReplayCommand).resolves({ State: "FAILED", StateReason: "archive key disabled" });
    await expect(backend().replay({ window, meetingId: null }, reporter)).rejects.toThrow(
      `replay ${replayName} ended FAILED: archive key disabled`,
    );
  });

  it("re-puts one meeting's events into their workflows under the replay's name, and reports their outcome", async () => {
    const otherMeeting = {
      ...started,
      id: "5c2f1e8a-3b4d-4e6f-8a9b-0c1d2e3f4a5b",
      detail: { ...(started.detail as object), meetingId: "0b0cd7a4-96b1-4c52-9d46-a1a3f3e0a8f1" },
    };
    const executions: FakeExecution[] = [
      {
        workflow: "meeting-lifecycle",
        name: "a",
        status: "SUCCEEDED",
        startDate: "2026-04-12T09:00:01Z",
        input: started,
      },
      {
        workflow: "meeting-lifecycle",
        name: "b",
        status: "SUCCEEDED",
        startDate: "2026-04-12T09:01:01Z",
        input: otherMeeting,
      },
      {
        workflow: "transcription",
        name: "c",
        status: "FAILED",
        startDate: "2026-04-12T09:07:01Z",
        input: audio,
      },
    ];
    serve(executions);
    deadLetters({ "prod-medpipe-Attendance-dlq": [deadLetter(joined, "r9")] });
    sfn.on(StartExecutionCommand).callsFake(async (input) => {
      const workflow = String(input.stateMachineArn).split("prod-medpipe-")[1] ?? "";
      executions.push({
        workflow,
        name: String(input.name),
        status: "SUCCEEDED",
        startDate: NOW.toISOString(),
        input: JSON.parse(String(input.input)),
      });
      return { executionArn: executionArn(workflow, String(input.name)), startDate: NOW };
    });

    const report = await backend().replay({ window, meetingId: MEETING_ID }, reporter);

    expect(report).toEqual({ replayName, events: 3, executions: 3, failed: 0 });
    const puts = sfn.commandCalls(StartExecutionCommand).map(({ args: [command] }) => command.input);
    expect(puts.map((put) => [put.stateMachineArn, put.name])).toEqual([
      [machineArn("meeting-lifecycle"), `${started.id}_${replayName}`],
      [machineArn("attendance"), `${joined.id}_${replayName}`],
      [machineArn("transcription"), `${audio.id}_${replayName}`],
    ]);
    expect(JSON.parse(String(puts[2]?.input))).toEqual(asReplayed(audio, replayName));
    expect(sqs).toHaveReceivedCommandWith(DeleteMessageCommand, { ReceiptHandle: "r9" });
  });
});

describe("redrive in a stage", () => {
  it("redrives each failed execution it can, and says why it cannot redrive the others", async () => {
    const failed = (name: string, describe: Partial<DescribeExecutionOutput>): FakeExecution => ({
      workflow: "transcription",
      name,
      status: "FAILED",
      startDate: "2026-04-12T09:07:01Z",
      stopDate: "2026-04-12T09:08:00Z",
      input: audio,
      describe,
    });
    serve([
      failed("recent", { redriveStatus: "REDRIVABLE" }),
      failed("old", {
        redriveStatus: "NOT_REDRIVABLE",
        redriveStatusReason: "Execution redrivable period exceeded",
      }),
      failed("racing", { redriveStatus: "REDRIVABLE" }),
    ]);
    sfn
      .on(RedriveExecutionCommand)
      .resolves({ redriveDate: NOW })
      .on(RedriveExecutionCommand, { executionArn: executionArn("transcription", "racing") })
      .rejects(
        new ExecutionNotRedrivable({ message: "Execution is RUNNING and cannot be redriven", $metadata: {} }),
      );

    const report = await backend().redrive({ failedSince: new Date("2026-04-12T00:00:00Z") }, reporter);

    expect(report).toEqual({
      mode: "resumed",
      redriven: [{ execution: "recent", workflow: "transcription", redrivenAs: "recent", status: "RUNNING" }],
      notRedriven: [
        { execution: "old", reason: "Execution redrivable period exceeded" },
        {
          execution: "racing",
          reason: "ExecutionNotRedrivable: Execution is RUNNING and cannot be redriven",
        },
      ],
    });
    expect(sfn).toHaveReceivedCommandTimes(RedriveExecutionCommand, 2);
  });

  it("finds a named execution in whichever workflow ran it, and refuses a name none did", async () => {
    serve([
      {
        workflow: "attendance",
        name: "d6c7",
        status: "FAILED",
        startDate: "2026-04-12T09:00:06Z",
        stopDate: "2026-04-12T09:00:07Z",
        input: joined,
        describe: { redriveStatus: "REDRIVABLE" },
      },
    ]);
    sfn.on(RedriveExecutionCommand).resolves({ redriveDate: NOW });
    expect((await backend().redrive({ execution: "d6c7" }, reporter)).redriven).toEqual([
      { execution: "d6c7", workflow: "attendance", redrivenAs: "d6c7", status: "RUNNING" },
    ]);
    expect(sfn).toHaveReceivedCommandWith(RedriveExecutionCommand, {
      executionArn: executionArn("attendance", "d6c7"),
    });
    await expect(backend().redrive({ execution: "nope" }, reporter)).rejects.toThrow(InvalidOptionError);
  });
});

describe("status in a stage", () => {
  it("needs the clinic's Supabase from the environment, naming the variable", async () => {
    await expect(backend({}).status(MEETING_ID)).rejects.toMatchObject({ option: "SUPABASE_URL" });
    await expect(
      backend({ SUPABASE_URL: "https://x.supabase.co" }).hold(MEETING_ID, "r"),
    ).rejects.toMatchObject({
      option: "SUPABASE_SERVICE_ROLE_KEY",
    });
  });

  it("puts the run log's executions, described by Step Functions, beside the meeting's results", async () => {
    const supabase = await startEmbeddedSupabase();
    try {
      const sink = createSupabaseSink(
        sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }),
      );
      const claim = {
        idempotencyKey: String(started.id),
        eventId: String(started.id),
        workflow: "meeting-lifecycle",
        meetingId: MEETING_ID,
        replayName: null,
        execution: "lifecycle-1",
        staleAfterSeconds: 3600,
      };
      await sink.recordMeetingStart(claim, {
        meetingId: MEETING_ID,
        externalMeetingId: null,
        startedAt: "2026-04-12T09:00:00Z",
      });
      await sink.finishRun(claim, { status: "succeeded" });
      serve([
        {
          workflow: "meeting-lifecycle",
          name: "lifecycle-1",
          status: "SUCCEEDED",
          startDate: "2026-04-12T09:00:01Z",
          input: started,
        },
      ]);

      const timeline = await backend({
        SUPABASE_URL: supabase.url,
        SUPABASE_SERVICE_ROLE_KEY: supabase.serviceRoleKey,
      }).status(MEETING_ID);

      expect(timeline.map((entry) => entry.kind)).toEqual(["event", "result", "execution", "run"]);
      expect(timeline[2]).toMatchObject({ execution: "lifecycle-1", status: "SUCCEEDED", failedState: null });
      expect(timeline[3]).toMatchObject({ idempotencyKey: started.id, status: "succeeded", attempts: 1 });
    } finally {
      await supabase.stop();
    }
  });
});
