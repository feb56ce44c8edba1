import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  ListRuleNamesByTargetCommand,
  StartReplayCommand,
} from "@aws-sdk/client-eventbridge";
import { ExecutionAlreadyExists, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { idempotencyKey, type WorkflowName } from "@medpipe/core/events";
import {
  asReplayed,
  identifyEvent,
  inWindow,
  original,
  replayNameAt,
  resolvedEvents,
  type TimeWindow,
} from "@medpipe/core/replay";
import { deleteDeadLetters } from "./aws-dead-letters.js";
import { type DescribedExecution, executionArnOf, FINISHED, listExecutions } from "./aws-executions.js";
import { archiveName, StageNotFoundError } from "./aws-resources.js";
import type { AwsStage } from "./aws-stage.js";
import type { OpsReporter, ReplayReport } from "./backend.js";

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

/** EventBridge may archive an event some minutes after it arrived; its guide suggests replaying after 10. */
const ARCHIVE_DELAY_MILLIS = 10 * 60_000;

/**
 * StartReplay of the window from the stage's archive to the default bus, filtered to the stage's rules;
 * DescribeReplay followed until it completes (progress: EventLastReplayedTime within the window); then the
 * executions whose input carries the replay's name, waited for until they finish.
 *
 * @example
 * await replayWindow(awsStage({ stage: "prod", region }), window, reporter);
 */
export async function replayWindow(
  stage: AwsStage,
  window: TimeWindow,
  reporter: OpsReporter,
): Promise<ReplayReport> {
  const replayName = replayNameAt(stage.now());
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
    await stage.sleep();
  }
  const since = new Date(startedAt.getTime() - 60_000);
  const executions = await waitFor(
    stage,
    async () => {
      const found: DescribedExecution[] = [];
      for (const [workflow, arn] of await stage.machines()) {
        for (const item of await listExecutions(stage.sfn, arn, { startedSince: since })) {
          const described = await stage.describe(item.executionArn ?? "", workflow);
          if (identifyEvent(described.input).replayName === replayName) found.push(described);
        }
      }
      return found;
    },
    reporter,
    true,
  );
  const events = new Set(executions.map((e) => identifyEvent(e.input).eventId)).size;
  return report(stage, replayName, events, executions);
}

/**
 * A meeting's events cannot be picked out of an archive replay, so they are re-put: each started straight in
 * the workflow that ran it, named by its new idempotency key (`aws.*` events cannot be put on a bus with
 * PutEvents). They are found in the inputs of the executions started since the window began, and in the
 * dead-letter queues; each original event once, in time order.
 *
 * @example
 * await replayMeeting(awsStage({ stage: "prod", region }), window, meetingId, reporter);
 */
export async function replayMeeting(
  stage: AwsStage,
  window: TimeWindow,
  meetingId: string,
  reporter: OpsReporter,
): Promise<ReplayReport> {
  const replayName = replayNameAt(stage.now());
  const found = new Map<string, { workflow: WorkflowName; event: Record<string, unknown>; time: string }>();
  const consider = (event: unknown, workflow: WorkflowName) => {
    const identity = identifyEvent(event);
    if (!identity.eventId || !identity.time || found.has(identity.eventId)) return;
    if (identity.meetingId?.toLowerCase() !== meetingId.toLowerCase() || !inWindow(identity.time, window))
      return;
    found.set(identity.eventId, { workflow, event: original(event), time: identity.time });
  };
  const machines = await stage.machines();
  for (const [workflow, arn] of machines) {
    for (const item of await listExecutions(stage.sfn, arn, { startedSince: window.from })) {
      consider((await stage.describe(item.executionArn ?? "", workflow)).input, workflow);
    }
  }
  for (const { queue, letter } of await stage.deadLetters()) consider(letter.event, queue.workflow);
  const toPut = [...found.entries()].sort(([, a], [, b]) => Date.parse(a.time) - Date.parse(b.time));
  const started: { arn: string; workflow: WorkflowName }[] = [];
  for (const [eventId, { workflow, event }] of toPut) {
    const machineArn = machines.get(workflow) ?? "";
    const name = idempotencyKey(eventId, replayName);
    try {
      const { executionArn } = await stage.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: machineArn,
          name,
          input: JSON.stringify(asReplayed(event, replayName)),
        }),
      );
      started.push({ arn: executionArn ?? executionArnOf(machineArn, name), workflow });
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
      started.push({ arn: executionArnOf(machineArn, name), workflow });
    }
    reporter.progress("events", started.length, toPut.length);
  }
  const executions = await waitFor(
    stage,
    () => Promise.all(started.map(({ arn, workflow }) => stage.describe(arn, workflow))),
    reporter,
    false,
  );
  return report(stage, replayName, toPut.length, executions);
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

/**
 * Waits until every execution `list` finds has finished, reporting progress. With `settle`, also until two
 * looks a poll apart find as many executions (EventBridge starts a replay's executions shortly after it).
 */
async function waitFor(
  stage: AwsStage,
  list: () => Promise<DescribedExecution[]>,
  reporter: OpsReporter,
  settle: boolean,
): Promise<DescribedExecution[]> {
  let previous = settle ? -1 : null;
  for (;;) {
    const executions = await list();
    const done = executions.filter((e) => FINISHED.includes(e.status)).length;
    reporter.progress("executions", done, executions.length);
    if (done === executions.length && (previous === null || previous === executions.length))
      return executions;
    if (previous !== null) previous = executions.length;
    await stage.sleep();
  }
}

/** The replay's report; the dead letters of the events it ran successfully are deleted, nothing being left to do. */
async function report(
  stage: AwsStage,
  replayName: string,
  events: number,
  executions: DescribedExecution[],
): Promise<ReplayReport> {
  const resolved = resolvedEvents(executions);
  for (const queue of await stage.queues()) await deleteDeadLetters(stage.sqs, queue, resolved);
  return {
    replayName,
    events,
    executions: executions.length,
    failed: executions.filter((e) => e.status !== "SUCCEEDED").length,
  };
}
