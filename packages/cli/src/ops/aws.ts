import {
  ExecutionDoesNotExist,
  ExecutionLimitExceeded,
  ExecutionNotRedrivable,
  RedriveExecutionCommand,
} from "@aws-sdk/client-sfn";
import type { WorkflowName } from "@medpipe/core/events";
import { messagingRegion } from "@medpipe/core/messaging";
import {
  byTime,
  deadLetterFailure,
  executionFailure,
  InvalidOptionError,
  identifyEvent,
  meetingTimeline,
} from "@medpipe/core/replay";
import { placeLegalHold, releaseLegalHold } from "@medpipe/core/retention";
import { createSupabaseSink, sinkClient } from "@medpipe/core/sink";
import { awsChatFailures, replayAwsChat } from "./aws-chat.js";
import {
  type DescribedExecution,
  eachBounded,
  executionArnOf,
  failedStateOf,
  listExecutions,
  UNSUCCESSFUL,
} from "./aws-executions.js";
import { replayMeeting, replayWindow } from "./aws-replay.js";
import { stateMachineName } from "./aws-resources.js";
import { type AwsStage, type AwsStageOptions, awsStage } from "./aws-stage.js";
import type { OpsBackend, RedriveReport } from "./backend.js";
import { readMeeting } from "./meeting-results.js";

export interface AwsBackendOptions extends AwsStageOptions {
  /** Where SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY come from; the process environment. */
  environment?: Record<string, string | undefined>;
}

/**
 * The ops backend of a deployed stage (`--stage S`): Step Functions executions and history, the dead-letter
 * queues, the event archive (see aws-replay.ts), and the clinic's Supabase for the run log, results and holds.
 * Step Functions is called a few requests at a time, its throttling retried by the SDK's adaptive mode.
 *
 * @example
 * const backend = awsBackend({ stage: "prod", regions: loadConfig("prod").regions });
 * await backend.redrive({ failedSince: new Date(Date.now() - parseDuration("--since", "24h")) }, reporter);
 */
export function awsBackend(options: AwsBackendOptions): OpsBackend {
  const stage = awsStage(options);
  const environment = options.environment ?? process.env;

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
  const legalHold = async () => ({
    sink: createSupabaseSink(supabase()),
    s3: stage.s3,
    buckets: await stage.buckets(),
  });

  return {
    now: async () => new Date(),

    async failures(since, reporter) {
      const listed = await unsuccessfulSince(stage, since);
      const executions = await eachBounded(listed, reporter, "executions", async ({ arn, workflow }) => {
        const e = await stage.describe(arn, workflow);
        return executionFailure({
          name: e.name,
          workflow: e.workflow,
          status: e.status as (typeof UNSUCCESSFUL)[number],
          stopDate: e.stopDate ?? e.startDate,
          failedState: await failedStateOf(stage.sfn, arn),
          error: e.error,
          cause: e.cause,
          input: e.input,
        });
      });
      const letters = (await stage.deadLetters(reporter))
        .filter(({ letter }) => Date.parse(letter.sentAt) >= since.getTime())
        .map(({ letter }) => deadLetterFailure(letter));
      const chat = await awsChatFailures(stage, messagingRegion(environment), since, reporter);
      return byTime([...executions, ...letters, ...chat]);
    },

    replayChat: (since, reporter) => replayAwsChat(stage, messagingRegion(environment), since, reporter),

    replay: (request, reporter) =>
      request.meetingId === null
        ? replayWindow(stage, request, reporter)
        : replayMeeting(stage, { ...request, meetingId: request.meetingId }, supabase(), reporter),

    async redrive(request, reporter) {
      const targets =
        "execution" in request
          ? [await findExecution(stage, request.execution)]
          : await eachBounded(
              await unsuccessfulSince(stage, request.failedSince),
              reporter,
              "executions",
              ({ arn, workflow }) => stage.describe(arn, workflow),
            );
      const report: RedriveReport = { mode: "resumed", redriven: [], notRedriven: [] };
      for (const execution of targets) {
        if (
          execution.redriveStatus === "NOT_REDRIVABLE" ||
          !UNSUCCESSFUL.some((s) => s === execution.status)
        ) {
          const reason =
            execution.redriveStatusReason ?? `Execution is ${execution.status} and cannot be redriven`;
          report.notRedriven.push({ execution: execution.name, reason });
        } else {
          try {
            await stage.sfn.send(new RedriveExecutionCommand({ executionArn: execution.arn }));
            stage.forget(execution.arn);
            const { name, workflow } = execution;
            report.redriven.push({ execution: name, workflow, redrivenAs: name, status: "RUNNING" });
          } catch (error) {
            if (!(error instanceof ExecutionNotRedrivable || error instanceof ExecutionLimitExceeded))
              throw error;
            report.notRedriven.push({ execution: execution.name, reason: `${error.name}: ${error.message}` });
          }
        }
        reporter.progress("redrive", report.redriven.length + report.notRedriven.length, targets.length);
      }
      return report;
    },

    async status(meetingId, reporter) {
      const { runs, results } = await readMeeting(supabase(), meetingId);
      const machines = await stage.machines();
      const known = runs.flatMap((run) => {
        const machineArn = machines.get(run.workflow as WorkflowName);
        return machineArn
          ? [{ arn: executionArnOf(machineArn, run.execution), workflow: run.workflow as WorkflowName }]
          : [];
      });
      const executions = (
        await eachBounded(known, reporter, "executions", async ({ arn, workflow }) => {
          try {
            const described = await stage.describe(arn, workflow);
            const unsuccessful = UNSUCCESSFUL.some((s) => s === described.status);
            return [{ ...described, failedState: unsuccessful ? await failedStateOf(stage.sfn, arn) : null }];
          } catch (error) {
            if (error instanceof ExecutionDoesNotExist) return [];
            throw error;
          }
        })
      ).flat();
      const letters = (await stage.deadLetters(reporter))
        .map(({ letter }) => letter.event)
        .filter((event) => identifyEvent(event).meetingId?.toLowerCase() === meetingId.toLowerCase());
      return meetingTimeline({
        events: [...executions.map((e) => e.input), ...letters],
        executions,
        runs,
        results,
      });
    },

    hold: async (meetingId, reason) => placeLegalHold({ ...(await legalHold()), meetingId, reason }),
    release: async (meetingId) => releaseLegalHold({ ...(await legalHold()), meetingId }),
  };
}

/** Failed, timed-out and aborted executions of every workflow that stopped at or after `since` (ListExecutions). */
async function unsuccessfulSince(
  stage: AwsStage,
  since: Date,
): Promise<{ arn: string; workflow: WorkflowName }[]> {
  const found: { arn: string; workflow: WorkflowName }[] = [];
  for (const [workflow, arn] of await stage.machines()) {
    for (const status of UNSUCCESSFUL) {
      for (const item of await listExecutions(stage.sfn, arn, { status })) {
        if ((item.stopDate ?? item.startDate ?? new Date(0)).getTime() < since.getTime()) continue;
        found.push({ arn: item.executionArn ?? "", workflow });
      }
    }
  }
  return found;
}

/** An execution by ARN, or by name in whichever of the stage's state machines ran it. */
async function findExecution(stage: AwsStage, reference: string): Promise<DescribedExecution> {
  const byArn = reference.startsWith("arn:");
  for (const [workflow, machineArn] of await stage.machines()) {
    if (byArn && !reference.includes(`:execution:${stateMachineName(stage.stage, workflow)}:`)) continue;
    try {
      return await stage.describe(byArn ? reference : executionArnOf(machineArn, reference), workflow);
    } catch (error) {
      if (!(error instanceof ExecutionDoesNotExist)) throw error;
    }
  }
  throw new InvalidOptionError(
    "<execution>",
    `${reference} is no execution of stage ${stage.stage} in ${stage.region}`,
  );
}
