import { parseDuration, parseWindow } from "@medpipe/core/replay";
import { meetingIdArgument, openBackend, opsAction, opsCommand, type TargetOptions } from "../ops/command.js";
import { progressBars } from "../ops/progress.js";

/**
 * `medpipe replay --from T --to T [--meeting ID]`: re-delivers the archived events of a window under a new
 * replay name, so that every workflow runs them again; every writer is idempotent, so results are rewritten,
 * never duplicated. The replay's name first and progress on stderr, then one JSON line `{ replayName, events,
 * executions, failed, running }`; exits 1 when an execution of the replay failed or was still running when the
 * wait (`--max-wait`) ended.
 */
export const replayCommand = opsCommand("replay")
  .description("replay the archived events of a time window (or one meeting's), without duplicating results")
  .requiredOption("--from <time>", "replay events whose time is at or after this ISO-8601 time (with a zone)")
  .requiredOption("--to <time>", "and before this one")
  .option("--meeting <meetingId>", "only this meeting's events (in AWS: re-put into their workflows)")
  .option("--max-wait <duration>", "how long to wait for the replay's executions to finish: 30m, 3h", "30m")
  .action(
    opsAction(
      async (options: TargetOptions & { from: string; to: string; meeting?: string; maxWait: string }) => {
        const window = parseWindow(options);
        const maxWaitMilliseconds = parseDuration("--max-wait", options.maxWait);
        const meetingId =
          options.meeting === undefined ? null : meetingIdArgument("--meeting", options.meeting);
        const backend = await openBackend(options);
        const reporter = progressBars();
        const report = await backend
          .replay({ window, meetingId, maxWaitMilliseconds }, reporter)
          .finally(() => reporter.stop());
        if (report.events === 0) reporter.note("no archived events in the window: nothing was replayed");
        process.stdout.write(`${JSON.stringify(report)}\n`);
        return report.failed > 0 || report.running > 0 ? 1 : 0;
      },
    ),
  );
