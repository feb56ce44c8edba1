import { InvalidOptionError } from "@medpipe/core/replay";
import { checklistText, exitCodeOf } from "../doctor/checklist.js";
import { opsAction, opsCommand, type TargetOptions } from "../ops/command.js";

/**
 * `medpipe doctor --stage S [--consults N]` (or `--out DIR` for a local run): checks what a deploy needs and
 * cannot create itself, prints one line per check with the fix under each failure, and exits 0 when every check
 * holds, 1 otherwise.
 */
export const doctorCommand = opsCommand("doctor")
  .description("check what a deploy needs and cannot create itself; exit 1 naming each failure and its fix")
  .option("--consults <n>", "consults expected at once, to compare the media pipelines quota with")
  .action(
    opsAction(async (options: TargetOptions & { consults?: string }) => {
      const consults = options.consults === undefined ? null : Number(options.consults);
      if (consults !== null && !(Number.isInteger(consults) && consults > 0)) {
        throw new InvalidOptionError("--consults", "must be a whole number of consults, 1 or more");
      }
      if ((options.out === undefined) === (options.stage === undefined)) {
        throw new InvalidOptionError(
          "--out",
          "or --stage is needed, not both: a local run's directory, or a stage",
        );
      }
      const { loadConfig } = await import("@medpipe/core/config");
      const { synthesize } = await import("../../../../stacks/synthesize.js");
      const { LOCAL_STAGE } = await import("../local/run.js");
      const stage = options.stage ?? LOCAL_STAGE;
      const config = loadConfig(stage);
      const { templates } = await synthesize({ stage, region: config.regions.data, checks: false });
      const checks =
        options.out !== undefined
          ? await (await import("../doctor/local-doctor.js")).checkLocalRun({
              out: options.out,
              config,
              templates,
            })
          : await (await import("../doctor/aws-doctor.js")).checkAwsStage({
              stage,
              config,
              templates,
              consults,
            });
      process.stdout.write(checklistText(checks));
      return exitCodeOf(checks);
    }),
  );
