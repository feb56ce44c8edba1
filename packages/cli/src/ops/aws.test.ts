import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { DescribeReplayCommand, EventBridgeClient, StartReplayCommand } from "@aws-sdk/client-eventbridge";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import {
  InvokeCommand,
  type InvokeCommandOutput,
  LambdaClient,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import { ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { EXECUTION_FAILURES_RULE, rulePatterns } from "@medpipe/core/events";
import { consultChannelArn, consultIdOfChannel, messagingNames, poisonLetter } from "@medpipe/core/messaging";
import {
  asReplayed,
  chatDeadLetterQueueName,
  InvalidOptionError,
  OPERATOR_ACTIONS,
} from "@medpipe/core/replay";
import { createSupabaseSink, type Sink, sinkClient } from "@medpipe/core/sink";
import { type EmbeddedSupabase, startEmbeddedSupabase } from "@medpipe/core/sink/embedded";
import { mockClient } from "aws-sdk-client-mock";
import "aws-sdk-client-mock-vitest/extend";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { VersionedBuckets } from "../../../core/src/retention/s3-versions.fixture.js";
import { awsBackend } from "./aws.js";
import { ReplayFailedError, ReplayLimitError, ReplayStillRunningError } from "./aws-replay.js";
import { deadLetterQueueName, forwarderDeadLetterQueueName, StageNotFoundError } from "./aws-resources.js";
import type { OpsReporter } from "./backend.js";
import { EventBridgeModel } from "./eventbridge.fixture.js";
import { KinesisModel } from "./kinesis.fixture.js";
import { SqsModel } from "./sqs.fixture.js";
import { IRELAND_QUOTAS, type ModelExecution, StepFunctionsModel } from "./step-functions.fixture.js";

const EVENTS = fileURLToPath(new URL("../../../../examples/demo-consult/events/", import.meta.url));
const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const CONTROL = "eu-central-1";
const MEETING_ID = "16ca8b41-0ca0-4234-9645-68ed5e4c0a5f";
const NOW = new Date("2026-04-12T12:00:00Z");
const BUCKETS = {
  recordings: "prod-medpipe-storage-recordingsb7a8-1x2y",
  transcripts: "prod-medpipe-storage-transcripts5c1e-3z4w",
  medicalData: "prod-medpipe-storage-medicaldata9d0f-5v6u",
};
const RULES = rulePatterns({ recordingsBucket: BUCKETS.recordings });

const sqsClient = mockClient(SQSClient);
const eventBridgeClient = mockClient(EventBridgeClient);
const s3Client = mockClient(S3Client);
const cloudFormationClient = mockClient(CloudFormationClient);
const kinesisClient = mockClient(KinesisClient);
const lambdaClient = mockClient(LambdaClient);

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
  resources: [`arn:aws:s3:::${BUCKETS.recordings}`],
  detail: {
    version: "0",
    bucket: { name: BUCKETS.recordings },
    object: { key: `concatenated/${MEETING_ID}/audio/a.mp4`, size: 51, etag: "e" },
    reason: "PutObject",
  },
};
/** A Chime event of another meeting, at a given time. */
const otherMeeting = (id: string, time = "2026-04-12T09:30:00Z") => ({
  ...joined,
  id,
  time,
  detail: { ...(joined.detail as object), meetingId: "0b0cd7a4-96b1-4c52-9d46-a1a3f3e0a8f1" },
});
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

let clock: () => number;
let sfn: StepFunctionsModel;
let sqs: SqsModel;
let events: EventBridgeModel;
let stored: VersionedBuckets;

/** Every command the ops code sent in this file's tests, as `<client>.<command>`. */
const sent = new Set<string>();

/** A dead letter as EventBridge sends it to a rule target's queue: the event, and why it could not deliver it. */
function deadLetter(queue: string, event: unknown, rule = "Attendance", region = REGION) {
  sqs.send(
    region,
    queue,
    event,
    {
      RULE_ARN: `arn:aws:events:${region}:${ACCOUNT}:rule/prod-medpipe-${rule}`,
      TARGET_ARN: sfn.machineArn("attendance"),
      ERROR_CODE: "SDK_CLIENT_ERROR",
      ERROR_MESSAGE: "Unable to invoke StartExecution: AccessDenied",
    },
    Date.parse("2026-04-12T10:00:00Z"),
  );
}
const attendanceQueue = deadLetterQueueName("prod", "Attendance");
const forwarderQueue = forwarderDeadLetterQueueName("prod");

const backend = (
  options: { environment?: Record<string, string | undefined>; now?: () => Date; stage?: string } = {},
) =>
  awsBackend({
    stage: options.stage ?? "prod",
    regions: { data: REGION, control: CONTROL },
    now: options.now ?? (() => NOW),
    pollMilliseconds: 0,
    environment: options.environment ?? {},
    requestHandler: sfn.handler,
  });

const reports: [string, number, number][] = [];
const notes: string[] = [];
const interrupts: string[] = [];
const reporter: OpsReporter = {
  progress: (phase, done, total) => void reports.push([phase, done, total]),
  note: (line) => void notes.push(line),
  onInterrupt: (line) => void interrupts.push(line),
};

beforeAll(async () => {
  started = JSON.parse(await readFile(`${EVENTS}01-meeting-started.json`, "utf8"));
  joined = JSON.parse(await readFile(`${EVENTS}02-attendee-joined-clinician.json`, "utf8"));
  // The SDK signs the Step Functions requests its models answer; the keys sign nothing real.
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAOPSTESTS");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "ops-tests");
});
afterAll(() => vi.unstubAllEnvs());

beforeEach(() => {
  clock = () => Date.now();
  reports.length = 0;
  notes.length = 0;
  interrupts.length = 0;
  sfn = new StepFunctionsModel({ stage: "prod", region: REGION, account: ACCOUNT, now: () => clock() });
  sqs = new SqsModel({ account: ACCOUNT, now: () => clock() });
  for (const rule of RULES) sqs.create(REGION, deadLetterQueueName("prod", rule.name));
  sqs.create(REGION, deadLetterQueueName("prod", EXECUTION_FAILURES_RULE));
  sqs.create(CONTROL, forwarderQueue);
  sqs.create(CONTROL, chatDeadLetterQueueName("prod"));
  sqs.install(sqsClient);
  events = new EventBridgeModel({
    stage: "prod",
    region: REGION,
    account: ACCOUNT,
    sfn,
    recordingsBucket: BUCKETS.recordings,
  });
  events.install(eventBridgeClient);
  stored = new VersionedBuckets(Object.values(BUCKETS));
  stored.install(s3Client);
  cloudFormationClient.on(DescribeStacksCommand, { StackName: "prod-medpipe-Storage" }).resolves({
    Stacks: [
      {
        StackName: "prod-medpipe-Storage",
        CreationTime: new Date("2026-01-01T00:00:00Z"),
        StackStatus: "UPDATE_COMPLETE",
        Outputs: [
          { OutputKey: "RecordingsBucket", OutputValue: BUCKETS.recordings },
          { OutputKey: "TranscriptsBucket", OutputValue: BUCKETS.transcripts },
          { OutputKey: "MedicalDataBucket", OutputValue: BUCKETS.medicalData },
          { OutputKey: "DataKeyArn", OutputValue: `arn:aws:kms:${REGION}:${ACCOUNT}:key/data` },
        ],
      },
    ],
  });
});

afterEach(() => {
  for (const { operation } of sfn.calls) sent.add(`SFN.${operation}`);
  const clients = {
    SQS: sqsClient,
    EventBridge: eventBridgeClient,
    S3: s3Client,
    CloudFormation: cloudFormationClient,
    Kinesis: kinesisClient,
    Lambda: lambdaClient,
  };
  for (const [client, mock] of Object.entries(clients)) {
    for (const call of mock.calls())
      sent.add(`${client}.${call.args[0].constructor.name.replace(/Command$/, "")}`);
    mock.reset();
  }
});

/** A failed execution of a workflow, stopped in a Lambda task after its retries. */
const failed = (workflow: string, name: string, extra: Partial<ModelExecution> = {}): ModelExecution => ({
  workflow,
  name,
  status: "FAILED",
  startDate: "2026-04-12T09:07:01Z",
  stopDate: "2026-04-12T09:08:00Z",
  input: audio,
  ...extra,
});

describe("failures in a stage", () => {
  it("lists the chat consumer's letters from the messaging region: a poison record's reason and a batch Lambda gave up", async () => {
    const streamArn = `arn:aws:kinesis:${CONTROL}:${ACCOUNT}:stream/chime-messaging-prod-medpipe`;
    sqs.send(
      CONTROL,
      chatDeadLetterQueueName("prod"),
      {
        kind: "poison",
        reason: "consult-not-found",
        messageId: "m-1",
        eventType: "CREATE_CHANNEL_MESSAGE",
        streamArn,
        shardId: "shardId-000000000001",
        sequenceNumber: "49600000000000000000000000000000000000000007",
        arrivedAt: "2026-04-12T09:59:00.000Z",
      },
      {},
      Date.parse("2026-04-12T10:00:00Z"),
    );
    sqs.send(
      CONTROL,
      chatDeadLetterQueueName("prod"),
      {
        requestContext: {
          requestId: "r",
          functionArn: "f",
          condition: "RetryAttemptsExhausted",
          approximateInvokeCount: 6,
        },
        responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
        version: "1.0",
        timestamp: "2026-04-12T10:01:00.000Z",
        KinesisBatchInfo: {
          shardId: "shardId-000000000000",
          startSequenceNumber: "49600000000000000000000000000000000000000002",
          endSequenceNumber: "49600000000000000000000000000000000000000004",
          approximateArrivalOfFirstRecord: "2026-04-12T10:00:30.000Z",
          approximateArrivalOfLastRecord: "2026-04-12T10:00:31.000Z",
          batchSize: 3,
          streamArn,
        },
      },
      {},
      Date.parse("2026-04-12T10:01:00Z"),
    );

    const rows = (await backend().failures(new Date("2026-04-12T00:00:00Z"), reporter)).filter(
      (row) => row.source === "chat-letter",
    );

    expect(rows).toEqual([
      expect.objectContaining({
        workflow: "chat",
        error: "consult-not-found",
        eventId: "m-1",
        idempotencyKey: "shardId-000000000001/49600000000000000000000000000000000000000007",
      }),
      expect.objectContaining({
        error: "RetryAttemptsExhausted",
        cause: "Unhandled",
        idempotencyKey:
          "shardId-000000000000/49600000000000000000000000000000000000000002-49600000000000000000000000000000000000000004",
      }),
    ]);
    expect(sqs.visible(CONTROL, chatDeadLetterQueueName("prod"))).toBe(2);
  });

  it("lists failed executions with the state that failed after its retries, and dead letters with EventBridge's error", async () => {
    sfn.add(
      failed("transcription", "6b0c-exec", {
        failedIn: "ExtractEntities",
        error: "ComprehendRequestError",
        cause: JSON.stringify({
          errorType: "ComprehendRequestError",
          errorMessage: "DetectEntitiesV2 request 0 failed",
        }),
      }),
      failed("transcription", "long-ago", {
        startDate: "2026-04-01T09:07:01Z",
        stopDate: "2026-04-01T09:08:00Z",
      }),
    );
    deadLetter(attendanceQueue, joined);

    const rows = await backend().failures(new Date("2026-04-12T00:00:00Z"), reporter);

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
    expect(sqs.visible(REGION, attendanceQueue)).toBe(1);
  });

  it("lists every dead letter of a queue holding more than ten, and leaves them all visible in the queue", async () => {
    for (let n = 1; n <= 25; n++) deadLetter(attendanceQueue, otherMeeting(uuid(n)));

    const rows = await backend().failures(new Date("2026-04-12T00:00:00Z"), reporter);

    expect(rows.map((row) => row.eventId).sort()).toEqual(Array.from({ length: 25 }, (_, n) => uuid(n + 1)));
    expect(sqs.visible(REGION, attendanceQueue)).toBe(25);
    expect(notes).toEqual([]);
  });

  it("says when a queue holds more dead letters than it reads, or some are hidden by another reader", async () => {
    for (let n = 1; n <= 10_004; n++) deadLetter(attendanceQueue, otherMeeting(uuid(n)));
    deadLetter(forwarderQueue, started, "Forwarder-ForwardMeetingLifecycle", CONTROL);
    sqs.receiveAll(CONTROL, forwarderQueue, 60);

    const rows = await backend().failures(new Date("2026-04-12T00:00:00Z"), reporter);

    expect(rows).toHaveLength(10_000);
    expect(notes).toEqual([
      `${attendanceQueue}: read the first 10000 of about 10004 dead letters; the others are not listed ` +
        "(replay or delete these, then look again)",
      `${forwarderQueue}: about 1 dead letters were hidden by another reader (a replay or another medpipe ` +
        "command) and are not listed; look again in 5 minutes",
    ]);
    expect(sqs.visible(REGION, attendanceQueue)).toBe(10_004);
  }, 120_000);

  it("lists the forwarder's dead letters, read in the control region, under the workflow their event routes to", async () => {
    deadLetter(forwarderQueue, started, "Forwarder-ForwardMeetingLifecycle", CONTROL);

    const rows = await backend().failures(new Date("2026-04-12T00:00:00Z"), reporter);

    expect(rows).toEqual([
      expect.objectContaining({
        source: "dead-letter",
        workflow: "meeting-lifecycle",
        meetingId: MEETING_ID,
        step: "prod-medpipe-Forwarder-ForwardMeetingLifecycle",
        idempotencyKey: started.id,
      }),
    ]);
  });

  it("names a timed-out execution's error and the state it was in", async () => {
    sfn.add({
      workflow: "transcription",
      name: "slow",
      status: "TIMED_OUT",
      startDate: "2026-04-12T07:00:00Z",
      stopDate: "2026-04-12T09:00:00Z",
      input: audio,
      history: [
        { type: "ExecutionStarted" },
        { type: "WaitStateEntered", name: "WaitForTranscript" },
        { type: "ExecutionTimedOut" },
      ],
    });
    expect(await backend().failures(new Date("2026-04-12T08:00:00Z"), reporter)).toEqual([
      expect.objectContaining({ execution: "slow", step: "WaitForTranscript", error: "States.Timeout" }),
    ]);
  });

  it("prints only the error name of a cause no Lambda wrote, which can quote the event", async () => {
    sfn.add(
      failed("transcription", "runtime", {
        failedIn: "WaitForTranscript",
        error: "States.Runtime",
        cause: `The JSONPath '$.poll.seconds' could not be found in the input '${JSON.stringify(audio)}'`,
      }),
    );
    const [row] = await backend().failures(new Date("2026-04-12T00:00:00Z"), reporter);
    expect(row).toMatchObject({ error: "States.Runtime", cause: null });
  });

  it("lists a thousand failures though Step Functions throttles beyond its quota, showing progress", async () => {
    vi.useFakeTimers({ now: NOW, toFake: ["setTimeout", "clearTimeout", "Date"] });
    try {
      sfn = new StepFunctionsModel({
        stage: "prod",
        region: REGION,
        account: ACCOUNT,
        now: () => Date.now(),
        quotas: IRELAND_QUOTAS,
      });
      for (let n = 1; n <= 1_000; n++) {
        sfn.add(failed("attendance", `outage-${n}`, { input: otherMeeting(uuid(n)), error: "SinkError" }));
      }
      let listed: Awaited<ReturnType<ReturnType<typeof backend>["failures"]>> | undefined;
      const listing = backend({ now: () => new Date() })
        .failures(new Date("2026-04-12T00:00:00Z"), reporter)
        .then((rows) => {
          listed = rows;
        });
      const began = Date.now();
      while (listed === undefined) {
        await vi.advanceTimersByTimeAsync(100);
        if (Date.now() - began > 30 * 60_000) break;
      }
      await listing;

      expect(listed).toHaveLength(1_000);
      expect(sfn.throttled).toBeGreaterThan(0);
      expect(reports.at(-1)).toEqual(["executions", 1_000, 1_000]);
      // DescribeExecution refills 15 a second after a bucket of 300: the listing takes a minute or so, not hours.
      expect(Date.now() - began).toBeLessThan(5 * 60_000);
    } finally {
      vi.useRealTimers();
    }
  }, 120_000);

  it("says the stage is not deployed when one of its state machines is missing", async () => {
    await expect(backend({ stage: "staging" }).failures(NOW, reporter)).rejects.toThrow(StageNotFoundError);
    await expect(backend({ stage: "staging" }).failures(NOW, reporter)).rejects.toThrow(
      "state machine staging-medpipe-meeting-lifecycle not found in eu-west-1: is stage staging deployed there?",
    );
  });
});

describe("replay of a window in a stage", () => {
  const window = { from: new Date("2026-04-12T09:00:00Z"), to: new Date("2026-04-12T10:00:00Z") };
  const replayName = "prod-medpipe-20260412T120000";
  const request = { window, meetingId: null, maxWaitMilliseconds: 30 * 60_000 };

  it("prints its name and how to cancel it first, replays the window to the stage's rules, waits, and clears the dead letters", async () => {
    events.archive.push(joined, otherMeeting(uuid(1), "2026-04-12T11:00:00Z"));
    deadLetter(attendanceQueue, joined);
    sfn.outcome = () => ({ status: "SUCCEEDED", runningLooks: 3 });
    const live = Array.from(
      { length: 5 },
      (_, n): ModelExecution => ({
        workflow: "attendance",
        name: `live-${n}`,
        status: "RUNNING",
        startDate: "2026-04-12T12:00:10Z",
        input: otherMeeting(uuid(100 + n)),
        runningLooks: 1_000,
      }),
    );
    sfn.add(...live);
    let startedBeforeTheName = -1;
    const watching: OpsReporter = {
      ...reporter,
      note(line) {
        if (startedBeforeTheName < 0) {
          startedBeforeTheName = eventBridgeClient.commandCalls(StartReplayCommand).length;
        }
        reporter.note(line);
      },
    };

    const report = await backend().replay(request, watching);

    expect(report).toEqual({ replayName, events: 1, executions: 1, failed: 0, running: 0 });
    expect(notes[0]).toBe(
      `replay ${replayName}: to cancel it, aws events cancel-replay --replay-name ${replayName} --region eu-west-1`,
    );
    expect(startedBeforeTheName).toBe(0);
    expect(interrupts[0]).toBe(
      `replay ${replayName} goes on in EventBridge: cancel it with aws events cancel-replay --replay-name ` +
        `${replayName} --region eu-west-1`,
    );
    expect(eventBridgeClient).toHaveReceivedCommandWith(StartReplayCommand, {
      ReplayName: replayName,
      EventSourceArn: `arn:aws:events:${REGION}:${ACCOUNT}:archive/prod-medpipe-events`,
      EventStartTime: window.from,
      EventEndTime: window.to,
      Destination: {
        Arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`,
        FilterArns: expect.arrayContaining([events.ruleArn("Attendance")]),
      },
    });
    expect(reports).toContainEqual(["replay", 50, 100]);
    expect(reports.at(-1)).toEqual(["executions", 1, 1]);
    const describesOf = (name: string) =>
      sfn.calls.filter(
        (c) =>
          c.operation === "DescribeExecution" &&
          c.input.executionArn === sfn.executionArn("attendance", name),
      ).length;
    expect(live.map((e) => describesOf(e.name))).toEqual([1, 1, 1, 1, 1]);
    expect(sqs.held(REGION, attendanceQueue)).toBe(0);
  });

  it("re-delivers the forwarder's dead letters of the window, which never reached the archive, and clears them", async () => {
    deadLetter(forwarderQueue, started, "Forwarder-ForwardMeetingLifecycle", CONTROL);
    deadLetter(
      forwarderQueue,
      otherMeeting(uuid(7), "2026-04-12T11:30:00Z"),
      "Forwarder-ForwardAttendance",
      CONTROL,
    );

    const report = await backend().replay(request, reporter);

    expect(report).toMatchObject({ replayName, events: 1, executions: 1, failed: 0, running: 0 });
    expect(sfn.executions).toContainEqual(
      expect.objectContaining({
        workflow: "meeting-lifecycle",
        name: `${started.id}_${replayName}`,
        input: asReplayed(started, replayName),
        status: "SUCCEEDED",
      }),
    );
    expect(sqs.held(CONTROL, forwarderQueue)).toBe(1);
  });

  it("stops waiting at the bound, reporting the executions still running", async () => {
    events.archive.push(joined);
    sfn.outcome = () => ({ status: "SUCCEEDED", runningLooks: Number.POSITIVE_INFINITY });
    let minutes = 0;
    const now = () => new Date(NOW.getTime() + minutes++ * 60_000);

    const report = await backend({ now }).replay({ ...request, maxWaitMilliseconds: 10 * 60_000 }, reporter);

    expect(report).toMatchObject({ executions: 1, failed: 0, running: 1 });
    expect(notes).toContain(
      "1 executions were still running when the wait ended; follow them with medpipe failures and medpipe status",
    );
    expect(minutes).toBeLessThan(20);
  });

  it("stops waiting at the bound for a replay EventBridge has not completed, saying how to cancel it", async () => {
    events.runningLooks = Number.POSITIVE_INFINITY;
    let minutes = 0;
    const now = () => new Date(NOW.getTime() + minutes++ * 60_000);
    const error = await backend({ now })
      .replay({ ...request, maxWaitMilliseconds: 10 * 60_000 }, reporter)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReplayStillRunningError);
    expect(String(error)).toContain("aws events cancel-replay --replay-name prod-medpipe-20260412T120000");
  });

  it("says EventBridge runs at most 10 replays at once, instead of its raw error", async () => {
    events.running(10);
    const error = await backend()
      .replay(request, reporter)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReplayLimitError);
    expect(String(error)).toBe(
      `ReplayLimitError: EventBridge runs at most 10 replays at once in eu-west-1 and will not start ${replayName}: ` +
        "wait until one of those running ends (aws events list-replays --state RUNNING --region eu-west-1), then replay again",
    );
  });

  it("stops with the reason when EventBridge fails the replay", async () => {
    eventBridgeClient
      .on(DescribeReplayCommand)
      .resolves({ State: "FAILED", StateReason: "archive key disabled" });
    const error = await backend()
      .replay(request, reporter)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ReplayFailedError);
    expect(String(error)).toContain(`replay ${replayName} ended FAILED: archive key disabled`);
  });
});

describe("redrive in a stage", () => {
  it("redrives each failed execution it can, and says why it cannot redrive the others", async () => {
    sfn.add(
      failed("transcription", "recent", { redriveStatus: "REDRIVABLE" }),
      failed("transcription", "old", {
        redriveStatus: "NOT_REDRIVABLE",
        redriveStatusReason: "Execution redrivable period exceeded",
      }),
    );

    const report = await backend().redrive({ failedSince: new Date("2026-04-12T00:00:00Z") }, reporter);

    expect(report).toEqual({
      mode: "resumed",
      redriven: [{ execution: "recent", workflow: "transcription", redrivenAs: "recent", status: "RUNNING" }],
      notRedriven: [{ execution: "old", reason: "Execution redrivable period exceeded" }],
    });
    expect(sfn.count("RedriveExecution")).toBe(1);
  });

  it("finds a named execution in whichever workflow ran it, and refuses a name none did", async () => {
    sfn.add(failed("attendance", "d6c7", { input: joined }));
    expect((await backend().redrive({ execution: "d6c7" }, reporter)).redriven).toEqual([
      { execution: "d6c7", workflow: "attendance", redrivenAs: "d6c7", status: "RUNNING" },
    ]);
    expect(sfn.calls).toContainEqual({
      operation: "RedriveExecution",
      input: expect.objectContaining({ executionArn: sfn.executionArn("attendance", "d6c7") }),
    });
    await expect(backend().redrive({ execution: "nope" }, reporter)).rejects.toThrow(InvalidOptionError);
  });
});

describe("with the clinic's Supabase", () => {
  let supabase: EmbeddedSupabase;
  let sink: Sink;
  let environment: Record<string, string>;
  beforeAll(async () => {
    supabase = await startEmbeddedSupabase();
    sink = createSupabaseSink(sinkClient({ url: supabase.url, serviceRoleKey: supabase.serviceRoleKey }));
    environment = { SUPABASE_URL: supabase.url, SUPABASE_SERVICE_ROLE_KEY: supabase.serviceRoleKey };
  });
  afterAll(() => supabase?.stop());

  const claimOf = (event: Record<string, unknown>, workflow: string, execution: string) => ({
    idempotencyKey: String(event.id),
    eventId: String(event.id),
    workflow,
    meetingId: MEETING_ID,
    replayName: null,
    execution,
    staleAfterSeconds: 3600,
  });

  const recordMeeting = () =>
    sink.recordMeetingStart(claimOf(started, "meeting-lifecycle", "lifecycle-1"), {
      meetingId: MEETING_ID,
      externalMeetingId: null,
      startedAt: "2026-04-12T09:00:00Z",
    });

  it("status needs the clinic's Supabase from the environment, naming the variable", async () => {
    await expect(backend({ environment: {} }).status(MEETING_ID, reporter)).rejects.toMatchObject({
      option: "SUPABASE_URL",
    });
    await expect(
      backend({ environment: { SUPABASE_URL: "https://x.supabase.co" } }).hold(MEETING_ID, "r"),
    ).rejects.toMatchObject({ option: "SUPABASE_SERVICE_ROLE_KEY" });
  });

  it("status puts the run log's executions, described by Step Functions, beside the meeting's results", async () => {
    await recordMeeting();
    await sink.finishRun(
      { idempotencyKey: String(started.id), execution: "lifecycle-1" },
      { status: "succeeded" },
    );
    sfn.add({
      workflow: "meeting-lifecycle",
      name: "lifecycle-1",
      status: "SUCCEEDED",
      startDate: "2026-04-12T09:00:01Z",
      input: started,
    });

    const timeline = await backend({ environment }).status(MEETING_ID, reporter);

    expect(timeline.map((entry) => entry.kind)).toEqual(["event", "result", "execution", "run"]);
    expect(timeline[2]).toMatchObject({ execution: "lifecycle-1", status: "SUCCEEDED", failedState: null });
    expect(timeline[3]).toMatchObject({ idempotencyKey: started.id, status: "succeeded", attempts: 1 });
  });

  it("replay --meeting re-puts the meeting's events from the run log and every dead letter, not a scan of all executions", async () => {
    await recordMeeting();
    await sink.recordAttendance(claimOf(joined, "attendance", "attendance-1"), {
      meetingId: MEETING_ID,
      attendeeId: String((joined.detail as { attendeeId: string }).attendeeId),
      externalUserId: null,
      event: "joined",
      occurredAt: String(joined.time),
    });
    sfn.add(
      {
        workflow: "meeting-lifecycle",
        name: "lifecycle-1",
        status: "SUCCEEDED",
        startDate: "2026-04-12T09:00:01Z",
        input: started,
      },
      {
        workflow: "attendance",
        name: "attendance-1",
        status: "SUCCEEDED",
        startDate: "2026-04-12T09:00:06Z",
        input: joined,
      },
      ...Array.from(
        { length: 300 },
        (_, n): ModelExecution => ({
          workflow: "attendance",
          name: `traffic-${n}`,
          status: "SUCCEEDED",
          startDate: "2026-04-12T09:30:00Z",
          input: otherMeeting(uuid(n)),
        }),
      ),
    );
    // A standard queue peeked with visibility 0 hands back its first ten again and again: ours is the 13th.
    const audioQueue = deadLetterQueueName("prod", "ConcatenatedAudio");
    for (let n = 1; n <= 12; n++) deadLetter(audioQueue, otherMeeting(uuid(500 + n)), "ConcatenatedAudio");
    deadLetter(audioQueue, audio, "ConcatenatedAudio");
    const window = { from: new Date("2026-04-12T09:00:00Z"), to: new Date("2026-04-12T10:00:00Z") };

    const report = await backend({ environment }).replay(
      { window, meetingId: MEETING_ID, maxWaitMilliseconds: 60_000 },
      reporter,
    );

    const replayName = "prod-medpipe-20260412T120000";
    expect(report).toEqual({ replayName, events: 3, executions: 3, failed: 0, running: 0 });
    const puts = sfn.calls.filter((c) => c.operation === "StartExecution").map((c) => c.input);
    expect(puts.map((put) => [put.stateMachineArn, put.name])).toEqual([
      [sfn.machineArn("meeting-lifecycle"), `${started.id}_${replayName}`],
      [sfn.machineArn("attendance"), `${joined.id}_${replayName}`],
      [sfn.machineArn("transcription"), `${audio.id}_${replayName}`],
    ]);
    expect(sfn.count("DescribeExecution")).toBeLessThan(20);
    expect(sqs.held(REGION, audioQueue)).toBe(12);
  });

  it("hold and release cover every version under the meeting's prefixes in the buckets the Storage stack names", async () => {
    await recordMeeting();
    for (let chunk = 0; chunk < 1_500; chunk++) {
      stored.put(BUCKETS.recordings, `captures/${MEETING_ID}/audio/${String(chunk).padStart(5, "0")}.mp4`);
    }
    stored.put(BUCKETS.recordings, `concatenated/${MEETING_ID}/audio/a.mp4`);
    stored.put(BUCKETS.transcripts, `medical/${MEETING_ID}/job.json`);
    stored.put(BUCKETS.medicalData, `entities/${MEETING_ID}/job.json`);

    const held = await backend({ environment }).hold(MEETING_ID, "litigation 2031-044");

    expect(held).toHaveLength(1_503);
    expect(stored.held()).toHaveLength(1_503);
    expect(s3Client).toHaveReceivedCommandWith(ListObjectVersionsCommand, {
      Bucket: BUCKETS.medicalData,
      Prefix: `entities/${MEETING_ID}/`,
    });
    expect(await sink.findMeeting(MEETING_ID)).toMatchObject({ legalHold: true });
    await backend({ environment }).release(MEETING_ID);
    expect(stored.held()).toEqual([]);
    expect(await sink.findMeeting(MEETING_ID)).toMatchObject({ legalHold: false });
  });
});

describe("replay-chat in a stage", () => {
  /** The messaging region: MEDPIPE_MESSAGING_REGION's default, where the Messaging stack deploys. */
  const MESSAGING = "eu-central-1";
  const chatQueue = chatDeadLetterQueueName("prod");
  const streamArn = `arn:aws:kinesis:${MESSAGING}:${ACCOUNT}:stream/${messagingNames("prod").stream}`;
  const appInstanceArn = `arn:aws:chime:${MESSAGING}:${ACCOUNT}:app-instance/a`;
  const CANARY = "Quillfeather";
  const since = new Date("2026-04-01T00:00:00Z");
  const consult = { fixed: uuid(901), stillUnknown: uuid(902), busy: uuid(903) };
  let stream: KinesisModel;
  /** The consults the clinic's Supabase holds, and the message ids the consumer applied. */
  let scheduled: Set<string>;
  let applied: string[];
  /** A consult whose rows Supabase cannot write for now (a lock): its records fail and are retried. */
  let failing: Set<string>;

  /** A channel message of a consult as Chime's data streaming writes it to the stream: the content is PHI. */
  function putMessage(shardId: string, consultId: string, messageId: string, ageHours = 2): string {
    const record = {
      EventType: "CREATE_CHANNEL_MESSAGE",
      Payload: {
        ChannelArn: consultChannelArn(appInstanceArn, consultId),
        MessageId: messageId,
        Content: `${CANARY} asks about the dose`,
        Type: "STANDARD",
        CreatedTimestamp: "2026-04-12T09:05:00.000Z",
        Sender: { Arn: `${appInstanceArn}/user/${uuid(1)}`, Name: CANARY },
        Persistence: "PERSISTENT",
      },
    };
    return stream.put(
      shardId,
      consultChannelArn(appInstanceArn, consultId),
      Buffer.from(JSON.stringify(record)),
      clock() - ageHours * 3_600_000,
    );
  }
  /** The consumer's letter for a record of a consult Supabase did not hold. */
  const poison = (shardId: string, sequenceNumber: string, messageId: string) =>
    poisonLetter(
      "consult-not-found",
      { messageId, eventType: "CREATE_CHANNEL_MESSAGE" },
      { streamArn, shardId, sequenceNumber, arrivedAt: "2026-04-12T09:05:00.000Z" },
    );
  /** Lambda's record of a batch it gave up after its retries. */
  const gaveUp = (shardId: string, first: string, last: string, batchSize: number) => ({
    requestContext: {
      requestId: "r",
      functionArn: "f",
      condition: "RetryAttemptsExhausted",
      approximateInvokeCount: 6,
    },
    responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
    version: "1.0",
    timestamp: "2026-04-12T10:01:00.000Z",
    KinesisBatchInfo: { shardId, startSequenceNumber: first, endSequenceNumber: last, batchSize, streamArn },
  });
  const letter = (body: unknown) =>
    sqs.send(MESSAGING, chatQueue, body, {}, Date.parse("2026-04-12T10:00:00Z"));
  const payload = (value: unknown) =>
    new TextEncoder().encode(JSON.stringify(value)) as InvokeCommandOutput["Payload"];

  beforeEach(() => {
    stream = new KinesisModel({
      streamArn,
      shardIds: ["shardId-000000000000", "shardId-000000000001"],
      retentionHours: 168,
      now: () => clock(),
    });
    stream.install(kinesisClient);
    scheduled = new Set([consult.fixed, consult.busy]);
    failing = new Set();
    applied = [];
    // The chat consumer as deployed: a record of a consult Supabase holds is applied, one of a consult it does
    // not hold goes to the failure queue as poison and counts as done, one Supabase cannot write now fails; when
    // every record fails, Powertools' batch processor throws and Lambda answers a function error.
    lambdaClient.on(InvokeCommand).callsFake(async (input) => {
      if (input.FunctionName !== messagingNames("prod").consumer) {
        throw new ResourceNotFoundException({
          message: `Function not found: arn:aws:lambda:${MESSAGING}:${ACCOUNT}:function:${input.FunctionName}`,
          $metadata: {},
        });
      }
      const event = JSON.parse(
        typeof input.Payload === "string" ? input.Payload : Buffer.from(input.Payload ?? []).toString(),
      ) as { Records: { eventID: string; kinesis: { sequenceNumber: string; data: string } }[] };
      const batchItemFailures: { itemIdentifier: string }[] = [];
      for (const { eventID, kinesis } of event.Records) {
        const { Payload } = JSON.parse(Buffer.from(kinesis.data, "base64").toString());
        const consultId = consultIdOfChannel(Payload.ChannelArn) ?? "";
        if (failing.has(consultId)) batchItemFailures.push({ itemIdentifier: kinesis.sequenceNumber });
        else if (!scheduled.has(consultId)) {
          sqs.send(
            MESSAGING,
            chatQueue,
            poison(eventID.split(":")[0] ?? "", kinesis.sequenceNumber, Payload.MessageId),
          );
        } else applied.push(Payload.MessageId);
      }
      if (batchItemFailures.length === event.Records.length) {
        return {
          StatusCode: 200,
          FunctionError: "Unhandled",
          ExecutedVersion: "$LATEST",
          Payload: payload({
            errorType: "FullBatchFailureError",
            errorMessage: "All records failed processing.",
          }),
        };
      }
      return { StatusCode: 200, ExecutedVersion: "$LATEST", Payload: payload({ batchItemFailures }) };
    });
  });

  it("re-applies what the fix allows: deletes those letters, keeps those still failing, counts those no longer in the stream", async () => {
    const old = putMessage("shardId-000000000000", consult.fixed, "m-old", 8 * 24);
    letter(poison("shardId-000000000000", old, "m-old"));
    const fixed = putMessage("shardId-000000000000", consult.fixed, "m-fixed");
    letter(poison("shardId-000000000000", fixed, "m-fixed"));
    const batch = [
      putMessage("shardId-000000000001", consult.busy, "m-busy-1"),
      putMessage("shardId-000000000001", consult.fixed, "m-after"),
    ];
    putMessage("shardId-000000000001", consult.fixed, "m-beyond-the-batch");
    letter(gaveUp("shardId-000000000001", batch[0] ?? "", batch[1] ?? "", 2));
    failing.add(consult.busy);
    const unknown = putMessage("shardId-000000000000", consult.stillUnknown, "m-unknown");
    letter(poison("shardId-000000000000", unknown, "m-unknown"));

    const report = await backend().replayChat(since, reporter);

    expect(report).toEqual({ letters: 4, reapplied: 1, stillFailing: 2, expired: 1 });
    expect(applied.sort()).toEqual(["m-after", "m-fixed"]);
    expect(lambdaClient).toHaveReceivedCommandTimes(InvokeCommand, 3);
    expect(lambdaClient).toHaveReceivedCommandWith(InvokeCommand, {
      FunctionName: "prod-medpipe-chat-consumer",
    });
    // Left: the batch still failing, the expired record's letter, and the consumer's new letter for the record it
    // refused again (which replaces the one replayed).
    const rows = (await backend().failures(since, reporter)).filter((row) => row.source === "chat-letter");
    expect(rows.map((row) => [row.error, row.eventId]).sort()).toEqual([
      ["RetryAttemptsExhausted", null],
      ["consult-not-found", "m-old"],
      ["consult-not-found", "m-unknown"],
    ]);
    expect(sqs.visible(MESSAGING, chatQueue)).toBe(3);
    expect(JSON.stringify([report, rows, notes, reports])).not.toContain(CANARY);
  });

  it("reads on past empty pages behind the tip of the shard to the letter's records", async () => {
    stream.emptyPages = 3;
    const fixed = putMessage("shardId-000000000000", consult.fixed, "m-fixed");
    letter(poison("shardId-000000000000", fixed, "m-fixed"));

    expect(await backend().replayChat(since, reporter)).toEqual({
      letters: 1,
      reapplied: 1,
      stillFailing: 0,
      expired: 0,
    });
    expect(applied).toEqual(["m-fixed"]);
    expect(sqs.held(MESSAGING, chatQueue)).toBe(0);
  });

  it("stops reading a trimmed position that yields only empty pages, and counts its letter expired", async () => {
    stream.trimmed = "empty-pages";
    const old = putMessage("shardId-000000000000", consult.fixed, "m-old", 8 * 24);
    letter(poison("shardId-000000000000", old, "m-old"));

    expect(await backend().replayChat(since, reporter)).toMatchObject({ letters: 1, expired: 1 });
    expect(stream.reads).toBe(50);
    expect(notes).toEqual([
      `shardId-000000000000/${old}: 50 empty pages in a row, still 604800000 ms behind the stream's tip; reading ` +
        "stopped, its records are taken as no longer in the stream",
    ]);
    expect(lambdaClient).toHaveReceivedCommandTimes(InvokeCommand, 0);
    expect(sqs.visible(MESSAGING, chatQueue)).toBe(1);
  });

  it("keeps the letter of a batch the consumer fails as a whole (a function error)", async () => {
    failing.add(consult.fixed);
    const fixed = putMessage("shardId-000000000000", consult.fixed, "m-fixed");
    letter(poison("shardId-000000000000", fixed, "m-fixed"));

    expect(await backend().replayChat(since, reporter)).toMatchObject({ reapplied: 0, stillFailing: 1 });
    expect(sqs.visible(MESSAGING, chatQueue)).toBe(1);
  });

  it("says the stage's messaging is not deployed when its chat queue is not in the messaging region", async () => {
    expect(await backend({ stage: "staging" }).replayChat(since, reporter)).toEqual({
      letters: 0,
      reapplied: 0,
      stillFailing: 0,
      expired: 0,
    });
    expect(notes).toEqual([
      `staging-medpipe-chat-dlq not found in ${MESSAGING}: the stage's messaging is not deployed, no chat letters listed`,
    ]);
  });
});

describe("the operator role", () => {
  it("allows every command the ops commands sent in these tests, and nothing they never send", () => {
    const listed = OPERATOR_ACTIONS.map((a) => `${a.client}.${a.command}`);
    expect([...sent].sort()).toEqual([...listed].sort());
  });
});
