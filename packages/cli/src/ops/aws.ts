import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListRuleNamesByTargetCommand,
  StartReplayCommand,
} from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionLimitExceeded,
  ExecutionNotRedrivable,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { SQSClient } from "@aws-sdk/client-sqs";
import { idempotencyKey, type WorkflowName } from "@medpipe/core/events";
import {
  asReplayed,
  byTime,
  type DeadLetter,
  deadLetterFailure,
  executionFailure,
  InvalidOptionError,
  identifyEvent,
  inWindow,
  meetingTimeline,
  original,
  replayNameAt,
  resolvedEvents,
  type TimeWindow,
} from "@medpipe/core/replay";
import { placeLegalHold, releaseLegalHold } from "@medpipe/core/retention";
import { createSupabaseSink, sinkClient } from "@medpipe/core/sink";
import { deleteDeadLetters, peekDeadLetters } from "./aws-dead-letters.js";
import {
  type DescribedExecution,
  describeExecution,
  executionArnOf,
  FINISHED,
  failedStateOf,
  listExecutions,
  UNSUCCESSFUL,
} from "./aws-executions.js";
import {
  archiveName,
  type DeadLetterQueue,
  findDeadLetterQueues,
  findStateMachines,
  StageNotFoundError,
  stateMachineName,
} from "./aws-resources.js";
import type { OpsBackend, OpsReporter, ReplayReport } from "./backend.js";
import { readMeeting } from "./meeting-results.js";

export interface AwsBackendOptions {
  stage: string;
  /** The stage's data region, where the pipeline runs (its configuration's `regions.data`). */
  region: string;
  now?: () => Date;
  /** Between two looks at a replay or at executions under way; 5 s. */
  pollMilliseconds?: number;
  /** Where SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY come from; the process environment. */
  environment?: Record<string, string | undefined>;
}

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
 * The ops backend of a deployed stage (`--stage S`): Step Functions executions and history, the rules'
 * dead-letter queues, the event archive (StartReplay, DescribeReplay), and the clinic's Supabase for results.
 *
 * @example
 * const backend = awsBackend({ stage: "prod", region: loadConfig("prod").regions.data });
 * await backend.redrive({ failedSince: parseSince("24h", new Date()) }, reporter);
 */
export function awsBackend(options: AwsBackendOptions): OpsBackend {
  const { stage, region } = options;
  const now = options.now ?? (() => new Date());
  const pollMillis = options.pollMilliseconds ?? 5_000;
  const environment = options.environment ?? process.env;
  const sfn = new SFNClient({ region });
  const sqs = new SQSClient({ region });
  const eventBridge = new EventBridgeClient({ region });
  const machines = once(() => findStateMachines(sfn, stage, region));
  const queues = once(() => findDeadLetterQueues(sqs, stage, region));
  /** Finished executions do not change: each is described once. */
  const finished = new Map<string, DescribedExecution>();
  const describe = async (arn: string, workflow: WorkflowName) => {
    const known = finished.get(arn);
    if (known) return known;
    const described = await describeExecution(sfn, arn, workflow);
    if (FINISHED.includes(described.status)) finished.set(arn, described);
    return described;
  };
  const sleep = () => new Promise((resolve) => setTimeout(resolve, pollMillis));

  async function unsuccessfulSince(since: Date): Promise<DescribedExecution[]> {
    const found: DescribedExecution[] = [];
    for (const [workflow, arn] of await machines()) {
      for (const status of UNSUCCESSFUL) {
        for (const item of await listExecutions(sfn, arn, { status })) {
          if ((item.stopDate ?? item.startDate ?? new Date(0)).getTime() < since.getTime()) continue;
          found.push(await describe(item.executionArn ?? "", workflow));
        }
      }
    }
    return found;
  }

  async function deadLetters(): Promise<{ queue: DeadLetterQueue; letter: DeadLetter }[]> {
    const peeked = await Promise.all(
      (await queues()).map(async (queue) =>
        (await peekDeadLetters(sqs, queue)).map((letter) => ({ queue, letter })),
      ),
    );
    return peeked.flat();
  }

  /**
   * Waits until every execution `list` finds has finished, reporting progress. With `settle`, also until two
   * looks a poll apart find as many executions (EventBridge starts a replay's executions shortly after).
   */
  async function waitFor(
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
      await sleep();
    }
  }

  async function report(replayName: string, events: number, executions: DescribedExecution[]) {
    const resolved = resolvedEvents(executions);
    for (const queue of await queues()) await deleteDeadLetters(sqs, queue, resolved);
    return {
      replayName,
      events,
      executions: executions.length,
      failed: executions.filter((e) => e.status !== "SUCCEEDED").length,
    } satisfies ReplayReport;
  }

  async function ruleArns(): Promise<string[]> {
    const arns: string[] = [];
    for (const machineArn of (await machines()).values()) {
      let nextToken: string | undefined;
      do {
        const page = await eventBridge.send(
          new ListRuleNamesByTargetCommand({ TargetArn: machineArn, NextToken: nextToken }),
        );
        for (const name of page.RuleNames ?? []) {
          const rule = await eventBridge.send(new DescribeRuleCommand({ Name: name }));
          if (rule.Arn) arns.push(rule.Arn);
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
    if (arns.length === 0) throw new StageNotFoundError(stage, region, "rules targeting the state machines");
    return arns;
  }

  /** StartReplay of the window on the archive, to the rules of the stage only, then its executions. */
  async function replayWindow(window: TimeWindow, reporter: OpsReporter): Promise<ReplayReport> {
    const replayName = replayNameAt(now());
    if (window.to.getTime() > now().getTime() - ARCHIVE_DELAY_MILLIS) {
      reporter.note(
        "events of the last 10 minutes may not be archived yet; replay them again later if any are missing",
      );
    }
    const archive = await eventBridge.send(new DescribeArchiveCommand({ ArchiveName: archiveName(stage) }));
    const filterArns = await ruleArns();
    const startedAt = now();
    await eventBridge.send(
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
      const replay = await eventBridge.send(new DescribeReplayCommand({ ReplayName: replayName }));
      const last = replay.EventLastReplayedTime?.getTime() ?? window.from.getTime();
      const percent =
        replay.State === "COMPLETED" ? 100 : Math.round((100 * (last - window.from.getTime())) / span);
      reporter.progress("replay", Math.min(100, Math.max(0, percent)), 100);
      if (replay.State === "COMPLETED") break;
      if (replay.State === "FAILED" || replay.State === "CANCELLED") {
        throw new ReplayFailedError(replayName, replay.State, replay.StateReason ?? null);
      }
      await sleep();
    }
    const since = new Date(startedAt.getTime() - 60_000);
    const executions = await waitFor(
      async () => {
        const found: DescribedExecution[] = [];
        for (const [workflow, arn] of await machines()) {
          for (const item of await listExecutions(sfn, arn, { startedSince: since })) {
            const described = await describe(item.executionArn ?? "", workflow);
            if (identifyEvent(described.input).replayName === replayName) found.push(described);
          }
        }
        return found;
      },
      reporter,
      true,
    );
    const events = new Set(executions.map((e) => identifyEvent(e.input).eventId)).size;
    return report(replayName, events, executions);
  }

  /**
   * A meeting's events cannot be picked out of an archive replay: they are re-put, each straight into the
   * workflow that ran it (`aws.*` events cannot be put on a bus by PutEvents), found in the inputs of the
   * executions started since the window began and in the dead-letter queues.
   */
  async function replayMeeting(
    window: TimeWindow,
    meetingId: string,
    reporter: OpsReporter,
  ): Promise<ReplayReport> {
    const replayName = replayNameAt(now());
    const found = new Map<string, { workflow: WorkflowName; event: Record<string, unknown>; time: string }>();
    const consider = (event: unknown, workflow: WorkflowName) => {
      const identity = identifyEvent(event);
      if (!identity.eventId || !identity.time || found.has(identity.eventId)) return;
      if (identity.meetingId?.toLowerCase() !== meetingId.toLowerCase() || !inWindow(identity.time, window))
        return;
      found.set(identity.eventId, { workflow, event: original(event), time: identity.time });
    };
    for (const [workflow, arn] of await machines()) {
      for (const item of await listExecutions(sfn, arn, { startedSince: window.from })) {
        consider((await describe(item.executionArn ?? "", workflow)).input, workflow);
      }
    }
    for (const { queue, letter } of await deadLetters()) consider(letter.event, queue.workflow);
    const toPut = [...found.entries()].sort(([, a], [, b]) => Date.parse(a.time) - Date.parse(b.time));
    const started: { arn: string; workflow: WorkflowName }[] = [];
    for (const [eventId, { workflow, event }] of toPut) {
      const machineArn = (await machines()).get(workflow) ?? "";
      const name = idempotencyKey(eventId, replayName);
      try {
        const { executionArn } = await sfn.send(
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
      () => Promise.all(started.map(({ arn, workflow }) => describe(arn, workflow))),
      reporter,
      false,
    );
    return report(replayName, toPut.length, executions);
  }

  async function findExecution(reference: string): Promise<DescribedExecution> {
    for (const [workflow, machineArn] of await machines()) {
      const named = reference.startsWith("arn:")
        ? reference.split(":execution:")[1]?.startsWith(`${stateMachineName(stage, workflow)}:`)
        : true;
      if (!named) continue;
      const arn = reference.startsWith("arn:") ? reference : executionArnOf(machineArn, reference);
      try {
        return await describe(arn, workflow);
      } catch (error) {
        if (!(error instanceof ExecutionDoesNotExist)) throw error;
      }
    }
    throw new InvalidOptionError(
      "<execution>",
      `${reference} is no execution of stage ${stage} in ${region}`,
    );
  }

  function supabase() {
    const url = environment.SUPABASE_URL;
    const serviceRoleKey = environment.SUPABASE_SERVICE_ROLE_KEY;
    if (!url)
      throw new InvalidOptionError("SUPABASE_URL", "must be set to the clinic's Supabase URL for --stage");
    if (!serviceRoleKey) {
      throw new InvalidOptionError(
        "SUPABASE_SERVICE_ROLE_KEY",
        "must be set to its service-role key for --stage",
      );
    }
    return sinkClient({ url, serviceRoleKey });
  }

  const legalHold = () => ({ sink: createSupabaseSink(supabase()), s3: new S3Client({ region }) });

  return {
    async failures(since) {
      const executions = await Promise.all(
        (await unsuccessfulSince(since)).map(async (e) =>
          executionFailure({
            name: e.name,
            workflow: e.workflow,
            status: e.status as (typeof UNSUCCESSFUL)[number],
            stopDate: e.stopDate ?? e.startDate,
            failedState: await failedStateOf(sfn, e.arn),
            error: e.error,
            cause: e.cause,
            input: e.input,
          }),
        ),
      );
      const letters = (await deadLetters())
        .filter(({ letter }) => Date.parse(letter.sentAt) >= since.getTime())
        .map(({ letter }) => deadLetterFailure(letter));
      return byTime([...executions, ...letters]);
    },

    replay: ({ window, meetingId }, reporter) =>
      meetingId === null ? replayWindow(window, reporter) : replayMeeting(window, meetingId, reporter),

    async redrive(request, reporter) {
      const targets =
        "execution" in request
          ? [await findExecution(request.execution)]
          : await unsuccessfulSince(request.failedSince);
      const redriven: { execution: string; workflow: string; redrivenAs: string; status: string }[] = [];
      const notRedriven: { execution: string; reason: string }[] = [];
      for (const execution of targets) {
        if (
          execution.redriveStatus === "NOT_REDRIVABLE" ||
          !UNSUCCESSFUL.some((s) => s === execution.status)
        ) {
          const reason =
            execution.redriveStatusReason ?? `Execution is ${execution.status} and cannot be redriven`;
          notRedriven.push({ execution: execution.name, reason });
        } else {
          try {
            await sfn.send(new RedriveExecutionCommand({ executionArn: execution.arn }));
            finished.delete(execution.arn);
            const { name, workflow } = execution;
            redriven.push({ execution: name, workflow, redrivenAs: name, status: "RUNNING" });
          } catch (error) {
            if (!(error instanceof ExecutionNotRedrivable || error instanceof ExecutionLimitExceeded))
              throw error;
            notRedriven.push({ execution: execution.name, reason: `${error.name}: ${error.message}` });
          }
        }
        reporter.progress("executions", redriven.length + notRedriven.length, targets.length);
      }
      return { mode: "resumed", redriven, notRedriven };
    },

    async status(meetingId) {
      const { runs, results } = await readMeeting(supabase(), meetingId);
      const arns = await machines();
      const executions = (
        await Promise.all(
          runs.map(async (run) => {
            const machineArn = arns.get(run.workflow as WorkflowName);
            if (!machineArn) return [];
            try {
              const described = await describe(
                executionArnOf(machineArn, run.execution),
                run.workflow as WorkflowName,
              );
              const unsuccessful = UNSUCCESSFUL.some((s) => s === described.status);
              return [
                { ...described, failedState: unsuccessful ? await failedStateOf(sfn, described.arn) : null },
              ];
            } catch (error) {
              if (error instanceof ExecutionDoesNotExist) return [];
              throw error;
            }
          }),
        )
      ).flat();
      const letters = (await deadLetters())
        .map(({ letter }) => letter.event)
        .filter((event) => identifyEvent(event).meetingId?.toLowerCase() === meetingId.toLowerCase());
      return meetingTimeline({
        events: [...executions.map((e) => e.input), ...letters],
        executions,
        runs,
        results,
      });
    },

    hold: async (meetingId, reason) => placeLegalHold({ ...legalHold(), meetingId, reason }),
    release: async (meetingId) => releaseLegalHold({ ...legalHold(), meetingId }),
  };
}

/** Calls `load` the first time only: each command looks the stage's resources up once. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}
