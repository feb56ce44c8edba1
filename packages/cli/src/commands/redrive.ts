import { InvalidOptionError, parseDuration } from "@medpipe/core/replay";
import { openBackend, opsAction, opsCommand, type TargetOptions } from "../ops/command.js";
import { progressBars } from "../ops/progress.js";

/**
 * `medpipe redrive <execution>` or `medpipe redrive --all-failed [--since 24h]`: Step Functions RedriveExecution
 * (Standard workflows, failed within 14 days: it resumes at the failed state with the same input). Prints one
 * JSON line `{ mode, redriven, notRedriven }`; exits 1 when one could not be redriven or failed again.
 */
export const redriveCommand = opsCommand("redrive")
  .description("redrive a failed execution from its failed state, or every one failed since a time")
  .argument("[execution]", "the execution's name as medpipe failures lists it (in AWS, an ARN too)")
  .option("--all-failed", "redrive every failed, timed-out or aborted execution since --since")
  .option("--since <duration>", "with --all-failed: how far back (90m, 24h, 7d)", "24h")
  .action(
    opsAction(
      async (
        execution: string | undefined,
        options: TargetOptions & { allFailed?: boolean; since: string },
      ) => {
        if (execution !== undefined && options.allFailed) {
          throw new InvalidOptionError("--all-failed", "cannot be given with an execution");
        }
        if (execution === undefined && !options.allFailed) {
          throw new InvalidOptionError("<execution>", "or --all-failed is needed");
        }
        const lookBack = execution === undefined ? parseDuration("--since", options.since) : 0;
        const backend = await openBackend(options);
        const request =
          execution !== undefined
            ? { execution }
            : { failedSince: new Date((await backend.now()).getTime() - lookBack) };
        const reporter = progressBars();
        const report = await backend.redrive(request, reporter).finally(() => reporter.stop());
        for (const { execution: name, reason } of report.notRedriven)
          reporter.note(`${name} not redriven: ${reason}`);
        process.stdout.write(`${JSON.stringify(report)}\n`);
        return report.notRedriven.length > 0 || report.redriven.some((r) => r.status === "FAILED") ? 1 : 0;
      },
    ),
  );
