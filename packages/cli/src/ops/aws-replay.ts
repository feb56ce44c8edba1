import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  LimitExceededException,
  ListRuleNamesByTargetCommand,
  StartReplayCommand,
} from "@aws-sdk/client-eventbridge";
import { ExecutionAlreadyExists, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { idempotencyKey, type WorkflowName } from "@medpipe/core/events";
import {
  archiveName,
  asReplayed,
  identifyEvent,
  inWindow,
  original,
  resolvedEvents,
  stageReplayName,
  type TimeWindow,
} from "@medpipe/core/replay";
import type { sinkClient } from "@medpipe/core/sink";
import {
  deleteDeadLetters,
  forwardedTo,
  readDeadLetters,
  readNotes,
  releaseDeadLetters,
} from "./aws-dead-letters.js";
import {
  type DescribedExecution,
  eachBounded,
  executionArnOf,
  FINISHED,
  listExecutions,
} from "./aws-executions.js";
import { StageNotFoundError } from "./aws-resources.js";
import type { AwsStage } from "./aws-stage.js";
import type { OpsReporter, ReplayReport, ReplayRequest } from "./backend.js";
import { readMeeting } from "./meeting-results.js";

/** EventBridge stopped a replay before it completed. */
export class ReplayFailedError extends Error {
  override name = "ReplayFailedError";

  constructor(
    readonly replayName: string,
    readonly state: string,
    readonly reason: string | null,
  ) {
    super(`replay ${replayName} ended ${state}${reason ? `: ${reason}` : ""}`);
  }
}

/** EventBridge refused to start the replay: it runs at most 10 replays at once in a region. */
export class ReplayLimitError extends Error {
  override name = "ReplayLimitError";

  constructor(
    readonly replayName: string,
    readonly region: string,
    options: { cause: unknown },
  ) {
    super(
      `EventBridge runs at most 10 replays at once in ${region} and will not start ${replayName}: wait until ` +
        `one of those running ends (aws events list-replays --state RUNNING --region ${region}), then replay again`,
      options,
    );
  }
}

/** The replay had not completed when the wait for it ended: it goes on in EventBridge. */
export class ReplayStillRunningError extends Error {
  override name = "ReplayStillRunningError";

  constructor(
    readonly replayName: string,
    readonly cancel: string,
  ) {
    super(`replay ${replayName} is still running after the wait: follow it, or cancel it with ${cancel}`);
  }
}

/** EventBridge may archive an event some minutes after it arrived; its guide suggests replaying after 10. */
const ARCHIVE_DELAY_MILLIS = 10 * 60_000;
/** How long before StartReplay an execution of the replay may have started, by the clocks of two machines. */
const CLOCK_SKEW_MILLIS = 60_000;

/**
 * StartReplay of the window from the stage's archive to the default bus, filtered to the stage's rules, its name
 * printed first with how to cancel it; DescribeReplay followed until it completes (progress:
 * EventLastReplayedTime within the window). Events the forwarder could not deliver never reached the archive:
 * those of the window are started straight in their workflows. Then the executions whose input carries the
 * replay's name are waited for until they finish or the wait ends; each execution is described once to learn
 * whether it is the replay's.
 *
 * @example
 * await replayWindow(stage, { window, meetingId: null, maxWaitMilliseconds: 30 * 60_000 }, reporter);
 */
export async function replayWindow(
  stage: AwsStage,
  request: ReplayRequest,
  reporter: OpsReporter,
): Promise<ReplayReport> {
  const { window } = request;
  const replayName = stageReplayName(stage.stage, stage.now());
  const deadline = stage.now().getTime() + request.maxWaitMilliseconds;
  const cancel = `aws events cancel-replay --replay-name ${replayName} --region ${stage.region}`;
  reporter.note(`replay ${replayName}: to cancel it, ${cancel}`);
  reporter.onInterrupt(`replay ${replayName} goes on in EventBridge: cancel it with ${cancel}`);
  if (window.to.getTime() > stage.now().getTime() - ARCHIVE_DELAY_MILLIS) {
    reporter.note(
      "events of the last 10 minutes may not be archived yet; replay them again later if any are missing",
    );
  }
  const archive = await stage.eventBridge.send(
    new DescribeArchiveCommand({ ArchiveName: archiveName(stage.stage) }),
  );
  const filterArns = await ruleArns(stage);
  const startedAt = stage.now();
  try {
    await stage.eventBridge.send(
      new StartReplayCommand({
        ReplayName: replayName,
        Description: `medpipe replay ${window.from.toISOString()}..${window.to.toISOString()}`,
        EventSourceArn: archive.ArchiveArn,
        EventStartTime: window.from,
        EventEndTime: window.to,
        Destination: { Arn: archive.EventSourceArn, FilterArns: filterArns },
      }),
    );
  } catch (error) {
    if (error instanceof LimitExceededException)
      throw new ReplayLimitError(replayName, stage.region, { cause: error });
    throw error;
  }
  const forwarded = await startForwarded(stage, replayName, window, reporter);
  const span = window.to.getTime() - window.from.getTime();
  for (;;) {
    const replay = await stage.eventBridge.send(new DescribeReplayCommand({ ReplayName: replayName }));
    const last = replay.EventLastReplayedTime?.getTime() ?? window.from.getTime();
    const percent =
      replay.State === "COMPLETED" ? 100 : Math.round((100 * (last - window.from.getTime())) / span);
    reporter.progress("replay", Math.min(100, Math.max(0, percent)), 100);
    if (replay.State === "COMPLETED") break;
    if (replay.State === "FAILED" || replay.State === "CANCELLED") {
      throw new ReplayFailedError(replayName, replay.State, replay.StateReason ?? null);
    }
    if (stage.now().getTime() >= deadline) throw new ReplayStillRunningError(replayName, cancel);
    await stage.sleep();
  }
  reporter.onInterrupt(`replay ${replayName} completed; its executions go on in Step Functions`);
  const since = new Date(startedAt.getTime() - CLOCK_SKEW_MILLIS);
  const notOurs = new Set<string>();
  const ours = new Map<string, WorkflowName>(forwarded.map(({ arn, workflow }) => [arn, workflow]));
  const { executions, running } = await waitFor(
    stage,
    async () => {
      for (const [workflow, arn] of await stage.machines()) {
        const fresh = (await listExecutions(stage.sfn, arn, { startedSince: since }))
          .map((item) => item.executionArn ?? "")
          .filter((executionArn) => !notOurs.has(executionArn) && !ours.has(executionArn));
        await eachBounded(fresh, quiet, "executions", async (executionArn) => {
          const described = await stage.describe(executionArn, workflow);
          if (identifyEvent(described.input).replayName === replayName) ours.set(executionArn, workflow);
          else notOurs.add(executionArn);
        });
      }
      return eachBounded([...ours], quiet, "executions", ([executionArn, workflow]) =>
        stage.describe(executionArn, workflow),
      );
    },
    reporter,
    { deadline, settle: true },
  );
  const events = new Set(executions.map((e) => identifyEvent(e.input).eventId)).size;
  return report(stage, replayName, events, executions, running, reporter);
}

/**
 * A meeting's events cannot be picked out of an archive replay, so they are re-put: each started straight in
 * the workflow that ran it, named by its new idempotency key (`aws.*` events cannot be put on a bus with
 * PutEvents). They are the inputs of the meeting's executions in the run log, and its dead letters (those of
 * the forwarder routed by their event); each original event of the window once, in time order.
 *
 * @example
 * await replayMeeting(stage, { window, meetingId, maxWaitMilliseconds }, sinkClient(secrets), reporter);
 */
export async function replayMeeting(
  stage: AwsStage,
  request: ReplayRequest & { meetingId: string },
  supabase: ReturnType<typeof sinkClient>,
  reporter: OpsReporter,
): Promise<ReplayReport> {
  const { window, meetingId } = request;
  const replayName = stageReplayName(stage.stage, stage.now());
  const deadline = stage.now().getTime() + request.maxWaitMilliseconds;
  reporter.note(`replay ${replayName}: the meeting's events are started in their workflows under this name`);
  const found = new Map<string, { workflow: WorkflowName; event: Record<string, unknown>; time: string }>();
  const consider = (event: unknown, workflow: WorkflowName | null) => {
    const identity = identifyEvent(event);
    if (!workflow || !identity.eventId || !identity.time || found.has(identity.eventId)) return;
    if (identity.meetingId?.toLowerCase() !== meetingId.toLowerCase() || !inWindow(identity.time, window))
      return;
    found.set(identity.eventId, { workflow, event: original(event), time: identity.time });
  };
  const machines = await stage.machines();
  const { runs } = await readMeeting(supabase, meetingId);
  const ran = runs.flatMap((run) => {
    const machineArn = machines.get(run.workflow as WorkflowName);
    const workflow = run.workflow as WorkflowName;
    return machineArn ? [{ arn: executionArnOf(machineArn, run.execution), workflow }] : [];
  });
  for (const execution of await eachBounded(ran, reporter, "executions", ({ arn, workflow }) =>
    stage.describe(arn, workflow).catch((error: unknown) => {
      if (error instanceof Error && error.name === "ExecutionDoesNotExist") return null;
      throw error;
    }),
  )) {
    if (execution) consider(execution.input, execution.workflow);
  }
  for (const { queue, letter } of await stage.deadLetters(reporter)) {
    consider(letter.event, queue.workflow ?? forwardedTo(letter.event));
  }
  const toPut = [...found.values()].sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  reporter.onInterrupt(`the executions replay ${replayName} started go on in Step Functions`);
  const started: { arn: string; workflow: WorkflowName }[] = [];
  for (const { workflow, event } of toPut) {
    started.push(await startReplayed(stage, machines, workflow, event, replayName));
    reporter.progress("events", started.length, toPut.length);
  }
  const { executions, running } = await waitFor(
    stage,
    () => eachBounded(started, quiet, "executions", ({ arn, workflow }) => stage.describe(arn, workflow)),
    reporter,
    { deadline, settle: false },
  );
  return report(stage, replayName, toPut.length, executions, running, reporter);
}

/** Starts a replayed event in its workflow under its new idempotency key; a start already made is kept. */
async function startReplayed(
  stage: AwsStage,
  machines: Map<WorkflowName, string>,
  workflow: WorkflowName,
  event: Record<string, unknown>,
  replayName: string,
): Promise<{ arn: string; workflow: WorkflowName }> {
  const machineArn = machines.get(workflow) ?? "";
  const name = idempotencyKey(String(event.id), replayName);
  try {
    const { executionArn } = await stage.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machineArn,
        name,
        input: JSON.stringify(asReplayed(event, replayName)),
      }),
    );
    return { arn: executionArn ?? executionArnOf(machineArn, name), workflow };
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExists)) throw error;
    return { arn: executionArnOf(machineArn, name), workflow };
  }
}

/**
 * The forwarder's dead letters of the window (events that never reached the data region's bus, nor its
 * archive), started straight in the workflows their events route to, under the replay's name.
 */
async function startForwarded(
  stage: AwsStage,
  replayName: string,
  window: TimeWindow,
  reporter: OpsReporter,
): Promise<{ arn: string; workflow: WorkflowName }[]> {
  const machines = await stage.machines();
  const events = new Map<string, { workflow: WorkflowName; event: Record<string, unknown> }>();
  for (const queue of (await stage.queues()).filter((q) => q.workflow === null)) {
    const sqs = stage.sqsIn(queue.region);
    const read = await readDeadLetters(sqs, queue);
    await releaseDeadLetters(sqs, read);
    for (const line of readNotes(read)) reporter.note(line);
    for (const letter of read.letters) {
      const identity = identifyEvent(letter.event);
      const workflow = forwardedTo(letter.event);
      if (!workflow || !identity.eventId || !identity.time || !inWindow(identity.time, window)) continue;
      events.set(identity.eventId, { workflow, event: original(letter.event) });
    }
  }
  const started: { arn: string; workflow: WorkflowName }[] = [];
  for (const { workflow, event } of events.values()) {
    started.push(await startReplayed(stage, machines, workflow, event, replayName));
  }
  return started;
}

/** The ARNs of the rules that target the stage's state machines: a replay reaches those rules only. */
async function ruleArns(stage: AwsStage): Promise<string[]> {
  const arns: string[] = [];
  for (const machineArn of (await stage.machines()).values()) {
    let nextToken: string | undefined;
    do {
      const page = await stage.eventBridge.send(
        new ListRuleNamesByTargetCommand({ TargetArn: machineArn, NextToken: nextToken }),
      );
      for (const name of page.RuleNames ?? []) {
        const rule = await stage.eventBridge.send(new DescribeRuleCommand({ Name: name }));
        if (rule.Arn) arns.push(rule.Arn);
      }
      nextToken = page.NextToken;
    } while (nextToken);
  }
  if (arns.length === 0)
    throw new StageNotFoundError(stage.stage, stage.region, "rules targeting the state machines");
  return arns;
}

/** A reporter for the inner calls of one look, whose progress is the look's own. */
const quiet: OpsReporter = { progress() {}, note() {}, onInterrupt() {} };

/**
 * Waits until every execution `look` finds has finished, or the deadline passes, reporting progress. With
 * `settle`, also until two looks a poll apart find as many executions (EventBridge starts a replay's executions
 * shortly after it).
 */
async function waitFor(
  stage: AwsStage,
  look: () => Promise<DescribedExecution[]>,
  reporter: OpsReporter,
  { deadline, settle }: { deadline: number; settle: boolean },
): Promise<{ executions: DescribedExecution[]; running: number }> {
  let previous = settle ? -1 : null;
  for (;;) {
    const executions = await look();
    const done = executions.filter((e) => FINISHED.includes(e.status)).length;
    reporter.progress("executions", done, executions.length);
    if (done === executions.length && (previous === null || previous === executions.length))
      return { executions, running: 0 };
    if (stage.now().getTime() >= deadline) {
      reporter.note(
        `${executions.length - done} executions were still running when the wait ended; ` +
          "follow them with medpipe failures and medpipe status",
      );
      return { executions, running: executions.length - done };
    }
    if (previous !== null) previous = executions.length;
    await stage.sleep();
  }
}

/**
 * The replay's report, once the dead letters of the events it ran successfully are deleted (nothing being left
 * to do for them) and the others released: every queue is read again, as a dead letter may have come meanwhile.
 */
async function report(
  stage: AwsStage,
  replayName: string,
  events: number,
  executions: DescribedExecution[],
  running: number,
  reporter: OpsReporter,
): Promise<ReplayReport> {
  const resolved = resolvedEvents(executions);
  for (const read of await stage.readQueues(reporter)) {
    const sqs = stage.sqsIn(read.queue.region);
    const done = read.letters.filter((letter) => resolved.has(identifyEvent(letter.event).eventId ?? ""));
    await deleteDeadLetters(sqs, { queue: read.queue, letters: done });
    await releaseDeadLetters(sqs, {
      queue: read.queue,
      letters: read.letters.filter((l) => !done.includes(l)),
    });
  }
  return {
    replayName,
    events,
    executions: executions.length,
    failed: executions.filter((e) => FINISHED.includes(e.status) && e.status !== "SUCCEEDED").length,
    running,
  };
}
